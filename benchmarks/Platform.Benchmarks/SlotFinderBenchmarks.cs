using BenchmarkDotNet.Attributes;
using Platform.Core.Bookings;

namespace Platform.Benchmarks;

/// <summary>
/// Availability over 30 days: one provider with 300 bookings (target under 0.5 ms), and a team of 20
/// providers with 300 bookings each (target under 10 ms). Weekday hours 9-17 with a lunch break, in
/// zones that change to daylight saving inside the range.
/// </summary>
[MemoryDiagnoser]
public class SlotFinderBenchmarks
{
    private static readonly string[] Zones = ["Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata"];
    private readonly SlotRules _rules = new(TimeSpan.FromMinutes(45), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), 1, TimeSpan.FromHours(2), 90, TimeSpan.FromMinutes(15));
    private readonly DateTimeOffset _from = new(2026, 3, 16, 0, 0, 0, TimeSpan.Zero); // spans Berlin's and Sydney's changes
    private ProviderSchedule _one = default!;
    private ProviderSchedule[] _team = default!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _one = Provider(random, Zones[0]);
        _team = [.. Enumerable.Range(0, 20).Select(i => Provider(random, Zones[i % Zones.Length]))];
    }

    [Benchmark(Description = "1 provider, 30 days, 300 bookings")]
    public int OneProvider() => SlotFinder.Find(_rules, _one, _from, _from.AddDays(30), _from.AddDays(-1)).Count;

    [Benchmark(Description = "20 providers, 30 days, 300 bookings each")]
    public int Team() => SlotFinder.FindForTeam(_rules, _team, _from, _from.AddDays(30), _from.AddDays(-1)).Count;

    private ProviderSchedule Provider(Random random, string zone)
    {
        var weekly = Enum.GetValues<DayOfWeek>()
            .Where(d => d is not DayOfWeek.Sunday)
            .SelectMany(d => new[] { new WorkingPeriod(d, 9 * 60, 12 * 60 + 30), new WorkingPeriod(d, 13 * 60 + 15, 17 * 60) })
            .ToList();
        // 300 bookings of 30-60 minutes at random quarter hours within the 30 days' working hours.
        var bookings = Enumerable.Range(0, 300).Select(_ =>
        {
            var day = random.Next(0, 30);
            var start = _from.AddDays(day).AddHours(8 + random.Next(0, 9)).AddMinutes(15 * random.Next(0, 4));
            return _rules.Occupied(start) with { End = start.AddMinutes(30 + (15 * random.Next(0, 3))) + _rules.BufferAfter };
        }).ToList();
        var timeOff = new List<UtcRange> { new(_from.AddDays(10), _from.AddDays(12)) };
        var overrides = new List<DateOverride> { new(DateOnly.FromDateTime(_from.AddDays(5).UtcDateTime), [new LocalPeriod(10 * 60, 14 * 60)]) };
        return new ProviderSchedule(Guid.NewGuid(), TimeZoneInfo.FindSystemTimeZoneById(zone), weekly, overrides, timeOff, bookings);
    }
}
