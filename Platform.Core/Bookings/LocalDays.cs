namespace Platform.Core.Bookings;

/// <summary>Local calendar days as UTC instants.</summary>
public static class LocalDays
{
    /// <summary>The first instant of <paramref name="day"/> in <paramref name="zone"/>, in UTC.</summary>
    public static DateTimeOffset StartUtc(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        // A midnight that a clock change skips starts the day at the first valid minute after it.
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }

        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero);
    }
}
