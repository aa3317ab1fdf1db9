using System.Globalization;
using System.Text;
using Platform.Core.Bookings;

namespace Platform.Web.Components.Pages.App.Calendar;

/// <summary>A status's colours on the calendar: the block, its text, and the stripe on its left edge.</summary>
public sealed record StatusColors(string Background, string Text, string Accent);

/// <summary>
/// The calendar's status colours for the light and the dark theme. Every block's text is one colour chosen for its
/// background (never the theme's text colour, which is near white in the dark theme), and a test holds every pair to
/// WCAG AA (4.5:1).
/// </summary>
public static class CalendarPalette
{
    /// <summary>WCAG AA for normal text.</summary>
    public const double MinimumContrast = 4.5;

    private static readonly Dictionary<BookingStatus, StatusColors> Light = new()
    {
        [BookingStatus.Pending] = new("#FFF4E0", "#5C3A00", "#B26A00"),
        [BookingStatus.Confirmed] = new("#E3EFFC", "#0D3C75", "#1565C0"),
        [BookingStatus.Completed] = new("#E6F4E7", "#1B4D1E", "#2E7D32"),
        [BookingStatus.NoShow] = new("#EEEEEE", "#424242", "#757575"),
        [BookingStatus.Cancelled] = new("#F5F5F5", "#616161", "#9E9E9E"),
        [BookingStatus.Rejected] = new("#F5F5F5", "#616161", "#9E9E9E"),
    };

    private static readonly Dictionary<BookingStatus, StatusColors> Dark = new()
    {
        [BookingStatus.Pending] = new("#4A3200", "#FFE0B2", "#FFB74D"),
        [BookingStatus.Confirmed] = new("#0D3C75", "#E3EFFC", "#64B5F6"),
        [BookingStatus.Completed] = new("#1B4D1E", "#E6F4E7", "#81C784"),
        [BookingStatus.NoShow] = new("#3A3A3A", "#E0E0E0", "#9E9E9E"),
        [BookingStatus.Cancelled] = new("#2E2E2E", "#BDBDBD", "#757575"),
        [BookingStatus.Rejected] = new("#2E2E2E", "#BDBDBD", "#757575"),
    };

    public static StatusColors Of(BookingStatus status, bool dark) => (dark ? Dark : Light)[status];

    /// <summary>The status classes' rules for the theme, for a style element on the calendar and the agenda.</summary>
    public static string Css(bool dark)
    {
        var css = new StringBuilder();
        foreach (var status in Enum.GetValues<BookingStatus>())
        {
            var c = Of(status, dark);
            css.Append(CultureInfo.InvariantCulture, $".{CalendarGrid.StatusClass(status)} {{ color: {c.Text}; background: {c.Background}; border-left-color: {c.Accent}; }}\n");
        }

        return css.ToString();
    }

    /// <summary>The WCAG contrast ratio of two #RRGGBB colours, from 1 to 21.</summary>
    public static double Contrast(string foreground, string background)
    {
        var (a, b) = (Luminance(foreground), Luminance(background));
        return (Math.Max(a, b) + 0.05) / (Math.Min(a, b) + 0.05);
    }

    /// <summary>The relative luminance of #RRGGBB (WCAG 2).</summary>
    public static double Luminance(string hex)
    {
        var rgb = int.Parse(hex.AsSpan(1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return (0.2126 * Channel(rgb >> 16)) + (0.7152 * Channel(rgb >> 8)) + (0.0722 * Channel(rgb));
    }

    private static double Channel(int value)
    {
        var c = (value & 0xFF) / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
    }
}
