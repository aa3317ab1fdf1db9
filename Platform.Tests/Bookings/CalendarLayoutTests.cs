using Platform.Core.Bookings;
using Platform.Core.Common;
using Platform.Infrastructure.Bookings;
using Platform.Web.Components.Pages.App.Calendar;

namespace Platform.Tests.Bookings;

/// <summary>The grid's layout: bookings that overlap on screen are laid out beside each other, never on top.</summary>
public class CalendarLayoutTests
{
    private const string Zone = "America/New_York";

    // Wednesday 13 January 2027 in New York (UTC-5).
    private static readonly DateOnly Day = new(2027, 1, 13);

    private static readonly CalendarProvider Sam = new(Guid.NewGuid(), "Sam Rivera", Zone);
    private static readonly CalendarProvider Jo = new(Guid.NewGuid(), "Jo Chen", Zone);

    private static CalendarBooking At(CalendarProvider provider, int hour, int minute, int minutes, string customer = "Casey") => new(
        Guid.NewGuid(), Guid.NewGuid(), provider.Id, provider.DisplayName, "Session", customer,
        new DateTimeOffset(Day.Year, Day.Month, Day.Day, hour, minute, 0, TimeSpan.FromHours(-5)).ToUniversalTime(),
        new DateTimeOffset(Day.Year, Day.Month, Day.Day, hour, minute, 0, TimeSpan.FromHours(-5)).ToUniversalTime().AddMinutes(minutes),
        BookingStatus.Confirmed, new Money(60m, "USD"));

    private static CalendarView ViewOf(params CalendarBooking[] bookings) =>
        new(Zone, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, bookings);

    [Fact]
    public void Two_providers_booked_at_the_same_time_get_side_by_side_lanes_in_the_team_week()
    {
        var sam = At(Sam, 10, 0, 60);
        var jo = At(Jo, 10, 30, 45);
        var columns = CalendarGrid.Columns(ViewOf(sam, jo), CalendarLayout.Week, CalendarGrid.MondayOf(Day), [Sam, Jo]);

        var wednesday = Assert.Single(columns, c => c.Day == Day);
        Assert.Equal(2, wednesday.Blocks.Count);
        Assert.All(wednesday.Blocks, b => Assert.Equal(2, b.Lanes));
        Assert.Equal([0, 1], wednesday.Blocks.OrderBy(b => b.Top).Select(b => b.Lane));
        AssertNoOverlap(wednesday.Blocks);
        Assert.Contains("left: calc(50% + 2px); width: calc(50% - 4px)", CalendarGrid.Style(wednesday.Blocks.Single(b => b.Booking.Id == jo.Id)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_chain_of_overlaps_shares_lanes_and_a_later_booking_takes_the_whole_width_again()
    {
        // 9:00-10:00 overlaps 9:30-10:30, which overlaps 10:00-11:00: two lanes, the first reused at 10:00.
        var a = At(Sam, 9, 0, 60, "A");
        var b = At(Jo, 9, 30, 60, "B");
        var c = At(Sam, 10, 0, 60, "C");
        var later = At(Jo, 14, 0, 60, "Later");
        var backToBack = At(Sam, 15, 0, 60, "Next");

        var blocks = CalendarGrid.Columns(ViewOf(a, b, c, later, backToBack), CalendarLayout.Day, Day, [Sam, Jo]).Single().Blocks;

        var byName = blocks.ToDictionary(x => x.Booking.CustomerName);
        Assert.Equal((0, 2), (byName["A"].Lane, byName["A"].Lanes));
        Assert.Equal((1, 2), (byName["B"].Lane, byName["B"].Lanes));
        Assert.Equal((0, 2), (byName["C"].Lane, byName["C"].Lanes));
        Assert.Equal((0, 1), (byName["Later"].Lane, byName["Later"].Lanes));
        Assert.Equal((0, 1), (byName["Next"].Lane, byName["Next"].Lanes));
        AssertNoOverlap(blocks);
    }

    [Fact]
    public void Three_bookings_at_once_share_the_width_in_three_and_every_booking_of_a_group_class_is_shown()
    {
        var group = Enumerable.Range(0, 3).Select(i => At(Sam, 11, 0, 60, $"Guest {i}")).ToArray();
        var blocks = CalendarGrid.Columns(ViewOf(group), CalendarLayout.Resource, Day, [Sam, Jo]).Single(c => c.ProviderId == Sam.Id).Blocks;

        Assert.Equal(3, blocks.Count);
        Assert.All(blocks, x => Assert.Equal(3, x.Lanes));
        Assert.Equal([0, 1, 2], blocks.Select(x => x.Lane).Order());
        AssertNoOverlap(blocks);
    }

    [Fact]
    public void The_team_view_has_a_column_per_provider_and_the_month_covers_whole_weeks()
    {
        var sam = At(Sam, 10, 0, 60);
        var jo = At(Jo, 10, 0, 60);
        var columns = CalendarGrid.Columns(ViewOf(sam, jo), CalendarLayout.Resource, Day, [Sam, Jo]);
        Assert.Equal(["Sam Rivera", "Jo Chen"], columns.Select(c => c.Title));
        Assert.All(columns, c => Assert.Equal((0, 1), (c.Blocks.Single().Lane, c.Blocks.Single().Lanes)));

        var month = CalendarGrid.Month(ViewOf(sam, jo), Day);
        Assert.Equal(new DateOnly(2026, 12, 28), month[0][0].Day); // the Monday before 1 January 2027
        Assert.All(month, week => Assert.Equal(7, week.Count));
        Assert.Equal(2, month.SelectMany(w => w).Single(d => d.Day == Day).Bookings.Count);
        Assert.False(month[0][0].InMonth);
    }

    /// <summary>No two blocks share any area, with the column 100 units wide and lanes splitting it evenly.</summary>
    private static void AssertNoOverlap(IReadOnlyList<CalendarBlock> blocks)
    {
        foreach (var x in blocks)
        {
            foreach (var y in blocks.Where(y => !ReferenceEquals(x, y)))
            {
                var sideBySide = (x.Lane + 1) * 100.0 / x.Lanes <= y.Lane * 100.0 / y.Lanes || (y.Lane + 1) * 100.0 / y.Lanes <= x.Lane * 100.0 / x.Lanes;
                var apart = x.Bottom <= y.Top || y.Bottom <= x.Top;
                Assert.True(sideBySide || apart, $"{x.Booking.CustomerName} and {y.Booking.CustomerName} overlap");
            }
        }
    }
}
