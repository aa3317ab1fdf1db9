using System.Globalization;
using Platform.Core.Bookings;
using Platform.Infrastructure.Bookings;

namespace Platform.Web.Components.Pages.App.Calendar;

/// <summary>One column of the grid: a provider's day, or a day of the week.</summary>
public sealed record CalendarColumn(string Title, IReadOnlyList<CalendarBlock> Blocks);

/// <summary>A booking placed on the grid, in pixels from the top of the first hour.</summary>
public sealed record CalendarBlock(CalendarBooking Booking, DateTime LocalStart, DateTime LocalEnd, double Top, double Height);

/// <summary>Lays bookings out on a day grid of <see cref="FirstHour"/>–<see cref="LastHour"/> local time.</summary>
public static class CalendarGrid
{
    public const int FirstHour = 7;
    public const int LastHour = 21;
    public const double PixelsPerHour = 48;

    public static double Height => (LastHour - FirstHour) * PixelsPerHour;

    public static DateTime Local(DateTimeOffset utc, string zone) =>
        TimeZoneInfo.ConvertTime(utc, TimeZoneInfo.FindSystemTimeZoneById(zone)).DateTime;

    public static CalendarBlock Place(CalendarBooking booking, string zone)
    {
        var start = Local(booking.StartUtc, zone);
        var end = Local(booking.EndUtc, zone);
        var top = Math.Clamp((start.TimeOfDay.TotalHours - FirstHour) * PixelsPerHour, 0, Height - 12);
        var bottom = Math.Clamp((end.Date > start.Date ? 24 : end.TimeOfDay.TotalHours - FirstHour) * PixelsPerHour, top + 12, Height);
        return new CalendarBlock(booking, start, end, top, bottom - top);
    }

    /// <summary>Day view: a column per provider. Week view: a column per day.</summary>
    public static IReadOnlyList<CalendarColumn> Columns(CalendarView view, DateOnly firstDay, int days, IReadOnlyList<CalendarProvider> providers)
    {
        var blocks = view.Bookings.Select(b => Place(b, view.TimeZone)).ToList();
        if (days == 1)
        {
            return [.. providers.Select(p => new CalendarColumn(p.DisplayName, [.. blocks.Where(b => b.Booking.ProviderId == p.Id)]))];
        }

        return [.. Enumerable.Range(0, days).Select(firstDay.AddDays).Select(d => new CalendarColumn(
            d.ToString("ddd d MMM", CultureInfo.InvariantCulture),
            [.. blocks.Where(b => DateOnly.FromDateTime(b.LocalStart) == d)]))];
    }

    public static string StatusClass(BookingStatus status) => "calendar-status-" + status.ToString().ToLowerInvariant();

    public static string Style(CalendarBlock block) =>
        FormattableString.Invariant($"top: {block.Top:0.#}px; height: {block.Height:0.#}px");
}
