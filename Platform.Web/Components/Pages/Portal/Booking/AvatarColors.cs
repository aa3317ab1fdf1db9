using MudBlazor.Utilities;
using Platform.Core.Tenancy;

namespace Platform.Web.Components.Pages.Portal.Booking;

/// <summary>
/// The colours of a person's initials avatar: a shade of the tenant's primary or secondary colour chosen by the person's
/// id (so each keeps theirs), with black or white initials, whichever contrasts more (at least 4.5:1 on any colour).
/// </summary>
public static class AvatarColors
{
    public static (string Background, string Text) For(Guid id, TenantTheme theme)
    {
        var shades = Shades(theme);
        var background = shades[(int)(BitConverter.ToUInt32(id.ToByteArray(), 12) % (uint)shades.Count)];
        var text = Contrast(background, "#000000") >= Contrast(background, "#FFFFFF") ? "#000000" : "#FFFFFF";
        return (background, text);
    }

    /// <summary>The WCAG contrast ratio of two colours, from 1 to 21.</summary>
    public static double Contrast(string a, string b)
    {
        var (la, lb) = (Luminance(new MudColor(a)), Luminance(new MudColor(b)));
        return (Math.Max(la, lb) + 0.05) / (Math.Min(la, lb) + 0.05);
    }

    /// <summary>The initials of a name: the first letters of its first and last words, e.g. "DO" for "Dr. Dana Ortiz".</summary>
    public static string Initials(string name)
    {
        var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(w => char.IsLetterOrDigit(w[0]) && !w.EndsWith('.'))
            .ToList();
        if (words.Count == 0)
        {
            return name.Trim() is { Length: > 0 } trimmed ? trimmed[..1].ToUpperInvariant() : "?";
        }

        var first = char.ToUpperInvariant(words[0][0]).ToString();
        return words.Count == 1 ? first : first + char.ToUpperInvariant(words[^1][0]);
    }

    private static List<string> Shades(TenantTheme theme)
    {
        var primary = new MudColor(theme.PrimaryColor);
        var secondary = new MudColor(theme.SecondaryColor);
        return [.. new[] { primary, secondary, primary.ColorDarken(0.15), secondary.ColorDarken(0.15), primary.ColorLighten(0.2), secondary.ColorLighten(0.2) }
            .Select(c => c.ToString(MudColorOutputFormats.Hex).ToUpperInvariant())];
    }

    private static double Luminance(MudColor color)
    {
        static double Channel(byte value)
        {
            var c = value / 255.0;
            return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }

        return (0.2126 * Channel(color.R)) + (0.7152 * Channel(color.G)) + (0.0722 * Channel(color.B));
    }
}
