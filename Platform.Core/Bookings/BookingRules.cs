using Platform.Core.Access;
using Platform.Core.Common;
using Platform.Core.Errors;

namespace Platform.Core.Bookings;

/// <summary>What can be done to a booking once it exists.</summary>
public enum BookingAction
{
    Confirm,
    Reject,
    Cancel,
    Complete,
    NoShow,
    Reschedule,
}

/// <summary>A request to book a slot: the service, a provider or anyone who offers it, the customer and the start.</summary>
public sealed record PlaceBooking(Guid ServiceId, Guid? ProviderId, Guid CustomerId, DateTimeOffset StartUtc)
{
    public const int MaxNotesLength = 2000;
    public const int MaxIdempotencyKeyLength = 100;

    public string Notes { get; init; } = "";

    public string? IdempotencyKey { get; init; }

    /// <summary>The e-mail address a guest gave on the portal: a guest books only for the customer who has it.</summary>
    public string? GuestEmail { get; init; }

    /// <summary>Answers to the service's intake questions by question id; the ledger checks them (<see cref="IntakeQuestions.Answer"/>).</summary>
    public IReadOnlyDictionary<Guid, string?> Answers { get; init; } = new Dictionary<Guid, string?>();

    /// <summary>The first problem with the request itself, before anything is looked up.</summary>
    public DomainError? Problem() =>
        IdempotencyKey is { Length: 0 or > MaxIdempotencyKeyLength }
            ? new DomainError(ErrorCodes.ValidationFailed, nameof(IdempotencyKey), $"An idempotency key has 1 to {MaxIdempotencyKeyLength} characters.")
            : Notes.Length > MaxNotesLength
                ? new DomainError(ErrorCodes.ValidationFailed, nameof(Notes), $"Notes have at most {MaxNotesLength} characters.")
                : null;

    /// <summary>Whether a booking made earlier under the same idempotency key answers this request (same service, customer, start, notes; the provider asked for, if one was).</summary>
    public bool IsAnsweredBy(Booking earlier) =>
        earlier.ServiceId == ServiceId && earlier.CustomerId == CustomerId && earlier.StartUtc == StartUtc
        && (ProviderId is null || earlier.ProviderId == ProviderId) && earlier.Notes == Notes;
}

/// <summary>
/// How an actor stands to one booking: whether it is on the calendar of the provider they are (<paramref name="ProvidesIt"/>)
/// and whether they are the customer who booked it, signed in or holding its signed link (<paramref name="BookedIt"/>).
/// </summary>
public sealed record BookingParty(Actor Actor, bool ProvidesIt, bool BookedIt)
{
    /// <summary>Whether the booking is there at all for this party: managers see every booking, staff their calendar, customers theirs.</summary>
    public bool Sees => Actor.ManagesTenant || (Actor.Role == ActorRole.Staff && ProvidesIt) || BookedIt;
}
