using MudBlazor;
using Platform.Core.Tenancy;

namespace Platform.Web.Theming;

/// <summary>Turns a tenant's theme into the <see cref="MudTheme"/> its pages render with.</summary>
public static class TenantThemes
{
    /// <summary>The platform's own look, for the host side and the marketing page.</summary>
    public static readonly TenantTheme Platform = new() { PrimaryColor = "#37474F", SecondaryColor = "#26A69A" };

    public static string FontStack(ThemeFont font) => font switch
    {
        ThemeFont.Humanist => "\"Segoe UI\", \"Noto Sans\", \"DejaVu Sans\", Candara, Optima, sans-serif",
        ThemeFont.Serif => "Georgia, \"Noto Serif\", \"DejaVu Serif\", \"Times New Roman\", serif",
        ThemeFont.Rounded => "ui-rounded, \"SF Pro Rounded\", \"Nunito\", \"Varela Round\", \"Noto Sans\", sans-serif",
        ThemeFont.Monospace => "ui-monospace, \"DejaVu Sans Mono\", \"Liberation Mono\", Menlo, monospace",
        _ => "system-ui, -apple-system, \"Segoe UI\", Roboto, \"Noto Sans\", \"Liberation Sans\", Arial, sans-serif",
    };

    public static string FontLabel(ThemeFont font) => font switch
    {
        ThemeFont.Humanist => "Humanist sans",
        ThemeFont.Serif => "Serif",
        ThemeFont.Rounded => "Rounded",
        ThemeFont.Monospace => "Monospace",
        _ => "System",
    };

    public static MudTheme ToMudTheme(TenantTheme theme)
    {
        var fonts = FontStack(theme.Font).Split(", ").Select(f => f.Trim('"')).ToArray();
        return new MudTheme
        {
            PaletteLight = new PaletteLight
            {
                Primary = theme.PrimaryColor,
                Secondary = theme.SecondaryColor,
                AppbarBackground = theme.PrimaryColor,
                Background = "#F7F8FA",
            },
            PaletteDark = new PaletteDark
            {
                Primary = Lighten(theme.PrimaryColor),
                Secondary = theme.SecondaryColor,
                AppbarBackground = "#1E1E2D",
            },
            Typography = new Typography
            {
                Default = new DefaultTypography { FontFamily = fonts },
                H1 = new H1Typography { FontFamily = fonts },
                H2 = new H2Typography { FontFamily = fonts },
                H3 = new H3Typography { FontFamily = fonts },
                H4 = new H4Typography { FontFamily = fonts },
                H5 = new H5Typography { FontFamily = fonts },
                H6 = new H6Typography { FontFamily = fonts },
                Button = new ButtonTypography { FontFamily = fonts },
            },
            LayoutProperties = new LayoutProperties { DefaultBorderRadius = "8px" },
        };
    }

    /// <summary>Dark backgrounds need a lighter primary to keep contrast.</summary>
    private static string Lighten(string hex)
    {
        var color = new MudBlazor.Utilities.MudColor(hex);
        return color.ColorLighten(0.12).ToString(MudBlazor.Utilities.MudColorOutputFormats.Hex);
    }
}
