using FsCheck.Xunit;
using Platform.Core.Bookings;

namespace Platform.Tests.Bookings;

/// <summary>Properties of SlotFinder over random weeks around daylight-saving changes in many zones.</summary>
public class SlotFinderPropertyTests
{
    [Property(MaxTest = 300, Arbitrary = [typeof(SlotScenarios)])]
    public bool Slots_are_exactly_the_oracles_so_none_is_lost_or_invented(SlotScenario s) =>
        SlotFinder.Find(s.Rules, s.Schedule, s.From, s.To, s.Now).SequenceEqual(SlotOracle.Find(s));

    [Property(MaxTest = 300, Arbitrary = [typeof(SlotScenarios)])]
    public bool No_slot_overlaps_more_bookings_than_capacity_allows_buffers_included(SlotScenario s) =>
        SlotFinder.Find(s.Rules, s.Schedule, s.From, s.To, s.Now).All(slot =>
            s.Schedule.Bookings.Count(b => b.Overlaps(s.Rules.Occupied(slot.Start))) < s.Rules.Capacity);

    [Property(MaxTest = 300, Arbitrary = [typeof(SlotScenarios)])]
    public bool No_slot_touches_another_services_booking_or_its_buffers_whatever_the_capacity(SlotScenario s) =>
        SlotFinder.Find(s.Rules, s.Schedule, s.From, s.To, s.Now).All(slot =>
            !s.Schedule.Busy.Any(b => b.Overlaps(s.Rules.Occupied(slot.Start))));

    [Property(MaxTest = 300, Arbitrary = [typeof(SlotScenarios)])]
    public bool With_capacity_one_no_slot_touches_a_booking_or_its_buffers(SlotScenario s)
    {
        var rules = s.Rules with { Capacity = 1 };
        return SlotFinder.Find(rules, s.Schedule, s.From, s.To, s.Now).All(slot =>
            !s.Schedule.Bookings.Any(b => b.Overlaps(rules.Occupied(slot.Start))));
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(SlotScenarios)])]
    public bool Every_minute_of_every_slot_is_working_time_and_not_time_off(SlotScenario s) =>
        SlotFinder.Find(s.Rules, s.Schedule, s.From, s.To, s.Now).All(slot =>
        {
            for (var minute = slot.Start; minute < slot.End; minute = minute.AddMinutes(1))
            {
                if (!SlotOracle.IsWorking(s.Schedule, minute) || s.Schedule.TimeOff.Any(o => o.Start <= minute && minute < o.End))
                {
                    return false;
                }
            }

            return true;
        });

    [Property(MaxTest = 300, Arbitrary = [typeof(SlotScenarios)])]
    public bool Slots_respect_notice_advance_and_the_range(SlotScenario s) =>
        SlotFinder.Find(s.Rules, s.Schedule, s.From, s.To, s.Now).All(slot =>
            slot.Start >= s.From && slot.Start < s.To &&
            slot.Start >= s.Now + s.Rules.MinimumNotice &&
            slot.Start < s.Now + TimeSpan.FromDays(s.Rules.MaximumDaysInAdvance));
}
