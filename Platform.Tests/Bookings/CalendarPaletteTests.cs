using Platform.Core.Bookings;
using Platform.Tests.Support;
using Platform.Web.Components.Pages.App.Calendar;

namespace Platform.Tests.Bookings;

/// <summary>Every status colour's text is readable on its block, in the light and the dark theme (WCAG AA, 4.5:1).</summary>
public class CalendarPaletteTests
{
    public static TheoryData<BookingStatus, bool> Statuses()
    {
        var data = new TheoryData<BookingStatus, bool>();
        foreach (var status in Enum.GetValues<BookingStatus>())
        {
            data.Add(status, false);
            data.Add(status, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Statuses))]
    public void A_status_text_on_its_block_has_at_least_AA_contrast(BookingStatus status, bool dark)
    {
        var colors = CalendarPalette.Of(status, dark);
        var ratio = CalendarPalette.Contrast(colors.Text, colors.Background);
        Assert.True(ratio >= CalendarPalette.MinimumContrast, $"{status} ({(dark ? "dark" : "light")}): {ratio:0.00}:1");
    }

    [Fact]
    public void The_contrast_formula_gives_the_known_ratios()
    {
        Assert.Equal(21, CalendarPalette.Contrast("#000000", "#FFFFFF"), 2);
        Assert.Equal(1, CalendarPalette.Contrast("#777777", "#777777"), 2);
        Assert.Equal(4.48, CalendarPalette.Contrast("#777777", "#FFFFFF"), 2);
    }

    [Fact]
    public void The_stylesheet_holds_the_light_palette_for_pages_that_do_not_add_the_themes_own()
    {
        var css = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "Platform.Web", "wwwroot", "app.css"));
        foreach (var rule in CalendarPalette.Css(dark: false).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.Contains(rule, css, StringComparison.Ordinal);
        }
    }
}
