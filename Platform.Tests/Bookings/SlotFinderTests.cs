using Platform.Core.Bookings;

namespace Platform.Tests.Bookings;

/// <summary>Worked examples of the daylight-saving rules; the property tests cover the rest.</summary>
public class SlotFinderTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly SlotRules HalfHours = new(TimeSpan.FromMinutes(30), TimeSpan.Zero, TimeSpan.Zero, 1, TimeSpan.Zero, 365, TimeSpan.FromMinutes(30));
    private static readonly DateTimeOffset LongAgo = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static ProviderSchedule Weekdays(TimeZoneInfo zone, int startHour, int endHour) => new(
        Guid.NewGuid(), zone,
        [.. Enum.GetValues<DayOfWeek>().Where(d => d is not DayOfWeek.Saturday and not DayOfWeek.Sunday).Select(d => new WorkingPeriod(d, startHour * 60, endHour * 60))],
        [], [], []);

    [Theory]
    [InlineData(2026, 3, 23)] // Berlin springs forward on Sunday 29 March 2026
    [InlineData(2026, 10, 19)] // and falls back on Sunday 25 October 2026
    public void Office_hours_give_the_same_local_slots_every_day_of_a_change_week(int year, int month, int day)
    {
        var monday = new DateTimeOffset(year, month, day, 0, 0, 0, TimeSpan.Zero);
        var slots = SlotFinder.Find(HalfHours, Weekdays(Berlin, 9, 17), monday, monday.AddDays(14), LongAgo);

        var byDay = slots.GroupBy(s => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(s.Start, Berlin).DateTime)).ToList();
        Assert.Equal(10, byDay.Count);
        Assert.All(byDay, day =>
        {
            var times = day.Select(s => TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(s.Start, Berlin).DateTime)).ToList();
            Assert.Equal(16, times.Count);
            Assert.Equal(new TimeOnly(9, 0), times[0]);
            Assert.Equal(new TimeOnly(16, 30), times[^1]);
        });
    }

    [Fact]
    public void A_night_shift_loses_the_skipped_hour_and_keeps_the_repeated_hour()
    {
        var nights = new ProviderSchedule(Guid.NewGuid(), Berlin,
            [.. Enum.GetValues<DayOfWeek>().Select(d => new WorkingPeriod(d, 0, 4 * 60))], [], [], []);

        var spring = SlotFinder.Find(HalfHours, nights, new DateTimeOffset(2026, 3, 28, 12, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 29, 12, 0, 0, TimeSpan.Zero), LongAgo);
        var autumn = SlotFinder.Find(HalfHours, nights, new DateTimeOffset(2026, 10, 24, 12, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 10, 25, 12, 0, 0, TimeSpan.Zero), LongAgo);

        Assert.Equal(6, spring.Count); // 00:00-04:00 with 02:00-03:00 skipped: three real hours
        Assert.Equal(10, autumn.Count); // 02:00-03:00 happens twice: five real hours
        Assert.Equal(new DateTimeOffset(2026, 10, 24, 22, 0, 0, TimeSpan.Zero), autumn[0].Start); // 00:00 CEST
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 3, 0, 0, TimeSpan.Zero), autumn[^1].End); // 04:00 CET
    }

    [Fact]
    public void A_customer_in_Berlin_sees_a_New_York_providers_hours_shifted_by_the_zones_own_rules()
    {
        var provider = Weekdays(NewYork, 9, 17);
        DateTimeOffset FirstSlotOn(int month, int day) =>
            SlotFinder.Find(HalfHours, provider, new DateTimeOffset(2026, month, day, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, month, day, 23, 59, 0, TimeSpan.Zero), LongAgo)[0].Start;

        // New York changes on 8 March, Berlin on 29 March: for three weeks the gap is five hours, not six.
        Assert.Equal(new TimeOnly(15, 0), TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(FirstSlotOn(3, 4), Berlin).DateTime));
        Assert.Equal(new TimeOnly(14, 0), TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(FirstSlotOn(3, 18), Berlin).DateTime));
        Assert.Equal(new TimeOnly(15, 0), TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(FirstSlotOn(4, 8), Berlin).DateTime));
    }

    [Fact]
    public void Buffers_keep_a_gap_around_existing_bookings()
    {
        var rules = HalfHours with { BufferBefore = TimeSpan.FromMinutes(15), BufferAfter = TimeSpan.FromMinutes(15), Interval = TimeSpan.FromMinutes(15) };
        var monday = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var tenOClock = new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero); // 10:00 in Berlin (CEST)
        var booked = rules.Occupied(tenOClock);
        var provider = Weekdays(Berlin, 9, 17) with { Bookings = [booked] };

        var starts = SlotFinder.Find(rules, provider, monday, monday.AddDays(1), LongAgo)
            .Select(s => TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(s.Start, Berlin).DateTime)).ToList();

        Assert.Contains(new TimeOnly(9, 0), starts);
        Assert.DoesNotContain(new TimeOnly(9, 15), starts); // would end 09:45 + 15 min buffer, inside the booking's buffer
        Assert.DoesNotContain(new TimeOnly(10, 30), starts);
        Assert.Contains(new TimeOnly(11, 0), starts);
    }

    [Fact]
    public void A_group_class_stays_open_until_its_capacity_is_used()
    {
        var rules = HalfHours with { Capacity = 3 };
        var nine = new DateTimeOffset(2026, 6, 1, 7, 0, 0, TimeSpan.Zero);
        var provider = Weekdays(Berlin, 9, 10) with { Bookings = [rules.Occupied(nine), rules.Occupied(nine)] };

        var slot = Assert.Single(SlotFinder.Find(rules, provider, nine, nine.AddMinutes(1), LongAgo));
        Assert.Equal(1, slot.RemainingCapacity);

        var full = provider with { Bookings = [.. provider.Bookings, rules.Occupied(nine)] };
        Assert.Empty(SlotFinder.Find(rules, full, nine, nine.AddMinutes(1), LongAgo));
    }

    [Fact]
    public void A_closed_date_override_removes_the_day_and_an_extra_hours_override_replaces_it()
    {
        var monday = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var closed = Weekdays(Berlin, 9, 17) with { Overrides = [new DateOverride(new DateOnly(2026, 6, 1), [])] };
        var extra = Weekdays(Berlin, 9, 17) with { Overrides = [new DateOverride(new DateOnly(2026, 6, 1), [new LocalPeriod(18 * 60, 20 * 60)])] };

        Assert.Empty(SlotFinder.Find(HalfHours, closed, monday, monday.AddDays(1), LongAgo));
        Assert.Equal(4, SlotFinder.Find(HalfHours, extra, monday, monday.AddDays(1), LongAgo).Count);
    }

    [Fact]
    public void A_team_lists_each_providers_slots_in_time_order()
    {
        var a = Weekdays(Berlin, 9, 10);
        var b = Weekdays(NewYork, 9, 10);
        var monday = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

        var slots = SlotFinder.FindForTeam(HalfHours, [a, b], monday, monday.AddDays(1), LongAgo);

        Assert.Equal(4, slots.Count);
        Assert.Equal([a.ProviderId, a.ProviderId, b.ProviderId, b.ProviderId], slots.Select(s => s.ProviderId));
        Assert.True(slots.Zip(slots.Skip(1)).All(p => p.First.Start <= p.Second.Start));
    }
}
