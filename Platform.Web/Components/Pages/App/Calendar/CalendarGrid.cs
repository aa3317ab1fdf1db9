using Platform.Core.Bookings;
using Platform.Core.Common;
using Platform.Infrastructure.Bookings;

namespace Platform.Web.Components.Pages.App.Calendar;

/// <summary>How the calendar shows its range: a column per provider, one day, seven days, or a month of days.</summary>
public enum CalendarLayout
{
    Resource,
    Day,
    Week,
    Month,
}

/// <summary>One column of the grid: a provider's day (resource view), the day, or a day of the week.</summary>
public sealed record CalendarColumn(string Title, DateOnly Day, Guid? ProviderId, IReadOnlyList<CalendarBlock> Blocks);

/// <summary>
/// A booking placed on the grid, in pixels from the top of the first hour, in lane <see cref="Lane"/> of
/// <see cref="Lanes"/> side-by-side lanes (bookings that overlap on screen share their column's width).
/// </summary>
public sealed record CalendarBlock(CalendarBooking Booking, DateTime LocalStart, DateTime LocalEnd, double Top, double Height, int Lane = 0, int Lanes = 1)
{
    public double Bottom => Top + Height;
}

/// <summary>One day of the month view, with its bookings (all of them; the page shows the first few).</summary>
public sealed record CalendarMonthDay(DateOnly Day, bool InMonth, IReadOnlyList<CalendarBlock> Bookings);

/// <summary>Lays bookings out on a day grid of <see cref="FirstHour"/>–<see cref="LastHour"/> local time.</summary>
public static class CalendarGrid
{
    public const int FirstHour = 7;
    public const int LastHour = 21;
    public const double PixelsPerHour = 48;

    /// <summary>Drags, keyboard moves and empty-time clicks snap to this many minutes.</summary>
    public const int SnapMinutes = 15;

    /// <summary>An empty time to click (or reach with the arrow keys) to book, every this many minutes.</summary>
    public const int SlotMinutes = 30;

    /// <summary>The smallest height of a block, so that a short booking stays clickable.</summary>
    public const double MinBlockHeight = 12;

    public static double Height => (LastHour - FirstHour) * PixelsPerHour;

    public static DateTime Local(DateTimeOffset utc, string zone) =>
        TimeZoneInfo.ConvertTime(utc, TimeZoneInfo.FindSystemTimeZoneById(zone)).DateTime;

    /// <summary>The instant of a local wall-clock time in the zone (the later one when a clock change repeats it).</summary>
    public static DateTimeOffset Utc(DateTime local, string zone)
    {
        var tz = TimeZoneInfo.FindSystemTimeZoneById(zone);
        var wall = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (tz.IsInvalidTime(wall))
        {
            wall = wall.AddMinutes(SnapMinutes); // a time the clock skips: the first real time after it
        }

        return new DateTimeOffset(wall, tz.GetUtcOffset(wall)).ToUniversalTime();
    }

    public static CalendarBlock Place(CalendarBooking booking, string zone)
    {
        var start = Local(booking.StartUtc, zone);
        var end = Local(booking.EndUtc, zone);
        var top = Math.Clamp((start.TimeOfDay.TotalHours - FirstHour) * PixelsPerHour, 0, Height - MinBlockHeight);
        var bottom = Math.Clamp((end.Date > start.Date ? 24 : end.TimeOfDay.TotalHours - FirstHour) * PixelsPerHour, top + MinBlockHeight, Height);
        return new CalendarBlock(booking, start, end, top, bottom - top);
    }

    /// <summary>
    /// Resource view: a column per provider. Day: one column. Week: a column per day. In every column, blocks that
    /// overlap on screen are laid out beside each other (<see cref="Lay"/>).
    /// </summary>
    public static IReadOnlyList<CalendarColumn> Columns(CalendarView view, CalendarLayout layout, DateOnly firstDay, IReadOnlyList<CalendarProvider> providers)
    {
        var blocks = view.Bookings.Select(b => Place(b, view.TimeZone)).ToList();
        return layout switch
        {
            CalendarLayout.Resource => [.. providers.Select(p => new CalendarColumn(p.DisplayName, firstDay, p.Id, Lay(blocks.Where(b => b.Booking.ProviderId == p.Id))))],
            CalendarLayout.Day => [new CalendarColumn(LocalText.DayName(firstDay), firstDay, providers.Count == 1 ? providers[0].Id : null,
                Lay(blocks.Where(b => DateOnly.FromDateTime(b.LocalStart) == firstDay)))],
            _ => [.. Enumerable.Range(0, 7).Select(firstDay.AddDays).Select(d => new CalendarColumn(
                LocalText.ShortDay(d), d, providers.Count == 1 ? providers[0].Id : null,
                Lay(blocks.Where(b => DateOnly.FromDateTime(b.LocalStart) == d))))],
        };
    }

