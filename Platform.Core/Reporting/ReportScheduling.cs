using System.Globalization;

namespace Platform.Core.Reporting;

public enum ReportFrequency
{
    Daily = 0,
    Weekly = 1,
    Monthly = 2,
}

/// <summary>
/// When a scheduled report runs: daily, on a weekday or on a day of the month, at a time of day on the business's
/// clock. The next run is found on local dates, so it keeps its local time across a clock change: a time that does not
/// exist that day (the hour the clocks skip) runs as soon as the clocks allow, and a time that happens twice (the hour
/// they repeat) runs at the first of the two.
/// </summary>
public sealed record ReportTiming(ReportFrequency Frequency, TimeOnly At, DayOfWeek? Weekday = null, int? DayOfMonth = null)
{
    /// <summary>The last day of the month a monthly report may name: every month has it.</summary>
    public const int LastDayOfMonth = 28;

    public IReadOnlyDictionary<string, string[]> Problems()
    {
        var problems = new Dictionary<string, string[]>();
        if (!Enum.IsDefined(Frequency))
        {
            problems["frequency"] = ["Run the report daily, weekly or monthly."];
        }

        if (Frequency == ReportFrequency.Weekly && Weekday is null)
        {
            problems["weekday"] = ["Choose the weekday a weekly report runs on."];
        }

        if (Frequency == ReportFrequency.Monthly && DayOfMonth is not (>= 1 and <= LastDayOfMonth))
        {
            problems["dayOfMonth"] = [$"Choose a day of the month from 1 to {LastDayOfMonth}, which every month has."];
        }

        return problems;
    }

    /// <summary>Reads a time of day written as HH:mm (24 hours), such as 07:30; null when it is not one.</summary>
    public static TimeOnly? ParseTime(string? text) =>
        TimeOnly.TryParseExact(text ?? "", "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : null;

    /// <summary>The first run strictly after <paramref name="after"/>, in UTC, for a business in <paramref name="zone"/>.</summary>
    public DateTimeOffset NextAfter(DateTimeOffset after, TimeZoneInfo zone)
    {
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(after, zone).DateTime);
        for (var i = 0; i < 400; i++, day = day.AddDays(1))
        {
            var matches = Frequency switch
            {
                ReportFrequency.Weekly => day.DayOfWeek == Weekday,
                ReportFrequency.Monthly => day.Day == DayOfMonth,
                _ => true,
            };
            if (matches && Utc(day.ToDateTime(At), zone) is var run && run > after)
            {
                return run;
            }
        }

        throw new InvalidOperationException("No run within 400 days: the timing is not valid.");
    }

    /// <summary>A local time as an instant: one the clocks skip moves forward by the skip; one they repeat is the earlier.</summary>
    public static DateTimeOffset Utc(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            var before = zone.GetUtcOffset(local.AddHours(-3));
            var after = zone.GetUtcOffset(local.AddHours(3));
            local = local + (after - before);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }
}
