namespace Platform.Core.Identity;

/// <summary>Where an API key stands: usable, past its expiry, or revoked by an admin.</summary>
public enum ApiKeyStatus
{
    Active,
    Expired,
    Revoked,
}

/// <summary>Why an API key cannot be revoked.</summary>
public enum ApiKeyRevocationError
{
    /// <summary>An admin revoked it already; a key is revoked once.</summary>
    AlreadyRevoked,
}

/// <summary>
/// The rules of an API key's life, apart from how it is stored: a key works until it is revoked or its expiry
/// passes, and it is revoked once. The stored row (Infrastructure) asks these.
/// </summary>
public static class ApiKeyLifetime
{
    public static ApiKeyStatus StatusAt(DateTimeOffset? revokedAt, DateTimeOffset? expiresAt, DateTimeOffset now) =>
        revokedAt is not null ? ApiKeyStatus.Revoked
        : expiresAt is { } expires && expires <= now ? ApiKeyStatus.Expired
        : ApiKeyStatus.Active;

    public static bool IsUsable(DateTimeOffset? revokedAt, DateTimeOffset? expiresAt, DateTimeOffset now) =>
        StatusAt(revokedAt, expiresAt, now) == ApiKeyStatus.Active;

    /// <summary>Null when the key may be revoked now; an expired key may, so that it can never come back.</summary>
    public static ApiKeyRevocationError? CanRevoke(DateTimeOffset? revokedAt) =>
        revokedAt is null ? null : ApiKeyRevocationError.AlreadyRevoked;
}
