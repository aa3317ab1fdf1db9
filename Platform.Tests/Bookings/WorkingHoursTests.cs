using Platform.Core.Bookings;

namespace Platform.Tests.Bookings;

/// <summary>The rules of working hours, dated hours and time off, as Core states them: typed errors, one field each.</summary>
public class WorkingHoursTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    [Fact]
    public void A_day_of_ordered_periods_up_to_midnight_is_fine()
    {
        Assert.Null(WorkingHours.CheckDay([new(780, 1020), new(540, 720)]));
        Assert.Null(WorkingHours.CheckDay([new(0, WorkingHours.MinutesPerDay)]));
        Assert.Null(WorkingHours.CheckDay([new(540, 720), new(720, 780)])); // touching is not overlapping
        Assert.Null(WorkingHours.CheckDay([]));
    }

    [Theory]
    [InlineData(600, 600)]
    [InlineData(700, 600)]
    [InlineData(-10, 60)]
    [InlineData(1000, 1441)]
    public void A_period_that_does_not_start_before_it_ends_within_the_day_is_out_of_order(int start, int end)
    {
        var problem = WorkingHours.CheckDay([new(540, 560), new(start, end)]);

        Assert.Equal(WorkingHoursError.PeriodOutOfOrder, problem?.Error);
        Assert.Equal(WorkingHours.PeriodsField, problem?.Field);
    }

    [Fact]
    public void Overlapping_periods_are_named_in_the_message()
    {
        var problem = WorkingHours.CheckDay([new(780, 1020), new(540, 720), new(960, 1080)]);

        Assert.Equal(new WorkingHoursProblem(WorkingHoursError.PeriodsOverlap, WorkingHours.PeriodsField, "Periods overlap: 13:00–17:00 and 16:00–18:00."), problem);
    }

    [Fact]
    public void A_week_has_one_problem_per_bad_day_under_that_days_field()
    {
        var problems = WorkingHours.CheckWeek([
            new(DayOfWeek.Monday, 540, 720), new(DayOfWeek.Monday, 700, 800),
            new(DayOfWeek.Tuesday, 540, 600),
            new(DayOfWeek.Friday, 900, 800),
            new((DayOfWeek)9, 540, 600),
        ]);

        Assert.Equal(
            [("WeeklyHours.Monday", WorkingHoursError.PeriodsOverlap), ("WeeklyHours.Friday", WorkingHoursError.PeriodOutOfOrder), ("WeeklyHours", WorkingHoursError.UnknownWeekday)],
            problems.Select(p => (p.Field, p.Error)));
        Assert.Equal(["WeeklyHours.Monday", "WeeklyHours.Friday", "WeeklyHours"], WorkingHours.ByField(problems).Keys);
    }

    [Fact]
    public void Time_off_in_the_zone_becomes_a_utc_span()
    {
        var problems = WorkingHours.CheckTimeOff(new DateTime(2026, 7, 1, 9, 0, 0), new DateTime(2026, 7, 3, 18, 0, 0), "Course", Berlin, out var span);

        Assert.Empty(problems);
        Assert.Equal(new UtcRange(new DateTimeOffset(2026, 7, 1, 7, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 7, 3, 16, 0, 0, TimeSpan.Zero)), span);
    }

    [Fact]
    public void A_wall_clock_time_the_zone_skips_is_refused_for_its_own_field()
    {
        // Berlin's clocks go from 02:00 to 03:00 on 29 March 2026.
        var problems = WorkingHours.CheckTimeOff(new DateTime(2026, 3, 29, 2, 30, 0), new DateTime(2026, 3, 29, 12, 0, 0), null, Berlin, out _);

        var problem = Assert.Single(problems);
        Assert.Equal((WorkingHoursError.SkippedTime, WorkingHours.StartField), (problem.Error, problem.Field));
    }

    [Fact]
    public void Time_off_ends_after_it_starts_lasts_at_most_a_year_and_has_a_short_reason()
    {
        Assert.Equal([(WorkingHoursError.EndsBeforeStart, WorkingHours.EndField)],
            WorkingHours.CheckTimeOff(new DateTime(2026, 7, 3), new DateTime(2026, 7, 3), "", Berlin, out _).Select(p => (p.Error, p.Field)));
        Assert.Equal([(WorkingHoursError.TooLong, WorkingHours.EndField)],
            WorkingHours.CheckTimeOff(new DateTime(2026, 1, 1), new DateTime(2027, 1, 3), "", Berlin, out _).Select(p => (p.Error, p.Field)));
        Assert.Equal([(WorkingHoursError.ReasonTooLong, WorkingHours.ReasonField)],
            WorkingHours.CheckTimeOff(new DateTime(2026, 1, 1), new DateTime(2026, 1, 2), new string('r', WorkingHours.MaxReasonLength + 1), Berlin, out _).Select(p => (p.Error, p.Field)));
        Assert.Empty(WorkingHours.CheckTimeOff(new DateTime(2026, 1, 1), new DateTime(2027, 1, 2), new string('r', WorkingHours.MaxReasonLength), Berlin, out _));
    }

    [Theory]
    [InlineData(0, "00:00")]
    [InlineData(570, "09:30")]
    [InlineData(1440, "24:00")]
    public void Minutes_read_as_a_clock(int minutes, string clock) => Assert.Equal(clock, WorkingHours.Clock(minutes));
}
