using Platform.Core.Tenancy;

namespace Platform.Core.Bookings;

/// <summary>
/// A member of staff's secret calendar subscription: Google, Outlook or Apple calendar fetch their bookings from an iCal
/// URL that carries a random token. Only the token's SHA-256 is stored; the token is shown once, when it is made. One
/// feed per person and tenant: making a new one replaces the old, revoking deletes it, and either way the old URL is dead.
/// </summary>
public sealed class CalendarFeed : ITenantOwned
{
    /// <summary>How far back the feed reaches.</summary>
    public static readonly TimeSpan Past = TimeSpan.FromDays(30);

    /// <summary>How far ahead the feed reaches.</summary>
    public static readonly TimeSpan Ahead = TimeSpan.FromDays(180);

    /// <summary>The most bookings one fetch of the feed holds, soonest first.</summary>
    public const int MaxEvents = 2000;

    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    /// <summary>The person whose bookings the feed shows: those of every provider whose user they are.</summary>
    public Guid UserId { get; init; }

    /// <summary>SHA-256 of the token, lower-case hex.</summary>
    public required string TokenHash { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
