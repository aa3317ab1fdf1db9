using Platform.Core.Access;
using Platform.Core.Common;
using Platform.Core.Errors;
using Platform.Core.Events;
using Platform.Core.Tenancy;

namespace Platform.Core.Bookings;

public enum BookingStatus
{
    Pending = 0,
    Confirmed = 1,
    Completed = 2,
    NoShow = 3,
    Cancelled = 4,
    Rejected = 5,
}

/// <summary>Where a booking was made: by the team (at the desk or on the phone), on the portal, or through the API.</summary>
public enum BookingChannel
{
    FrontDesk = 0,
    Portal = 1,
    Api = 2,
}

public static class BookingChannels
{
    /// <summary>The channel of a booking the actor places: customers and guests book on the portal, keys through the API, the team at the desk.</summary>
    public static BookingChannel Of(Actor actor) => actor.Role switch
    {
        ActorRole.Customer or ActorRole.Anonymous => BookingChannel.Portal,
        ActorRole.Integration => BookingChannel.Api,
        _ => BookingChannel.FrontDesk,
    };
}

/// <summary>
/// A booking's status and time as someone saw them when they chose a change: the ledger refuses the change if the booking
/// is no longer so (a colleague, the customer or a workflow changed it meanwhile).
/// </summary>
public sealed record BookingState(BookingStatus Status, DateTimeOffset StartUtc, DateTimeOffset EndUtc);

/// <summary>
/// A customer's booking of a service with a provider. Price and currency are copied at booking time.
/// Each lifecycle method records a domain event, which the save that stores the change puts into the outbox.
/// </summary>
public sealed class Booking : ITenantOwned, IRecordsEvents
{
    private readonly List<BookingEvent> _events = [];

    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    public Guid ServiceId { get; init; }

    public Guid ProviderId { get; init; }

    public Guid CustomerId { get; init; }

    public DateTimeOffset StartUtc { get; set; }

    public DateTimeOffset EndUtc { get; set; }

    /// <summary>Start minus the service's buffer before: the time this booking keeps the provider busy.</summary>
    public DateTimeOffset OccupiedStartUtc { get; set; }

    /// <summary>End plus the service's buffer after.</summary>
    public DateTimeOffset OccupiedEndUtc { get; set; }

    public BookingStatus Status { get; set; }

    public required Money Price { get; init; }

    public string Notes { get; set; } = "";

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Where it was made.</summary>
    public BookingChannel Channel { get; init; }

    /// <summary>The client's key for a retried create; unique per tenant.</summary>
    public string? IdempotencyKey { get; init; }

    public List<BookingChange> History { get; init; } = [];

    /// <summary>The answers to the service's intake questions, copied with each question's label when booked.</summary>
    public IReadOnlyList<IntakeAnswer> Answers { get; init; } = [];

    /// <summary>Statuses that keep the provider's time taken.</summary>
    public static readonly IReadOnlyList<BookingStatus> Occupying = [BookingStatus.Pending, BookingStatus.Confirmed, BookingStatus.Completed, BookingStatus.NoShow];

    public UtcRange Occupied => new(OccupiedStartUtc, OccupiedEndUtc);

    /// <summary>What a change of the booking is decided on: its status and its time (<see cref="BookingState"/>).</summary>
    public BookingState State => new(Status, StartUtc, EndUtc);

    public const int MaxReasonLength = 500;

    /// <summary>The shortest length staff may give a booking, in minutes.</summary>
    public const int MinLengthMinutes = 5;

    /// <summary>The longest length staff may give a booking, in minutes (twelve hours).</summary>
    public const int MaxLengthMinutes = 12 * 60;

    /// <summary>The longest buffer a service keeps free before or after a booking, in minutes (four hours).</summary>
    public const int MaxBufferMinutes = 4 * 60;

    /// <summary>
    /// The longest a booking can occupy its provider: the longest length and the longest buffers on both sides. A read
    /// that looks for bookings overlapping a range also bounds their start from below by this much, so that it reads
    /// the same rows however many years of bookings lie before the range.
    /// </summary>
    public static readonly TimeSpan MaxOccupiedSpan = TimeSpan.FromMinutes(MaxLengthMinutes + (2 * MaxBufferMinutes));

    /// <summary>The longest a booking itself lasts (without buffers); see <see cref="MaxOccupiedSpan"/>.</summary>
    public static readonly TimeSpan MaxLength = TimeSpan.FromMinutes(MaxLengthMinutes);

    /// <summary>Lengths are whole steps of this many minutes.</summary>
    public const int LengthStepMinutes = 5;

    /// <summary>How long the appointment lasts: the service's duration when booked, or what staff changed it to.</summary>
    public TimeSpan Length => EndUtc - StartUtc;

