using FsCheck;
using FsCheck.Fluent;
using Platform.Core.Bookings;

namespace Platform.Tests.Bookings;

/// <summary>A random provider week around a daylight-saving change, with rules, bookings and time off.</summary>
public sealed record SlotScenario(SlotRules Rules, ProviderSchedule Schedule, DateTimeOffset From, DateTimeOffset To, DateTimeOffset Now)
{
    public override string ToString() =>
        $"zone={Schedule.TimeZone.Id} from={From:O} to={To:O} now={Now:O} rules={Rules} weekly=[{string.Join(", ", Schedule.WeeklyHours)}] " +
        $"overrides=[{string.Join(", ", Schedule.Overrides.Select(o => $"{o.Date}:{string.Join("/", o.Periods)}"))}] " +
        $"bookings=[{string.Join(", ", Schedule.Bookings.Select(b => $"{b.Start:O}-{b.End:O}"))}] timeOff=[{string.Join(", ", Schedule.TimeOff.Select(b => $"{b.Start:O}-{b.End:O}"))}] busy=[{string.Join(", ", Schedule.Busy.Select(b => $"{b.Start:O}-{b.End:O}"))}]";
}

public static class SlotScenarios
{
    /// <summary>Zones with forward and backward changes, southern-hemisphere rules, half-hour and 45-minute offsets.</summary>
    public static readonly string[] Zones =
    [
        "Europe/Berlin", "America/New_York", "Australia/Sydney", "Australia/Lord_Howe", "Pacific/Chatham",
        "America/Santiago", "Asia/Kolkata", "Europe/London", "UTC",
    ];

    public static Arbitrary<SlotScenario> Scenario() => Arb.From(Generate());

    private static Gen<SlotScenario> Generate() =>
        from zoneId in Gen.Elements(Zones)
        let zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId)
        from anchor in AnchorNearAChange(zone)
        from days in Gen.Choose(1, 4)
        from weekly in Gen.ListOf(WorkingPeriods()).Select(w => w.Take(5).ToList())
        from hasOverride in Gen.Elements(true, false, false)
        from overridePeriods in Gen.ListOf(LocalPeriods())
        from overrideDay in Gen.Choose(0, days)
        from durationSteps in Gen.Choose(1, 12)
        from intervalSteps in Gen.Choose(1, 12)
        from bufferBefore in Gen.Choose(0, 6)
        from bufferAfter in Gen.Choose(0, 6)
        from capacity in Gen.Frequency((3, Gen.Constant(1)), (1, Gen.Choose(2, 3)))
        from noticeHours in Gen.Choose(0, 30)
        from maxDays in Gen.Choose(1, 6)
        from nowHoursBefore in Gen.Choose(-12, 48)
        from bookings in Gen.ListOf(Ranges(anchor, days))
        from timeOff in Gen.ListOf(Ranges(anchor, days)).Select(r => r.Take(2).ToList())
        from busy in Gen.ListOf(Ranges(anchor, days)).Select(r => r.Take(3).ToList())
        select new SlotScenario(
            new SlotRules(
                TimeSpan.FromMinutes(durationSteps * 10),
                TimeSpan.FromMinutes(bufferBefore * 5),
                TimeSpan.FromMinutes(bufferAfter * 5),
                capacity,
                TimeSpan.FromHours(noticeHours),
                maxDays,
                TimeSpan.FromMinutes(intervalSteps * 5)),
            new ProviderSchedule(
                Guid.Empty,
                zone,
                [.. weekly.SelectMany(p => p)],
                hasOverride ? [new DateOverride(DateOnly.FromDateTime(anchor.UtcDateTime).AddDays(overrideDay), [.. overridePeriods.Take(2)])] : [],
                timeOff,
                [.. bookings.Take(12)])
            {
                Busy = busy,
            },
            anchor,
            anchor.AddDays(days),
            anchor.AddHours(-nowHoursBefore));

    /// <summary>Half the time a UTC midnight a day or two before one of the zone's 2026 offset changes, else any day of 2026.</summary>
    private static Gen<DateTimeOffset> AnchorNearAChange(TimeZoneInfo zone)
    {
        var changes = OffsetChanges(zone, 2026);
        var random = Gen.Choose(0, 364).Select(d => new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(d));
        if (changes.Count == 0)
        {
            return random;
        }

        var near = from change in Gen.Elements(changes.ToArray())
                   from before in Gen.Choose(0, 2)
                   select new DateTimeOffset(change.UtcDateTime.Date, TimeSpan.Zero).AddDays(-before);
        return Gen.OneOf(near, random);
    }

    private static Gen<List<WorkingPeriod>> WorkingPeriods() =>
        from day in Gen.Elements(Enum.GetValues<DayOfWeek>())
        from periods in Gen.ListOf(LocalPeriods())
        select periods.Take(3).Select(p => new WorkingPeriod(day, p.StartMinute, p.EndMinute)).ToList();

    /// <summary>Quarter-hour periods, often across the small hours when clocks change.</summary>
    private static Gen<LocalPeriod> LocalPeriods() =>
        from start in Gen.Frequency((2, Gen.Choose(0, 16)), (1, Gen.Choose(0, 92)))
        from length in Gen.Choose(1, 40)
        select new LocalPeriod(start * 15, Math.Min(1440, (start + length) * 15));

    private static Gen<UtcRange> Ranges(DateTimeOffset anchor, int days) =>
        from startMinute in Gen.Choose(-120, (days * 1440) + 120)
        from length in Gen.Choose(5, 180)
        select new UtcRange(anchor.AddMinutes(startMinute), anchor.AddMinutes(startMinute + length));

    public static List<DateTimeOffset> OffsetChanges(TimeZoneInfo zone, int year)
    {
        var changes = new List<DateTimeOffset>();
        var instant = new DateTimeOffset(year, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var offset = zone.GetUtcOffset(instant);
        for (var hour = 1; hour <= 366 * 24; hour++)
        {
            var next = instant.AddHours(hour);
            var nextOffset = zone.GetUtcOffset(next);
            if (nextOffset != offset)
            {
                changes.Add(next);
                offset = nextOffset;
            }
        }

        return changes;
    }
}

