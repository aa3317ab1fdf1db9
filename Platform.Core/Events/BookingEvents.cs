using Platform.Core.Bookings;

namespace Platform.Core.Events;

/// <summary>What every booking event tells: which booking, of whom with whom, when, and who acted (null: the system or a guest).</summary>
public abstract record BookingEvent(
    Guid TenantId,
    DateTimeOffset OccurredAt,
    Guid BookingId,
    Guid ServiceId,
    Guid ProviderId,
    Guid CustomerId,
    DateTimeOffset StartUtc,
    DateTimeOffset EndUtc,
    Guid? ByUserId) : IDomainEvent, ISequencedMessage
{
    /// <summary>A booking's events are handled in the order they happened.</summary>
    Guid ISequencedMessage.SequenceKey => BookingId;
}

/// <summary>A booking was placed; <see cref="Status"/> says whether it waits for approval.</summary>
[MessageType("booking.created")]
public sealed record BookingCreated(Guid TenantId, DateTimeOffset OccurredAt, Guid BookingId, Guid ServiceId, Guid ProviderId, Guid CustomerId,
    DateTimeOffset StartUtc, DateTimeOffset EndUtc, Guid? ByUserId, BookingStatus Status)
    : BookingEvent(TenantId, OccurredAt, BookingId, ServiceId, ProviderId, CustomerId, StartUtc, EndUtc, ByUserId);

[MessageType("booking.confirmed")]
public sealed record BookingConfirmed(Guid TenantId, DateTimeOffset OccurredAt, Guid BookingId, Guid ServiceId, Guid ProviderId, Guid CustomerId,
    DateTimeOffset StartUtc, DateTimeOffset EndUtc, Guid? ByUserId)
    : BookingEvent(TenantId, OccurredAt, BookingId, ServiceId, ProviderId, CustomerId, StartUtc, EndUtc, ByUserId);

[MessageType("booking.rejected")]
public sealed record BookingRejected(Guid TenantId, DateTimeOffset OccurredAt, Guid BookingId, Guid ServiceId, Guid ProviderId, Guid CustomerId,
    DateTimeOffset StartUtc, DateTimeOffset EndUtc, Guid? ByUserId, string Reason)
    : BookingEvent(TenantId, OccurredAt, BookingId, ServiceId, ProviderId, CustomerId, StartUtc, EndUtc, ByUserId);

[MessageType("booking.cancelled")]
public sealed record BookingCancelled(Guid TenantId, DateTimeOffset OccurredAt, Guid BookingId, Guid ServiceId, Guid ProviderId, Guid CustomerId,
    DateTimeOffset StartUtc, DateTimeOffset EndUtc, Guid? ByUserId, string Reason)
    : BookingEvent(TenantId, OccurredAt, BookingId, ServiceId, ProviderId, CustomerId, StartUtc, EndUtc, ByUserId);

/// <summary>A booking moved; <see cref="BookingEvent.StartUtc"/> and <see cref="BookingEvent.EndUtc"/> are the new time.</summary>
[MessageType("booking.rescheduled")]
public sealed record BookingRescheduled(Guid TenantId, DateTimeOffset OccurredAt, Guid BookingId, Guid ServiceId, Guid ProviderId, Guid CustomerId,
    DateTimeOffset StartUtc, DateTimeOffset EndUtc, Guid? ByUserId, DateTimeOffset PreviousStartUtc, DateTimeOffset PreviousEndUtc, BookingStatus Status)
    : BookingEvent(TenantId, OccurredAt, BookingId, ServiceId, ProviderId, CustomerId, StartUtc, EndUtc, ByUserId);

[MessageType("booking.completed")]
public sealed record BookingCompleted(Guid TenantId, DateTimeOffset OccurredAt, Guid BookingId, Guid ServiceId, Guid ProviderId, Guid CustomerId,
    DateTimeOffset StartUtc, DateTimeOffset EndUtc, Guid? ByUserId)
    : BookingEvent(TenantId, OccurredAt, BookingId, ServiceId, ProviderId, CustomerId, StartUtc, EndUtc, ByUserId);

[MessageType("booking.no_show")]
public sealed record BookingNoShow(Guid TenantId, DateTimeOffset OccurredAt, Guid BookingId, Guid ServiceId, Guid ProviderId, Guid CustomerId,
    DateTimeOffset StartUtc, DateTimeOffset EndUtc, Guid? ByUserId)
    : BookingEvent(TenantId, OccurredAt, BookingId, ServiceId, ProviderId, CustomerId, StartUtc, EndUtc, ByUserId);

/// <summary>A customer record was created: on the portal, by a guest's first booking, or by staff.</summary>
[MessageType("customer.created")]
public sealed record CustomerCreated(Guid TenantId, DateTimeOffset OccurredAt, Guid CustomerId) : IDomainEvent;