    /// <summary>
    /// A new booking of <paramref name="service"/> with <paramref name="providerId"/>, priced and timed by the service's
    /// rules; it waits for approval when the service asks for it. Records its creation in its history and as a
    /// <see cref="BookingCreated"/> event. The caller has checked, under the provider's lock, that the time is free.
    /// </summary>
    public static Booking Place(
        PlaceBooking request, Service service, Guid providerId, DateTimeOffset now, Guid? by, IReadOnlyList<IntakeAnswer>? answers = null,
        BookingChannel channel = BookingChannel.FrontDesk)
    {
        var rules = service.ToSlotRules();
        var occupied = rules.Occupied(request.StartUtc);
        var booking = new Booking
        {
            ServiceId = service.Id,
            ProviderId = providerId,
            CustomerId = request.CustomerId,
            StartUtc = request.StartUtc,
            EndUtc = request.StartUtc + rules.Duration,
            OccupiedStartUtc = occupied.Start,
            OccupiedEndUtc = occupied.End,
            Status = service.RequiresApproval ? BookingStatus.Pending : BookingStatus.Confirmed,
            Price = service.Price,
            Notes = request.Notes,
            CreatedAt = now,
            Channel = channel,
            IdempotencyKey = request.IdempotencyKey,
            Answers = answers ?? [],
        };
        booking.Placed(now, by);
        return booking;
    }

    /// <summary>
    /// Records the creation of a booking in its history and as a <see cref="BookingCreated"/> event. <see cref="Place"/> does
    /// this; a booking built from stored values (an import, test data) calls it itself.
    /// </summary>
    public void Placed(DateTimeOffset now, Guid? by)
    {
        History.Add(new BookingChange { TenantId = TenantId, BookingId = Id, Kind = BookingChangeKind.Created, At = now, ByUserId = by });
        _events.Add(new BookingCreated(TenantId, now, Id, ServiceId, ProviderId, CustomerId, StartUtc, EndUtc, by, Status));
    }

    /// <inheritdoc />
    public IReadOnlyList<IDomainEvent> TakeEvents()
    {
        // A new booking gets its tenant when it is saved, after its creation event was recorded.
        IDomainEvent[] taken = [.. _events.Select(e => e.TenantId == Guid.Empty ? e with { TenantId = TenantId } : e)];
        _events.Clear();
        return taken;
    }

    /// <summary>
    /// The actions <paramref name="party"/> may take on this booking now: the one table that the ledger enforces and the
    /// calendar offers. Managers (and the tenant's integration) may do what the status allows; staff the same on their own
    /// calendar except approving and rejecting; the customer may cancel or move it until the cancellation window closes.
    /// </summary>
    public IReadOnlyList<BookingAction> AllowedActions(BookingParty party, DateTimeOffset now, int cancellationWindowHours) =>
        [.. Enum.GetValues<BookingAction>().Where(a => Check(a, party, now, cancellationWindowHours) is null)];

    /// <summary>Why <paramref name="party"/> may not take <paramref name="action"/> now, or null: first who may, then what the status allows.</summary>
    public DomainError? Check(BookingAction action, BookingParty party, DateTimeOffset now, int cancellationWindowHours) =>
        AccessProblem(action, party, now, cancellationWindowHours) ?? TransitionProblem(action, now);

    /// <summary>Approves a booking that waited for approval.</summary>
    public DomainError? Confirm(DateTimeOffset now, Guid? by) => Move(BookingAction.Confirm, BookingStatus.Confirmed, now, by, null);

    /// <summary>Turns down a booking that waited for approval; the customer is told the reason.</summary>
    public DomainError? Reject(DateTimeOffset now, Guid? by, string reason) =>
        RequireReason(reason) ?? Move(BookingAction.Reject, BookingStatus.Rejected, now, by, reason);

    /// <summary>Cancels a booking that has not ended yet.</summary>
    public DomainError? Cancel(DateTimeOffset now, Guid? by, string reason) =>
        RequireReason(reason) ?? Move(BookingAction.Cancel, BookingStatus.Cancelled, now, by, reason);

    /// <summary>Records that the appointment took place.</summary>
    public DomainError? Complete(DateTimeOffset now, Guid? by) => Move(BookingAction.Complete, BookingStatus.Completed, now, by, null);

    /// <summary>Records that the customer did not come.</summary>
    public DomainError? MarkNoShow(DateTimeOffset now, Guid? by) => Move(BookingAction.NoShow, BookingStatus.NoShow, now, by, null);

    /// <summary>Takes a status-changing action (not <see cref="BookingAction.Reschedule"/>), with the reason where one is asked for.</summary>
    public DomainError? Apply(BookingAction action, DateTimeOffset now, Guid? by, string? reason) => action switch
    {
        BookingAction.Confirm => Confirm(now, by),
        BookingAction.Reject => Reject(now, by, reason ?? ""),
        BookingAction.Cancel => Cancel(now, by, reason ?? ""),
        BookingAction.Complete => Complete(now, by),
        BookingAction.NoShow => MarkNoShow(now, by),
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Rescheduling needs a new start: use Reschedule."),
    };