/// <summary>
/// The definition of availability, minute by minute and without cleverness, to check SlotFinder against:
/// a minute is working time when its wall-clock time in the zone lies in that local date's periods.
/// </summary>
public static class SlotOracle
{
    public static List<Slot> Find(SlotScenario s)
    {
        var rules = s.Rules;
        var earliest = Max(s.From, s.Now + rules.MinimumNotice);
        var latest = Min(s.To, s.Now + TimeSpan.FromDays(rules.MaximumDaysInAdvance));
        var slots = new List<Slot>();
        if (earliest >= latest)
        {
            return slots;
        }

        var scanFrom = earliest.AddDays(-1);
        var scanTo = latest.Add(rules.Duration).AddDays(1);
        DateTimeOffset? runStart = null;
        var working = new List<(DateTimeOffset Start, DateTimeOffset End)>();
        for (var minute = scanFrom; minute < scanTo; minute = minute.AddMinutes(1))
        {
            if (IsWorking(s.Schedule, minute))
            {
                runStart ??= minute;
            }
            else if (runStart is { } started)
            {
                working.Add((started, minute));
                runStart = null;
            }
        }

        if (runStart is { } open)
        {
            working.Add((open, scanTo));
        }

        foreach (var (start, end) in working)
        {
            for (var t = start; t + rules.Duration <= end; t += rules.Interval)
            {
                if (t < earliest || t >= latest)
                {
                    continue;
                }

                var appointment = new UtcRange(t, t + rules.Duration);
                if (s.Schedule.TimeOff.Any(o => o.Overlaps(appointment)))
                {
                    continue;
                }

                if (s.Schedule.Busy.Any(b => b.Overlaps(rules.Occupied(t))))
                {
                    continue;
                }

                var overlapping = s.Schedule.Bookings.Count(b => b.Overlaps(rules.Occupied(t)));
                if (overlapping < rules.Capacity)
                {
                    slots.Add(new Slot(t, t + rules.Duration, s.Schedule.ProviderId, rules.Capacity - overlapping));
                }
            }
        }

        return slots;
    }

    public static bool IsWorking(ProviderSchedule schedule, DateTimeOffset minute)
    {
        var local = TimeZoneInfo.ConvertTime(minute, schedule.TimeZone);
        var date = DateOnly.FromDateTime(local.DateTime);
        var minuteOfDay = (local.Hour * 60) + local.Minute;
        var dateOverride = schedule.Overrides.FirstOrDefault(o => o.Date == date);
        return dateOverride is not null
            ? dateOverride.Periods.Any(p => p.StartMinute <= minuteOfDay && minuteOfDay < p.EndMinute)
            : schedule.WeeklyHours.Any(p => p.Day == date.DayOfWeek && p.StartMinute <= minuteOfDay && minuteOfDay < p.EndMinute);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
