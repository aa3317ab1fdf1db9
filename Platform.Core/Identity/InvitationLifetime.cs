namespace Platform.Core.Identity;

/// <summary>Where a staff invitation stands.</summary>
public enum InvitationState
{
    /// <summary>Its link still works.</summary>
    Open,
    Accepted,
    Revoked,
    Expired,
}

/// <summary>
/// The rules of a staff invitation's life, apart from how it is stored: open until it is accepted, revoked or
/// expired; only an open one may be accepted or revoked. The answer is the state that stands in the way, not a string.
/// </summary>
public static class InvitationLifetime
{
    public static InvitationState StateAt(DateTimeOffset? acceptedAt, DateTimeOffset? revokedAt, DateTimeOffset expiresAt, DateTimeOffset now) =>
        acceptedAt is not null ? InvitationState.Accepted
        : revokedAt is not null ? InvitationState.Revoked
        : expiresAt <= now ? InvitationState.Expired
        : InvitationState.Open;

    public static bool IsOpen(DateTimeOffset? acceptedAt, DateTimeOffset? revokedAt, DateTimeOffset expiresAt, DateTimeOffset now) =>
        StateAt(acceptedAt, revokedAt, expiresAt, now) == InvitationState.Open;
}