    /// <summary>Whether an action asks for a reason (the customer is told it).</summary>
    public static bool NeedsReason(BookingAction action) => action is BookingAction.Reject or BookingAction.Cancel;

    /// <summary>
    /// Moves the booking to a new time before it starts, lasting <paramref name="rules"/>' duration (the ledger passes the
    /// booking's own length, or a new one staff chose); the caller has checked the new time is free. History keeps the old time.
    /// </summary>
    public DomainError? Reschedule(DateTimeOffset now, Guid? by, DateTimeOffset start, SlotRules rules)
    {
        if (TransitionProblem(BookingAction.Reschedule, now) is { } problem)
        {
            return problem;
        }

        History.Add(new BookingChange
        {
            TenantId = TenantId,
            BookingId = Id,
            Kind = BookingChangeKind.Rescheduled,
            At = now,
            ByUserId = by,
            PreviousStartUtc = StartUtc,
            PreviousEndUtc = EndUtc,
        });
        var (previousStart, previousEnd) = (StartUtc, EndUtc);
        StartUtc = start;
        EndUtc = start + rules.Duration;
        var occupied = rules.Occupied(start);
        OccupiedStartUtc = occupied.Start;
        OccupiedEndUtc = occupied.End;
        _events.Add(new BookingRescheduled(TenantId, now, Id, ServiceId, ProviderId, CustomerId, StartUtc, EndUtc, by, previousStart, previousEnd, Status));
        return null;
    }

    /// <summary>
    /// Why <paramref name="party"/> may not give this booking a new <paramref name="length"/>, or null. Only staff who may
    /// move it (managers, and its provider) change a length, in whole steps of <see cref="LengthStepMinutes"/> minutes from
    /// <see cref="MinLengthMinutes"/> to <see cref="MaxLengthMinutes"/>; customers move a booking but keep its length.
    /// </summary>
    public DomainError? CheckLength(BookingParty party, TimeSpan length)
    {
        if (length == Length)
        {
            return null;
        }

        if (!party.Actor.ManagesTenant && !(party.Actor.Role == ActorRole.Staff && party.ProvidesIt))
        {
            return party.Sees ? new DomainError(ErrorCodes.Forbidden, "Length", "Only staff can change how long a booking lasts.") : NotThere;
        }

        return length < TimeSpan.FromMinutes(MinLengthMinutes) || length > TimeSpan.FromMinutes(MaxLengthMinutes)
            ? new DomainError(ErrorCodes.ValidationFailed, "Length", $"A booking lasts from {MinLengthMinutes} minutes to {MaxLengthMinutes / 60} hours.")
            : length.Ticks % TimeSpan.FromMinutes(LengthStepMinutes).Ticks != 0
                ? new DomainError(ErrorCodes.ValidationFailed, "Length", $"A booking's length is a whole number of {LengthStepMinutes}-minute steps.")
                : null;
    }

    /// <summary>Whether a customer may still cancel or reschedule, given the service's window.</summary>
    public bool IsWithinCancellationWindow(DateTimeOffset now, int windowHours) => now <= StartUtc.AddHours(-windowHours);

    private DomainError? AccessProblem(BookingAction action, BookingParty party, DateTimeOffset now, int windowHours)
    {
        if (party.Actor.ManagesTenant)
        {
            return null;
        }

        if (party.Actor.Role == ActorRole.Staff && party.ProvidesIt)
        {
            return action is BookingAction.Confirm or BookingAction.Reject
                ? new DomainError(ErrorCodes.Forbidden, "Action", "Only managers can approve or reject bookings.")
                : null;
        }

        if (party.BookedIt)
        {
            return action is not (BookingAction.Cancel or BookingAction.Reschedule)
                ? new DomainError(ErrorCodes.Forbidden, "Action", "Customers can cancel or reschedule their bookings, nothing else.")
                : !IsWithinCancellationWindow(now, windowHours)
                    ? new DomainError(ErrorCodes.OutsideCancellationWindow, "StartUtc",
                        $"Bookings can be {(action == BookingAction.Cancel ? "cancelled" : "changed")} online until {windowHours} hours before they start. Please contact us.")
                    : null;
        }

        return NotThere;
    }

