namespace Platform.Core.Bookings;

/// <summary>What can be wrong with a provider's working hours, dated hours or time off.</summary>
public enum WorkingHoursError
{
    /// <summary>A period does not start before it ends, or lies outside 00:00 to 24:00.</summary>
    PeriodOutOfOrder,

    /// <summary>Two periods of one day overlap.</summary>
    PeriodsOverlap,

    /// <summary>A weekly period names no weekday.</summary>
    UnknownWeekday,

    /// <summary>A wall-clock time the provider's zone skips (the clocks go forward over it).</summary>
    SkippedTime,

    /// <summary>Time off ends at or before its start.</summary>
    EndsBeforeStart,

    /// <summary>Time off longer than <see cref="WorkingHours.MaxTimeOffDays"/>.</summary>
    TooLong,

    /// <summary>A reason longer than <see cref="WorkingHours.MaxReasonLength"/>.</summary>
    ReasonTooLong,
}

/// <summary>One problem with working hours: its kind, the field it belongs to (the form's and the API's name) and a sentence for people.</summary>
public sealed record WorkingHoursProblem(WorkingHoursError Error, string Field, string Message);

/// <summary>
/// The rules of a provider's working time, in local minutes of the day (0 to 1440, an end of 1440 is midnight at
/// the end of the day): each period starts before it ends, a day's periods never overlap, time off is a real span of
/// the provider's zone of at most a year. The directory applies them on save; the editors show them while typing.
/// </summary>
public static class WorkingHours
{
    public const int MinutesPerDay = 1440;
    public const int MaxTimeOffDays = 366;
    public const int MaxReasonLength = 200;

    public const string WeeklyHoursField = "WeeklyHours";
    public const string PeriodsField = "Periods";
    public const string StartField = "Start";
    public const string EndField = "End";
    public const string ReasonField = "Reason";

    /// <summary>Minutes of the day as 09:30; 1440 is 24:00.</summary>
    public static string Clock(int minutes) => $"{minutes / 60:00}:{minutes % 60:00}";

    /// <summary>The first problem of one day's periods, or null; its field is <paramref name="field"/>.</summary>
    public static WorkingHoursProblem? CheckDay(IEnumerable<LocalPeriod> periods, string field = PeriodsField)
    {
        var ordered = periods.OrderBy(p => p.StartMinute).ToList();
        if (ordered.Any(p => p.StartMinute < 0 || p.EndMinute > MinutesPerDay || p.StartMinute >= p.EndMinute))
        {
            return new(WorkingHoursError.PeriodOutOfOrder, field, "Each period starts before it ends, between 00:00 and 24:00.");
        }

        for (var i = 1; i < ordered.Count; i++)
        {
            var (before, after) = (ordered[i - 1], ordered[i]);
            if (after.StartMinute < before.EndMinute)
            {
                return new(WorkingHoursError.PeriodsOverlap, field,
                    $"Periods overlap: {Clock(before.StartMinute)}–{Clock(before.EndMinute)} and {Clock(after.StartMinute)}–{Clock(after.EndMinute)}.");
            }
        }

        return null;
    }

    /// <summary>The problems of a whole week, one per weekday at most, each under the field WeeklyHours.{Day}.</summary>
    public static IReadOnlyList<WorkingHoursProblem> CheckWeek(IEnumerable<WorkingPeriod> week)
    {
        var problems = new List<WorkingHoursProblem>();
        foreach (var day in week.GroupBy(h => h.Day))
        {
            if (!Enum.IsDefined(day.Key))
            {
                problems.Add(new(WorkingHoursError.UnknownWeekday, WeeklyHoursField, "Choose a weekday."));
            }
            else if (CheckDay(day.Select(p => new LocalPeriod(p.StartMinute, p.EndMinute)), $"{WeeklyHoursField}.{day.Key}") is { } problem)
            {
                problems.Add(problem);
            }
        }

        return problems;
    }

    /// <summary>
    /// Checks time off entered as wall-clock times in <paramref name="zone"/>; when there is no problem,
    /// <paramref name="span"/> is the time off in UTC.
    /// </summary>
    public static IReadOnlyList<WorkingHoursProblem> CheckTimeOff(DateTime startLocal, DateTime endLocal, string? reason, TimeZoneInfo zone, out UtcRange span)
    {
        var problems = new List<WorkingHoursProblem>();
        startLocal = DateTime.SpecifyKind(startLocal, DateTimeKind.Unspecified);
        endLocal = DateTime.SpecifyKind(endLocal, DateTimeKind.Unspecified);
        span = default;
        if (zone.IsInvalidTime(startLocal))
        {
            problems.Add(new(WorkingHoursError.SkippedTime, StartField, "This time does not exist in the provider's time zone (the clocks skip it)."));
        }

        if (zone.IsInvalidTime(endLocal))
        {
            problems.Add(new(WorkingHoursError.SkippedTime, EndField, "This time does not exist in the provider's time zone (the clocks skip it)."));
        }

        if (problems.Count == 0)
        {
            var start = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(startLocal, zone), TimeSpan.Zero);
            var end = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(endLocal, zone), TimeSpan.Zero);
            if (end <= start)
            {
                problems.Add(new(WorkingHoursError.EndsBeforeStart, EndField, "The time off ends after it starts."));
            }
            else if (end - start > TimeSpan.FromDays(MaxTimeOffDays))
            {
                problems.Add(new(WorkingHoursError.TooLong, EndField, $"Time off lasts at most {MaxTimeOffDays} days."));
            }
            else
            {
                span = new UtcRange(start, end);
            }
        }

        if ((reason ?? "").Trim().Length > MaxReasonLength)
        {
            problems.Add(new(WorkingHoursError.ReasonTooLong, ReasonField, $"The reason has at most {MaxReasonLength} characters."));
        }

        return problems;
    }

    /// <summary>Problems by field, as forms and the API show them.</summary>
    public static IReadOnlyDictionary<string, string[]> ByField(IEnumerable<WorkingHoursProblem> problems) =>
        problems.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray());
}
