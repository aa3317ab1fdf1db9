namespace Platform.Core.Bookings;

/// <summary>Working time on a weekday, in the provider's local wall-clock minutes: 0 &lt;= Start &lt; End &lt;= 1440.</summary>
public readonly record struct WorkingPeriod(DayOfWeek Day, int StartMinute, int EndMinute);

/// <summary>A local time range on one date, in minutes of the day.</summary>
public readonly record struct LocalPeriod(int StartMinute, int EndMinute);

/// <summary>The hours of one date replacing the weekly hours: extra or different hours, or none (closed).</summary>
public sealed record DateOverride(DateOnly Date, IReadOnlyList<LocalPeriod> Periods)
{
    public bool IsClosed => Periods.Count == 0;
}

/// <summary>A half-open UTC interval [Start, End).</summary>
public readonly record struct UtcRange(DateTimeOffset Start, DateTimeOffset End)
{
    public bool Overlaps(UtcRange other) => Start < other.End && other.Start < End;

    public bool Contains(UtcRange other) => Start <= other.Start && other.End <= End;
}

/// <summary>Everything that decides when one provider is free.</summary>
public sealed record ProviderSchedule(
    Guid ProviderId,
    TimeZoneInfo TimeZone,
    IReadOnlyList<WorkingPeriod> WeeklyHours,
    IReadOnlyList<DateOverride> Overrides,
    IReadOnlyList<UtcRange> TimeOff,
    IReadOnlyList<UtcRange> Bookings)
{
    /// <summary>
    /// Bookings of the service asked about, given by the time they occupy (start minus buffer before to end plus buffer
    /// after); they share the provider's time up to the service's capacity (the seats of a group class).
    /// </summary>
    public IReadOnlyList<UtcRange> Bookings { get; init; } = Bookings;

    /// <summary>Time the provider's bookings of other services occupy: nothing of a new booking's occupied time may overlap it.</summary>
    public IReadOnlyList<UtcRange> Busy { get; init; } = [];
}

/// <summary>The service's rules that shape its slots.</summary>
public sealed record SlotRules(
    TimeSpan Duration,
    TimeSpan BufferBefore,
    TimeSpan BufferAfter,
    int Capacity,
    TimeSpan MinimumNotice,
    int MaximumDaysInAdvance,
    TimeSpan Interval)
{
    /// <summary>The time a booking starting at <paramref name="start"/> occupies, buffers included.</summary>
    public UtcRange Occupied(DateTimeOffset start) => new(start - BufferBefore, start + Duration + BufferAfter);
}

/// <summary>A bookable start time with a provider, and how many more bookings it takes.</summary>
public readonly record struct Slot(DateTimeOffset Start, DateTimeOffset End, Guid ProviderId, int RemainingCapacity);
