using Platform.Core.Common;
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

/// <summary>A customer's booking of a service with a provider. Price and currency are copied at booking time.</summary>
public sealed class Booking : ITenantOwned
{
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
