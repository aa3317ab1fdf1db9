using System.Globalization;
using MudBlazor.Utilities;
using Platform.Core.Tenancy;

namespace Platform.Web.Components.Shared.Charts;

/// <summary>The chart kinds the platform draws.</summary>
public enum ChartKind
{
    Line,
    Bar,
    StackedBar,
    Doughnut,
}

/// <summary>One named row of values, one value per label.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<double> Values);

/// <summary>What a chart shows: its kind, the labels along it (days, services...) and one or more series of values.</summary>
public sealed record ChartSpec(ChartKind Kind, IReadOnlyList<string> Labels, IReadOnlyList<ChartSeries> Series)
{
    public bool IsEmpty => Labels.Count == 0 || Series.All(s => s.Values.All(v => v == 0));

    /// <summary>The spec as js/charts.js reads it, in the tenant's colours and the page's light or dark, in the reader's culture.</summary>
    public object ForBrowser(TenantTheme theme) => new
    {
        kind = Kind switch
        {
            ChartKind.Line => "line",
            ChartKind.Bar => "bar",
            ChartKind.StackedBar => "stackedBar",
            _ => "doughnut",
        },
        labels = Labels,
        series = Series.Select(s => new { name = s.Name, values = s.Values }),
        theme = ChartTheme.Of(theme),
        locale = CultureInfo.CurrentCulture.Name,
    };
}

/// <summary>
/// A chart's colours from the tenant's theme: its primary and secondary colours and shades of them, lighter in the
/// dark theme, with text and grid lines that read on the page's surface.
/// </summary>
public sealed record ChartTheme(IReadOnlyList<string> Colors, string Text, string Grid, string Surface)
{
    public static ChartTheme Of(TenantTheme theme)
    {
        var primary = new MudColor(theme.PrimaryColor);
        var secondary = new MudColor(theme.SecondaryColor);
        var shades = theme.DarkMode
            ? new[] { primary.ColorLighten(0.12), secondary, primary.ColorLighten(0.3), secondary.ColorLighten(0.2), primary.ColorLighten(0.45), secondary.ColorDarken(0.15) }
            : new[] { primary, secondary, primary.ColorLighten(0.25), secondary.ColorDarken(0.2), primary.ColorDarken(0.2), secondary.ColorLighten(0.25) };
        return new ChartTheme(
            [.. shades.Select(c => c.ToString(MudColorOutputFormats.Hex))],
            theme.DarkMode ? "#e0e0e0" : "#424242",
            theme.DarkMode ? "rgba(255,255,255,0.12)" : "rgba(0,0,0,0.1)",
            theme.DarkMode ? "#1e1e2d" : "#ffffff");
    }
}