    /// <summary>
    /// Gives each block a lane so that no two blocks overlap on screen: blocks are taken by top, each goes to the first
    /// lane free at its top, and every block of a group that overlaps (directly or through others) gets that group's
    /// number of lanes, so the group shares the column's width evenly.
    /// </summary>
    public static IReadOnlyList<CalendarBlock> Lay(IEnumerable<CalendarBlock> blocks)
    {
        var sorted = blocks.OrderBy(b => b.Top).ThenByDescending(b => b.Height).ThenBy(b => b.Booking.ProviderName, StringComparer.Ordinal).ThenBy(b => b.Booking.Id).ToList();
        var laid = new List<CalendarBlock>(sorted.Count);
        var group = new List<CalendarBlock>();
        var laneBottoms = new List<double>();
        var groupBottom = double.MinValue;

        void Close()
        {
            laid.AddRange(group.Select(b => b with { Lanes = laneBottoms.Count }));
            group.Clear();
            laneBottoms.Clear();
        }

        foreach (var block in sorted)
        {
            if (block.Top >= groupBottom)
            {
                Close();
            }

            var lane = laneBottoms.FindIndex(bottom => bottom <= block.Top);
            if (lane < 0)
            {
                lane = laneBottoms.Count;
                laneBottoms.Add(block.Bottom);
            }
            else
            {
                laneBottoms[lane] = block.Bottom;
            }

            group.Add(block with { Lane = lane });
            groupBottom = Math.Max(groupBottom == double.MinValue ? block.Bottom : groupBottom, block.Bottom);
        }

        Close();
        return laid;
    }

    /// <summary>The weeks (Monday first) that show the month of <paramref name="month"/>, each day with its bookings.</summary>
    public static IReadOnlyList<IReadOnlyList<CalendarMonthDay>> Month(CalendarView view, DateOnly month)
    {
        var first = new DateOnly(month.Year, month.Month, 1);
        var start = MondayOf(first);
        var last = first.AddMonths(1).AddDays(-1);
        var byDay = view.Bookings.Select(b => Place(b, view.TimeZone)).ToLookup(b => DateOnly.FromDateTime(b.LocalStart));
        var weeks = new List<IReadOnlyList<CalendarMonthDay>>();
        for (var week = start; week <= last; week = week.AddDays(7))
        {
            weeks.Add([.. Enumerable.Range(0, 7).Select(week.AddDays).Select(d => new CalendarMonthDay(d, d.Month == month.Month, [.. byDay[d]]))]);
        }

        return weeks;
    }

    public static DateOnly MondayOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    public static string StatusClass(BookingStatus status) => "calendar-status-" + status.ToString().ToLowerInvariant();

    /// <summary>The height a block needs for three lines of text (time, customer, service) at 0.75rem with a line height of 1.2, and padding.</summary>
    public const double ThreeLines = (3 * 14.4) + 4;

    /// <summary>The height a block needs for two lines.</summary>
    public const double TwoLines = (2 * 14.4) + 4;

    /// <summary>
    /// How a block's text is set so that no line shows cut in half: three lines when they fit, else the time and customer
    /// share the first line and the service takes the second, else the service is left out (it is in the block's label).
    /// </summary>
    public static string SizeClass(CalendarBlock block) => block.Height switch
    {
        >= ThreeLines => "calendar-booking-three-lines",
        >= TwoLines => "calendar-booking-two-lines",
        _ => "calendar-booking-one-line",
    };

    /// <summary>Position and size; lanes split the column's width, with a 2 px gap on each side of a block.</summary>
    public static string Style(CalendarBlock block) =>
        FormattableString.Invariant($"top: {block.Top:0.#}px; height: {block.Height:0.#}px; left: calc({100.0 * block.Lane / block.Lanes:0.###}% + 2px); width: calc({100.0 / block.Lanes:0.###}% - 4px)");

    /// <summary>The empty times of a column to click to book: every <see cref="SlotMinutes"/> from the first hour to the last.</summary>
    public static IEnumerable<(TimeOnly Time, double Top)> Slots() =>
        Enumerable.Range(0, (LastHour - FirstHour) * 60 / SlotMinutes)
            .Select(i => (new TimeOnly(FirstHour, 0).AddMinutes(i * SlotMinutes), i * SlotMinutes * PixelsPerHour / 60));
}
