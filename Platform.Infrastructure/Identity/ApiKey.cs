using Platform.Core.Identity;
using Platform.Core.Tenancy;

namespace Platform.Infrastructure.Identity;

/// <summary>
/// A tenant-bound key for the REST API, sent in the X-Api-Key header. Only a SHA-256 hash of the
/// secret is stored; the prefix identifies the key in lists without revealing it.
/// </summary>
public sealed class ApiKey : ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    public required string Name { get; set; }

    /// <summary>The first characters of the secret, shown in lists (e.g. "pk_3f9a1c").</summary>
    public required string Prefix { get; init; }

    /// <summary>Hex SHA-256 of the whole secret.</summary>
    public required string Hash { get; init; }

    /// <summary>Space-separated scopes, e.g. "bookings:read bookings:write".</summary>
    public string Scopes { get; set; } = "";

    public Guid? CreatedByUserId { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? ExpiresAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>Where the key stands at <paramref name="now"/>, by the rules in <see cref="ApiKeyLifetime"/>.</summary>
    public ApiKeyStatus StatusAt(DateTimeOffset now) => ApiKeyLifetime.StatusAt(RevokedAt, ExpiresAt, now);

    public bool IsUsable(DateTimeOffset now) => ApiKeyLifetime.IsUsable(RevokedAt, ExpiresAt, now);
}
