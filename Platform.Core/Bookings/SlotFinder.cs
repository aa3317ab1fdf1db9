namespace Platform.Core.Bookings;

/// <summary>
/// Computes the free start times of a service with a provider, or with any of a team.
/// <para>
/// Working time is the set of instants whose wall-clock time in the provider's zone falls inside the
/// day's periods. That one definition settles daylight saving: a period over a skipped hour loses
/// that hour, a period over a repeated hour gets it twice, and nothing else moves. Slots start on a
/// grid of <see cref="SlotRules.Interval"/> anchored at the start of each unbroken run of working time.
/// A slot must lie inside working time, clear of time off, start after the minimum notice and within
/// the maximum advance, and its occupied time (buffers included) may overlap fewer existing bookings
/// than the service's capacity.
/// </para>
/// </summary>
public static class SlotFinder
{
    /// <summary>Free slots of one provider whose start lies in [from, to).</summary>
    public static IReadOnlyList<Slot> Find(SlotRules rules, ProviderSchedule schedule, DateTimeOffset from, DateTimeOffset to, DateTimeOffset now)
    {
        var slots = new List<Slot>();
        Collect(rules, schedule, from, to, now, slots);
        return slots;
    }

    /// <summary>Free slots of every provider of a team, ordered by start then provider.</summary>
    public static IReadOnlyList<Slot> FindForTeam(SlotRules rules, IEnumerable<ProviderSchedule> team, DateTimeOffset from, DateTimeOffset to, DateTimeOffset now)
    {
        var slots = new List<Slot>();
        foreach (var schedule in team)
        {
            Collect(rules, schedule, from, to, now, slots);
        }

        slots.Sort(static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.ProviderId.CompareTo(b.ProviderId));
        return slots;
    }

    /// <summary>The working time of a provider between two instants, as sorted, merged UTC ranges.</summary>
    public static List<UtcRange> WorkingTime(ProviderSchedule schedule, DateTimeOffset from, DateTimeOffset to)
    {
        var zone = schedule.TimeZone;
        // Local dates that can touch [from, to): one day of margin covers every UTC offset.
        var firstDate = DateOnly.FromDateTime(from.UtcDateTime).AddDays(-1);
        var lastDate = DateOnly.FromDateTime(to.UtcDateTime).AddDays(1);
        var overrides = schedule.Overrides.ToDictionary(o => o.Date);
        var weekly = new LocalPeriod[7][];
        for (var day = 0; day < 7; day++)
        {
            weekly[day] = [.. schedule.WeeklyHours.Where(p => (int)p.Day == day).Select(p => new LocalPeriod(p.StartMinute, p.EndMinute))];
        }

        var ranges = new List<UtcRange>();
        for (var date = firstDate; date <= lastDate; date = date.AddDays(1))
        {
            var periods = overrides.TryGetValue(date, out var dateOverride) ? dateOverride.Periods : weekly[(int)date.DayOfWeek];
            if (periods.Count == 0)
            {
                continue;
            }

            var segments = OffsetSegments(zone, date);
            foreach (var period in periods)
            {
                var localStart = date.ToDateTime(TimeOnly.MinValue).AddMinutes(period.StartMinute);
                var localEnd = date.ToDateTime(TimeOnly.MinValue).AddMinutes(period.EndMinute);
                foreach (var (segmentStart, segmentEnd, offset) in segments)
                {
                    // Within a segment the offset is constant: local = utc + offset.
                    var start = Max(segmentStart, new DateTimeOffset(localStart - offset, TimeSpan.Zero));
                    var end = Min(segmentEnd, new DateTimeOffset(localEnd - offset, TimeSpan.Zero));
                    if (start < end)
                    {
                        ranges.Add(new UtcRange(start, end));
                    }
                }
            }
        }

        return Merge(ranges);
    }

