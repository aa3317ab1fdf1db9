using System.Collections.Concurrent;

namespace Platform.Infrastructure.Identity;

/// <summary>An API key as authentication reads it, by its secret's hash.</summary>
public sealed record ApiKeyRow(Guid Id, Guid TenantId, string Name, string Prefix, string Scopes, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt);

/// <summary>
/// Keys that authentication found, kept for <see cref="Lifetime"/> so that a client's burst of requests reads its key
/// once instead of once a request. Expiry is still checked on every request; a revocation on this node takes effect at
/// once (it evicts the key), on another node within <see cref="Lifetime"/>. Unknown secrets are never kept.
/// </summary>
public sealed class ApiKeyCache(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    /// <summary>More keys than this in use at once and the cache starts over, so that it cannot grow without bound.</summary>
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, (ApiKeyRow Row, DateTimeOffset ReadAt)> _entries = new(StringComparer.Ordinal);

    public ApiKeyRow? Find(string hash) =>
        _entries.TryGetValue(hash, out var entry) && clock.GetUtcNow() - entry.ReadAt < Lifetime ? entry.Row : null;

    /// <summary>Keeps a key as read now.</summary>
    public void Keep(string hash, ApiKeyRow row)
    {
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[hash] = (row, clock.GetUtcNow());
    }

    /// <summary>Notes a recorded last use on the kept copy, without extending its life, so the next request does not record it again.</summary>
    public void Used(string hash, DateTimeOffset at)
    {
        if (_entries.TryGetValue(hash, out var entry))
        {
            _entries.TryUpdate(hash, (entry.Row with { LastUsedAt = at }, entry.ReadAt), entry);
        }
    }

    /// <summary>Forgets a key (it was revoked), so that its next request reads it again and is refused.</summary>
    public void Forget(Guid keyId)
    {
        foreach (var (hash, entry) in _entries)
        {
            if (entry.Row.Id == keyId)
            {
                _entries.TryRemove(hash, out _);
            }
        }
    }
}