    /// <summary>What the status and the clock allow, whoever asks.</summary>
    private DomainError? TransitionProblem(BookingAction action, DateTimeOffset now) => action switch
    {
        BookingAction.Confirm or BookingAction.Reject when Status != BookingStatus.Pending => Invalid(action),
        BookingAction.Cancel when Status is not (BookingStatus.Pending or BookingStatus.Confirmed) => Invalid(action),
        BookingAction.Cancel when now >= EndUtc => new DomainError(ErrorCodes.InvalidTransition, "Status", "A booking that has ended cannot be cancelled."),
        BookingAction.Complete or BookingAction.NoShow when Status != BookingStatus.Confirmed => Invalid(action),
        BookingAction.Complete when now < StartUtc => new DomainError(ErrorCodes.InvalidTransition, "Status", "A booking can be completed once it has started."),
        BookingAction.NoShow when now < StartUtc => new DomainError(ErrorCodes.InvalidTransition, "Status", "A no-show can be recorded once the booking has started."),
        BookingAction.Reschedule when Status is not (BookingStatus.Pending or BookingStatus.Confirmed) => Invalid(action),
        BookingAction.Reschedule when now >= StartUtc => new DomainError(ErrorCodes.InvalidTransition, "Status", "A booking that has started cannot be moved."),
        _ => null,
    };

    /// <summary>Another provider's booking, to staff, and another customer's, to a customer: not there.</summary>
    private static readonly DomainError NotThere = new(ErrorCodes.NotFound, "BookingId", "There is no such booking.");

    private DomainError Invalid(BookingAction action) => new(ErrorCodes.InvalidTransition, "Status", $"A {StatusLabel} booking cannot be {Verb(action)}.");

    private static string Verb(BookingAction action) => action switch
    {
        BookingAction.Confirm => "confirmed",
        BookingAction.Reject => "rejected",
        BookingAction.Cancel => "cancelled",
        BookingAction.Complete => "completed",
        BookingAction.NoShow => "marked as a no-show",
        _ => "rescheduled",
    };

    private DomainError? Move(BookingAction action, BookingStatus to, DateTimeOffset now, Guid? by, string? reason)
    {
        if (TransitionProblem(action, now) is { } problem)
        {
            return problem;
        }

        Status = to;
        var kind = action switch
        {
            BookingAction.Confirm => BookingChangeKind.Confirmed,
            BookingAction.Reject => BookingChangeKind.Rejected,
            BookingAction.Cancel => BookingChangeKind.Cancelled,
            BookingAction.Complete => BookingChangeKind.Completed,
            _ => BookingChangeKind.NoShow,
        };
        History.Add(new BookingChange { TenantId = TenantId, BookingId = Id, Kind = kind, At = now, ByUserId = by, Reason = reason?.Trim() });
        _events.Add(EventOf(kind, now, by, reason?.Trim() ?? ""));
        return null;
    }

    private BookingEvent EventOf(BookingChangeKind kind, DateTimeOffset now, Guid? by, string reason) => kind switch
    {
        BookingChangeKind.Confirmed => new BookingConfirmed(TenantId, now, Id, ServiceId, ProviderId, CustomerId, StartUtc, EndUtc, by),
        BookingChangeKind.Rejected => new BookingRejected(TenantId, now, Id, ServiceId, ProviderId, CustomerId, StartUtc, EndUtc, by, reason),
        BookingChangeKind.Cancelled => new BookingCancelled(TenantId, now, Id, ServiceId, ProviderId, CustomerId, StartUtc, EndUtc, by, reason),
        BookingChangeKind.Completed => new BookingCompleted(TenantId, now, Id, ServiceId, ProviderId, CustomerId, StartUtc, EndUtc, by),
        BookingChangeKind.NoShow => new BookingNoShow(TenantId, now, Id, ServiceId, ProviderId, CustomerId, StartUtc, EndUtc, by),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a status change."),
    };

    private string StatusLabel => Status == BookingStatus.NoShow ? "no-show" : Status.ToString().ToLowerInvariant();

    private static DomainError? RequireReason(string? reason) =>
        string.IsNullOrWhiteSpace(reason) ? new DomainError(ErrorCodes.ValidationFailed, "Reason", "Give a reason.")
            : reason.Trim().Length > MaxReasonLength ? new DomainError(ErrorCodes.ValidationFailed, "Reason", $"A reason has at most {MaxReasonLength} characters.") : null;
}

public enum BookingChangeKind
{
    Created = 0,
    Confirmed = 1,
    Rejected = 2,
    Cancelled = 3,
    Rescheduled = 4,
    Completed = 5,
    NoShow = 6,
}

/// <summary>One step in a booking's life: who did what, when, and why.</summary>
public sealed class BookingChange : ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    public Guid BookingId { get; init; }

    public BookingChangeKind Kind { get; init; }

    public DateTimeOffset At { get; init; }

    public Guid? ByUserId { get; init; }

    public string? Reason { get; init; }

    public DateTimeOffset? PreviousStartUtc { get; init; }

    public DateTimeOffset? PreviousEndUtc { get; init; }
}