    private static void Collect(SlotRules rules, ProviderSchedule schedule, DateTimeOffset from, DateTimeOffset to, DateTimeOffset now, List<Slot> slots)
    {
        if (rules.Interval <= TimeSpan.Zero || rules.Duration <= TimeSpan.Zero || rules.Capacity < 1)
        {
            throw new ArgumentException("A service needs a positive duration, interval and capacity.", nameof(rules));
        }

        var earliest = Max(from, now + rules.MinimumNotice);
        var latest = Min(to, now + TimeSpan.FromDays(rules.MaximumDaysInAdvance));
        if (earliest >= latest)
        {
            return;
        }

        var working = WorkingTime(schedule, earliest - TimeSpan.FromDays(1), latest + rules.Duration + TimeSpan.FromDays(1));
        var timeOff = Sorted(schedule.TimeOff);
        var bookings = Sorted(schedule.Bookings);
        var busy = Sorted(schedule.Busy);
        var timeOffIndex = 0;
        var bookingIndex = 0;
        var busyIndex = 0;

        foreach (var run in working)
        {
            if (run.End <= earliest || run.Start >= latest)
            {
                continue;
            }

            // First grid point of this run at or after the earliest allowed start.
            var start = run.Start;
            if (start < earliest)
            {
                var steps = (long)Math.Ceiling((earliest - start).Ticks / (double)rules.Interval.Ticks);
                start += TimeSpan.FromTicks(steps * rules.Interval.Ticks);
            }

            for (; start < latest && start + rules.Duration <= run.End; start += rules.Interval)
            {
                var appointment = new UtcRange(start, start + rules.Duration);
                if (Blocked(appointment, timeOff, ref timeOffIndex))
                {
                    continue;
                }

                var occupied = rules.Occupied(start);
                if (Blocked(occupied, busy, ref busyIndex))
                {
                    continue;
                }

                var overlapping = CountOverlaps(occupied, bookings, ref bookingIndex, rules.Capacity);
                if (overlapping < rules.Capacity)
                {
                    slots.Add(new Slot(start, appointment.End, schedule.ProviderId, rules.Capacity - overlapping));
                }
            }
        }
    }

    /// <summary>
    /// True when the range overlaps one of the ranges (time off, or other services' bookings). Ranges are sorted by
    /// start and the ranges asked about come in increasing order, so a range that ended before one is skipped for good.
    /// </summary>
    private static bool Blocked(UtcRange appointment, UtcRange[] timeOff, ref int index)
    {
        while (index < timeOff.Length && timeOff[index].End <= appointment.Start)
        {
            index++;
        }

        for (var i = index; i < timeOff.Length && timeOff[i].Start < appointment.End; i++)
        {
            if (timeOff[i].Overlaps(appointment))
            {
                return true;
            }
        }

        return false;
    }

    private static int CountOverlaps(UtcRange occupied, UtcRange[] bookings, ref int index, int stopAt)
    {
        while (index < bookings.Length && bookings[index].End <= occupied.Start)
        {
            index++;
        }

        var count = 0;
        for (var i = index; i < bookings.Length && bookings[i].Start < occupied.End && count < stopAt; i++)
        {
            if (bookings[i].Overlaps(occupied))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Sorted by start, for the forward-only scans above.</summary>
    private static UtcRange[] Sorted(IReadOnlyList<UtcRange> ranges)
    {
        var array = ranges.ToArray();
        Array.Sort(array, static (a, b) => a.Start.CompareTo(b.Start));
        return array;
    }

    /// <summary>
    /// The UTC segments around a local date with a constant offset each: one, or two when the zone
    /// changes its offset nearby. The window spans the date with 18 hours of margin on each side.
    /// </summary>
    private static List<(DateTimeOffset Start, DateTimeOffset End, TimeSpan Offset)> OffsetSegments(TimeZoneInfo zone, DateOnly date)
    {
        var windowStart = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) - TimeSpan.FromHours(18);
        var windowEnd = windowStart + TimeSpan.FromHours(60);
        var first = zone.GetUtcOffset(windowStart);
        var last = zone.GetUtcOffset(windowEnd);
        if (first == last)
        {
            return [(windowStart, windowEnd, first)];
        }

        // Binary search the instant the offset changes, to the second. Zones change at most once in 60 hours.
        var low = windowStart;
        var high = windowEnd;
        while (high - low > TimeSpan.FromSeconds(1))
        {
            var middle = low + ((high - low) / 2);
            if (zone.GetUtcOffset(middle) == first)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        var change = new DateTimeOffset(high.UtcTicks - (high.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        return [(windowStart, change, first), (change, windowEnd, last)];
    }

    private static List<UtcRange> Merge(List<UtcRange> ranges)
    {
        ranges.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        var merged = new List<UtcRange>(ranges.Count);
        foreach (var range in ranges)
        {
            if (merged.Count > 0 && range.Start <= merged[^1].End)
            {
                var last = merged[^1];
                merged[^1] = new UtcRange(last.Start, Max(last.End, range.End));
            }
            else
            {
                merged.Add(range);
            }
        }

        return merged;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
