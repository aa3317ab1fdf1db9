using Platform.Core.Common;
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

    /// <summary>The client's key for a retried create; unique per tenant.</summary>
    public string? IdempotencyKey { get; init; }

    public List<BookingChange> History { get; init; } = [];

    /// <summary>Statuses that keep the provider's time taken.</summary>
    public static readonly IReadOnlyList<BookingStatus> Occupying = [BookingStatus.Pending, BookingStatus.Confirmed, BookingStatus.Completed, BookingStatus.NoShow];

    public UtcRange Occupied => new(OccupiedStartUtc, OccupiedEndUtc);

    public const int MaxReasonLength = 500;

    /// <summary>Records the creation of a new booking in its history and as a <see cref="BookingCreated"/> event.</summary>
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

    /// <summary>Approves a booking that waited for approval. Returns null, or why it cannot be done.</summary>
    public string? Confirm(DateTimeOffset now, Guid? by) =>
        Move(BookingStatus.Confirmed, BookingChangeKind.Confirmed, "confirmed", now, by, null, [BookingStatus.Pending]);

    /// <summary>Turns down a booking that waited for approval; the customer is told the reason.</summary>
    public string? Reject(DateTimeOffset now, Guid? by, string reason) =>
        RequireReason(reason) ?? Move(BookingStatus.Rejected, BookingChangeKind.Rejected, "rejected", now, by, reason, [BookingStatus.Pending]);

    /// <summary>Cancels a booking that has not ended yet.</summary>
    public string? Cancel(DateTimeOffset now, Guid? by, string reason) =>
        RequireReason(reason) ?? (now >= EndUtc ? "A booking that has ended cannot be cancelled."
            : Move(BookingStatus.Cancelled, BookingChangeKind.Cancelled, "cancelled", now, by, reason, [BookingStatus.Pending, BookingStatus.Confirmed]));

    /// <summary>Records that the appointment took place.</summary>
    public string? Complete(DateTimeOffset now, Guid? by) =>
        now < StartUtc ? "A booking can be completed once it has started."
            : Move(BookingStatus.Completed, BookingChangeKind.Completed, "completed", now, by, null, [BookingStatus.Confirmed]);

    /// <summary>Records that the customer did not come.</summary>
    public string? MarkNoShow(DateTimeOffset now, Guid? by) =>
        now < StartUtc ? "A no-show can be recorded once the booking has started."
            : Move(BookingStatus.NoShow, BookingChangeKind.NoShow, "marked as a no-show", now, by, null, [BookingStatus.Confirmed]);

    /// <summary>Moves the booking to a new time; the caller has checked the new time is free. History keeps the old time.</summary>
    public string? Reschedule(DateTimeOffset now, Guid? by, DateTimeOffset start, SlotRules rules)
    {
        if (Status is not (BookingStatus.Pending or BookingStatus.Confirmed))
        {
            return $"A {StatusLabel} booking cannot be rescheduled.";
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

    /// <summary>Whether a customer may still cancel or reschedule, given the service's window.</summary>
    public bool IsWithinCancellationWindow(DateTimeOffset now, int windowHours) => IsWithinCancellationWindow(StartUtc, now, windowHours);

    /// <summary>The same rule for a booking known only by its start.</summary>
    public static bool IsWithinCancellationWindow(DateTimeOffset start, DateTimeOffset now, int windowHours) => now <= start.AddHours(-windowHours);

    private string? Move(BookingStatus to, BookingChangeKind kind, string verb, DateTimeOffset now, Guid? by, string? reason, BookingStatus[] from)
    {
        if (!from.Contains(Status))
        {
            return $"A {StatusLabel} booking cannot be {verb}.";
        }

        Status = to;
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

    private static string? RequireReason(string? reason) =>
        string.IsNullOrWhiteSpace(reason) ? "Give a reason."
            : reason.Trim().Length > MaxReasonLength ? $"A reason has at most {MaxReasonLength} characters." : null;
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
