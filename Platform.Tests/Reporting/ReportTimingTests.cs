using Platform.Core.Reporting;

namespace Platform.Tests.Reporting;

/// <summary>
/// When a scheduled report runs (issue 15): at its local time on the business's clock, the same local time on both
/// sides of a clock change, as soon as the clocks allow on the day they skip its hour, and once, at the first, on the
/// day they repeat it.
/// </summary>
public sealed class ReportTimingTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2031, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void A_daily_report_keeps_its_local_time_across_the_spring_and_autumn_changes()
    {
        var daily = new ReportTiming(ReportFrequency.Daily, new TimeOnly(7, 30));
        // New York: 07:30 EST is 12:30 UTC before 9 March 2031, 07:30 EDT is 11:30 UTC after; on 2 November the clocks go
        // back at 02:00, so that day's 07:30 is EST again.
        Assert.Equal(Utc(3, 8, 12, 30), daily.NextAfter(Utc(3, 8, 0), NewYork));
        Assert.Equal(Utc(3, 9, 11, 30), daily.NextAfter(Utc(3, 8, 12, 30), NewYork));
        Assert.Equal(Utc(11, 1, 11, 30), daily.NextAfter(Utc(10, 31, 11, 30), NewYork));
        Assert.Equal(Utc(11, 2, 12, 30), daily.NextAfter(Utc(11, 1, 11, 30), NewYork));
    }

    [Fact]
    public void A_time_the_clocks_skip_runs_when_they_allow_and_one_they_repeat_runs_once_at_the_first()
    {
        // 02:30 does not exist in New York on 9 March 2031: it runs at 03:30 EDT (07:30 UTC).
        var skipped = new ReportTiming(ReportFrequency.Daily, new TimeOnly(2, 30));
        Assert.Equal(Utc(3, 9, 7, 30), skipped.NextAfter(Utc(3, 8, 12), NewYork));
        Assert.Equal(Utc(3, 10, 6, 30), skipped.NextAfter(Utc(3, 9, 7, 30), NewYork));

        // 01:30 happens twice on 2 November 2031: the first, 01:30 EDT (05:30 UTC), and not again at 06:30 UTC.
        var repeated = new ReportTiming(ReportFrequency.Daily, new TimeOnly(1, 30));
        var first = repeated.NextAfter(Utc(11, 1, 12), NewYork);
        Assert.Equal(Utc(11, 2, 5, 30), first);
        Assert.Equal(Utc(11, 3, 6, 30), repeated.NextAfter(first, NewYork));
    }

    [Fact]
    public void Weekly_and_monthly_reports_run_on_their_day_and_bad_timings_are_named()
    {
        var monday = new ReportTiming(ReportFrequency.Weekly, new TimeOnly(8, 0), DayOfWeek.Monday);
        // Berlin's clocks go forward on 30 March 2031; the Monday after is 31 March, 08:00 CEST = 06:00 UTC.
        Assert.Equal(new DateTimeOffset(2031, 3, 31, 6, 0, 0, TimeSpan.Zero), monday.NextAfter(Utc(3, 25, 0), Berlin));
        var monthly = new ReportTiming(ReportFrequency.Monthly, new TimeOnly(6, 0), DayOfMonth: 28);
        Assert.Equal(new DateTimeOffset(2031, 2, 28, 5, 0, 0, TimeSpan.Zero), monthly.NextAfter(Utc(2, 1, 0), Berlin));

        Assert.Contains("weekday", new ReportTiming(ReportFrequency.Weekly, new TimeOnly(8, 0)).Problems().Keys);
        Assert.Contains("dayOfMonth", new ReportTiming(ReportFrequency.Monthly, new TimeOnly(8, 0), DayOfMonth: 31).Problems().Keys);
        Assert.Null(ReportTiming.ParseTime("25:00"));
        Assert.Null(ReportTiming.ParseTime("7.30"));
        Assert.Equal(new TimeOnly(7, 30), ReportTiming.ParseTime("07:30"));
    }
}
