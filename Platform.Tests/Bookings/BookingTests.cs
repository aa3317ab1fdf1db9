using Platform.Core.Bookings;
using Platform.Core.Common;

namespace Platform.Tests.Bookings;

/// <summary>The booking lifecycle: Pending -> Confirmed -> Completed or NoShow; Cancelled and Rejected with a reason.</summary>
public class BookingTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly Guid Staff = Guid.NewGuid();

    private static Booking New(BookingStatus status) => new()
    {
        Status = status,
        StartUtc = Start,
        EndUtc = Start.AddHours(1),
        OccupiedStartUtc = Start,
        OccupiedEndUtc = Start.AddHours(1),
        Price = new Money(50m, "EUR"),
    };

    [Fact]
    public void A_pending_booking_is_confirmed_and_the_history_says_who_did_it()
    {
        var booking = New(BookingStatus.Pending);
        Assert.Null(booking.Confirm(Start.AddDays(-1), Staff));
        Assert.Equal(BookingStatus.Confirmed, booking.Status);
        var change = Assert.Single(booking.History);
        Assert.Equal((BookingChangeKind.Confirmed, Staff), (change.Kind, change.ByUserId));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Rejecting_or_cancelling_needs_a_reason(string reason)
    {
        var booking = New(BookingStatus.Pending);
        Assert.Equal("Give a reason.", booking.Reject(Start.AddDays(-1), Staff, reason)?.Message);
        Assert.Equal("Give a reason.", booking.Cancel(Start.AddDays(-1), Staff, reason)?.Message);
        Assert.Equal(BookingStatus.Pending, booking.Status);
        Assert.Empty(booking.History);
    }

    [Fact]
    public void A_reason_has_at_most_500_characters()
    {
        var booking = New(BookingStatus.Confirmed);
        Assert.NotNull(booking.Cancel(Start.AddDays(-1), Staff, new string('x', 501)));
        Assert.Null(booking.Cancel(Start.AddDays(-1), Staff, new string('x', 500)));
    }

    [Theory]
    [InlineData(BookingStatus.Confirmed, "A confirmed booking cannot be confirmed.")]
    [InlineData(BookingStatus.Cancelled, "A cancelled booking cannot be confirmed.")]
    [InlineData(BookingStatus.Rejected, "A rejected booking cannot be confirmed.")]
    public void Only_pending_bookings_are_confirmed(BookingStatus status, string message)
    {
        var booking = New(status);
        Assert.Equal(message, booking.Confirm(Start.AddDays(-1), Staff)?.Message);
        Assert.Equal(status, booking.Status);
    }

    [Fact]
    public void Completion_and_no_show_come_after_the_start_and_only_for_confirmed_bookings()
    {
        var early = New(BookingStatus.Confirmed);
        Assert.NotNull(early.Complete(Start.AddMinutes(-1), Staff));
        Assert.NotNull(early.MarkNoShow(Start.AddMinutes(-1), Staff));

        var done = New(BookingStatus.Confirmed);
        Assert.Null(done.Complete(Start.AddMinutes(70), Staff));
        Assert.Equal(BookingStatus.Completed, done.Status);

        var missed = New(BookingStatus.Confirmed);
        Assert.Null(missed.MarkNoShow(Start.AddMinutes(20), Staff));
        Assert.Equal(BookingStatus.NoShow, missed.Status);
        Assert.Equal("A no-show booking cannot be completed.", missed.Complete(Start.AddMinutes(30), Staff)?.Message);
    }

    [Fact]
    public void A_booking_that_has_ended_cannot_be_cancelled()
    {
        var booking = New(BookingStatus.Confirmed);
        Assert.Equal("A booking that has ended cannot be cancelled.", booking.Cancel(Start.AddHours(2), Staff, "late")?.Message);
    }

    [Fact]
    public void Rescheduling_keeps_the_previous_time_in_the_history_and_moves_the_occupied_time()
    {
        var booking = New(BookingStatus.Confirmed);
        var rules = new SlotRules(TimeSpan.FromHours(1), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(15), 1, TimeSpan.Zero, 60, TimeSpan.FromMinutes(15));
        var later = Start.AddDays(2);

        Assert.Null(booking.Reschedule(Start.AddDays(-1), Staff, later, rules));

        Assert.Equal((later, later.AddHours(1)), (booking.StartUtc, booking.EndUtc));
        Assert.Equal((later.AddMinutes(-10), later.AddMinutes(75)), (booking.OccupiedStartUtc, booking.OccupiedEndUtc));
        var change = Assert.Single(booking.History);
        Assert.Equal((BookingChangeKind.Rescheduled, Start, Start.AddHours(1)), (change.Kind, change.PreviousStartUtc!.Value, change.PreviousEndUtc!.Value));
    }

    [Fact]
    public void The_cancellation_window_closes_the_given_hours_before_the_start()
    {
        var booking = New(BookingStatus.Confirmed);
        Assert.True(booking.IsWithinCancellationWindow(Start.AddHours(-24), 24));
        Assert.False(booking.IsWithinCancellationWindow(Start.AddHours(-23), 24));
    }

    public static TheoryData<BookingStatus, int> EveryStatusAndMoment()
    {
        var data = new TheoryData<BookingStatus, int>();
        foreach (var status in Enum.GetValues<BookingStatus>())
        {
            foreach (var minutes in new[] { -48 * 60, -30, 0, 30, 60, 90 })
            {
                data.Add(status, minutes);
            }
        }

        return data;
    }

    /// <summary>
    /// The actions a booking offers are exactly those it then accepts, for every status, moment and kind of party: the
    /// calendar can no longer offer a change the ledger refuses (as it once offered Cancel on an ended pending booking).
    /// </summary>
    [Theory]
    [MemberData(nameof(EveryStatusAndMoment))]
    public void The_actions_offered_are_exactly_the_actions_accepted(BookingStatus status, int minutesAfterStart)
    {
        var now = Start.AddMinutes(minutesAfterStart);
        var rules = new SlotRules(TimeSpan.FromHours(1), TimeSpan.Zero, TimeSpan.Zero, 1, TimeSpan.Zero, 60, TimeSpan.FromMinutes(15));
        BookingParty[] parties =
        [
            new(Platform.Core.Access.Actor.Manager(Staff), false, false),
            new(Platform.Core.Access.Actor.Staff(Staff), ProvidesIt: true, BookedIt: false),
            new(Platform.Core.Access.Actor.Staff(Staff), ProvidesIt: false, BookedIt: false),
            new(Platform.Core.Access.Actor.Anonymous, ProvidesIt: false, BookedIt: true),
            new(Platform.Core.Access.Actor.Customer(Staff), ProvidesIt: false, BookedIt: false),
        ];
        foreach (var party in parties)
        {
            var offered = New(status).AllowedActions(party, now, cancellationWindowHours: 0);
            foreach (var action in Enum.GetValues<BookingAction>())
            {
                var booking = New(status);
                var refused = booking.Check(action, party, now, 0)
                              ?? (action == BookingAction.Reschedule
                                  ? booking.Reschedule(now, Staff, Start.AddDays(1), rules)
                                  : booking.Apply(action, now, Staff, "A reason"));
                Assert.True(offered.Contains(action) == (refused is null), $"{party.Actor.Role} (provides {party.ProvidesIt}, booked {party.BookedIt}), {status} at {minutesAfterStart} min: {action} offered {offered.Contains(action)}, refused: {refused?.Message}");
            }
        }
    }

    [Fact]
    public void An_ended_pending_booking_can_be_approved_or_rejected_but_no_longer_cancelled()
    {
        var manager = new BookingParty(Platform.Core.Access.Actor.Manager(Staff), false, false);
        Assert.Equal([BookingAction.Confirm, BookingAction.Reject], New(BookingStatus.Pending).AllowedActions(manager, Start.AddHours(2), 24));
        Assert.Equal(Platform.Core.Errors.ErrorCodes.InvalidTransition, New(BookingStatus.Pending).Cancel(Start.AddHours(2), Staff, "Too late")?.Code);
    }

    [Fact]
    public void Staff_reach_only_their_own_calendar_and_never_approve()
    {
        var own = new BookingParty(Platform.Core.Access.Actor.Staff(Staff), ProvidesIt: true, BookedIt: false);
        var other = new BookingParty(Platform.Core.Access.Actor.Staff(Staff), ProvidesIt: false, BookedIt: false);
        var now = Start.AddDays(-1);
        Assert.Equal([BookingAction.Cancel, BookingAction.Reschedule], New(BookingStatus.Pending).AllowedActions(own, now, 24));
        Assert.Empty(New(BookingStatus.Pending).AllowedActions(other, now, 24));
        Assert.Equal(Platform.Core.Errors.ErrorCodes.NotFound, New(BookingStatus.Pending).Check(BookingAction.Cancel, other, now, 24)?.Code);
        Assert.Equal(Platform.Core.Errors.ErrorCodes.Forbidden, New(BookingStatus.Pending).Check(BookingAction.Confirm, own, now, 24)?.Code);
    }
}
