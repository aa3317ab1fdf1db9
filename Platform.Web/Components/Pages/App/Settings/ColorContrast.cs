using System.Globalization;

namespace Platform.Web.Components.Pages.App.Settings;

/// <summary>Small colour helpers for the theme editor: tidying typed hex values and WCAG contrast.</summary>
public static class ColorContrast
{
    /// <summary>"1565c0" and "#abc" become "#1565C0" and "#AABBCC"; anything else is returned trimmed, for validation to judge.</summary>
    public static string NormalizeHex(string value)
    {
        var hex = value.Trim().TrimStart('#');
        if (hex.Length == 3 && hex.All(char.IsAsciiHexDigit))
        {
            hex = string.Concat(hex.Select(c => new string(c, 2)));
        }

        return hex.Length == 6 && hex.All(char.IsAsciiHexDigit) ? "#" + hex.ToUpperInvariant() : value.Trim();
    }

    /// <summary>The WCAG contrast ratio of white text on the colour (1 to 21); 21 for anything that is not #RRGGBB.</summary>
    public static double AgainstWhite(string hex)
    {
        if (hex.Length != 7 || !int.TryParse(hex.AsSpan(1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var rgb))
        {
            return 21;
        }

        var luminance = (0.2126 * Channel(rgb >> 16)) + (0.7152 * Channel(rgb >> 8)) + (0.0722 * Channel(rgb));
        return 1.05 / (luminance + 0.05);
    }

    private static double Channel(int value)
    {
        var c = (value & 0xFF) / 255.0;
        return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
    }
}
