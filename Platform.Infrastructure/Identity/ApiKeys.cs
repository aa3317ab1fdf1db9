using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Platform.Core.Access;
using Platform.Core.Common;
using Platform.Core.Errors;
using Platform.Core.Identity;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Access;
using Platform.Infrastructure.Data;

namespace Platform.Infrastructure.Identity;

/// <summary>What an API key may do; the one list of scopes the API, the app page and the docs use.</summary>
public static class ApiKeyScopes
{
    public const string BookingsRead = "bookings:read";
    public const string BookingsWrite = "bookings:write";
    public const string CatalogRead = "catalog:read";
    public const string PeopleRead = "people:read";
    public const string WorkflowsRead = "workflows:read";
    public const string WorkflowsRun = "workflows:run";
    public const string ReportsRead = "reports:read";

    public static readonly IReadOnlyList<string> All = [BookingsRead, BookingsWrite, CatalogRead, PeopleRead, WorkflowsRead, WorkflowsRun, ReportsRead];

    public static string Describe(string scope) => scope switch
    {
        BookingsRead => "Read bookings",
        BookingsWrite => "Create, change and cancel bookings",
        CatalogRead => "Read services and providers",
        PeopleRead => "Read staff and customers",
        WorkflowsRead => "Read and export workflow definitions",
        WorkflowsRun => "Start workflows and follow their instances",
        ReportsRead => "Read and run the reports shared with the team",
        _ => scope,
    };

    public static IReadOnlyList<string> Parse(string stored) => stored.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}

public sealed record CreateApiKey(string Name, IReadOnlyCollection<string> Scopes, DateTimeOffset? ExpiresAt = null);

/// <summary>A key as its tenant's admins see it: never the secret, never its hash.</summary>
public sealed record ApiKeySummary(
    Guid Id,
    string Name,
    string Prefix,
    IReadOnlyList<string> Scopes,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? RevokedAt,
    ApiKeyStatus Status);

/// <summary>A new key with its secret, which exists only in this answer.</summary>
public sealed record CreatedApiKey(ApiKeySummary Key, string Secret);

/// <summary>The key a request authenticates with, found before the request's tenant is known.</summary>
public sealed record ApiKeyHolder(Guid KeyId, Guid TenantId, string Name, IReadOnlyList<string> Scopes);

/// <summary>
/// The current tenant's API keys: created by its admins with a secret shown once, listed, revoked.
/// Only a SHA-256 hash of the secret is stored. <see cref="FindAcrossTenantsForAuthenticationAsync"/>
/// is the one cross-tenant read, since a key decides the tenant of an API request. Only tenant admins
/// (and the platform itself, seeding the demo) manage keys; anyone else is refused with
/// <see cref="ErrorCodes.Forbidden"/>, an API key included: a key never manages keys.
/// </summary>
public sealed class ApiKeys(IDbContextFactory<PlatformDbContext> contexts, ITenantContext tenantContext, ICurrentActor actors, TimeProvider clock, ApiKeyCache cache, ILogger<ApiKeys> logger)
{
    private const string AdminsOnly = "Only the tenant's admins manage API keys.";

    public const int MaxNameLength = 80;

    public const string SecretPrefix = "pk_";

    public const int PrefixLength = 10;

    /// <summary>Last use is recorded at most this often per key, so that a busy key is not a write per request.</summary>
    public static readonly TimeSpan LastUseResolution = TimeSpan.FromMinutes(1);

    private const int MaxSecretLength = 128;

    /// <summary>Creates a key recorded as made by the acting admin.</summary>
    public async Task<Outcome<CreatedApiKey>> CreateAsync(CreateApiKey command, CancellationToken ct = default)
    {
        var actor = await actors.GetAsync(ct);
        if (!actor.IsTenantAdmin)
        {
            return Refusals.Forbidden<CreatedApiKey>(AdminsOnly);
        }

        var secret = SecretPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        return await AddAsync(command, secret, actor.UserId, ct);
    }

    /// <summary>Adds a key with a secret chosen by the caller: the demo seed, whose keys the README lists.</summary>
    public async Task<Outcome<CreatedApiKey>> ImportAsync(CreateApiKey command, string secret, CancellationToken ct = default)
    {
        if (!secret.StartsWith(SecretPrefix, StringComparison.Ordinal) || secret.Length is < 32 or > MaxSecretLength)
        {
            throw new ArgumentException("An API key secret starts with pk_ and has 32 to 128 characters.", nameof(secret));
        }

        var actor = await actors.GetAsync(ct);
        return actor.Role == ActorRole.System ? await AddAsync(command, secret, null, ct) : Refusals.Forbidden<CreatedApiKey>("Only the platform imports keys with a chosen secret.");
    }

    public async Task<Outcome<IReadOnlyList<ApiKeySummary>>> ListAsync(CancellationToken ct = default)
    {
        _ = Tenant;
        if (!(await actors.GetAsync(ct)).IsTenantAdmin)
        {
            return Refusals.Forbidden<IReadOnlyList<ApiKeySummary>>(AdminsOnly);
        }

        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var keys = await db.ApiKeys.AsNoTracking().OrderByDescending(k => k.CreatedAt).ToListAsync(ct);
        return Outcome<IReadOnlyList<ApiKeySummary>>.Ok(keys.Select(k => ToSummary(k, now)).ToList());
    }

    /// <summary>
    /// Revokes one of the tenant's keys. Not found (<see cref="ErrorCodes.NotFound"/>) when the tenant has no such key
    /// (another tenant's included) or it was already revoked.
    /// </summary>
    public async Task<Outcome<ApiKeySummary>> RevokeAsync(Guid id, CancellationToken ct = default)
    {
        _ = Tenant;
        if (!(await actors.GetAsync(ct)).IsTenantAdmin)
        {
            return Refusals.Forbidden<ApiKeySummary>(AdminsOnly);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id, ct);
        if (key is null || ApiKeyLifetime.CanRevoke(key.RevokedAt) is not null)
        {
            return Outcome<ApiKeySummary>.Fail(ErrorCodes.NotFound, "Id", "This tenant has no active API key with this id.");
        }

        var now = clock.GetUtcNow();
        key.RevokedAt = now;
        await db.SaveChangesAsync(ct);
        cache.Forget(key.Id);
        logger.LogInformation("API key {ApiKeyId} ({Prefix}) revoked", key.Id, key.Prefix);
        return Outcome<ApiKeySummary>.Ok(ToSummary(key, now));
    }

    /// <summary>
    /// The usable key with this secret, in whichever tenant: the one read across tenants, by hash only,
    /// for authentication before the request's tenant is known. Null when unknown, revoked or expired.
    /// Records the last use at most once per <see cref="LastUseResolution"/>.
    /// </summary>
    public async Task<ApiKeyHolder?> FindAcrossTenantsForAuthenticationAsync(string? secret, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length > MaxSecretLength || !secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var hash = Hash(secret);
        var key = cache.Find(hash);
        if (key is null)
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            key = await db.ApiKeys.IgnoreQueryFilters([PlatformDbContext.TenantFilter]).AsNoTracking()
                .Where(k => k.Hash == hash)
                .Select(k => new ApiKeyRow(k.Id, k.TenantId, k.Name, k.Prefix, k.Scopes, k.ExpiresAt, k.RevokedAt, k.LastUsedAt))
                .FirstOrDefaultAsync(ct);
            if (key is null)
            {
                logger.LogInformation("Cross-tenant API key lookup: no key with this secret");
                return null;
            }

            cache.Keep(hash, key);
        }

        var now = clock.GetUtcNow();

        var status = ApiKeyLifetime.StatusAt(key.RevokedAt, key.ExpiresAt, now);
        if (status != ApiKeyStatus.Active)
        {
            logger.LogInformation("Cross-tenant API key lookup: key {ApiKeyId} ({Prefix}) of tenant {KeyTenantId} is {Status}",
                key.Id, key.Prefix, key.TenantId, status);
            return null;
        }

        logger.LogDebug("Cross-tenant API key lookup: key {ApiKeyId} ({Prefix}) of tenant {KeyTenantId}", key.Id, key.Prefix, key.TenantId);
        if (key.LastUsedAt is null || now - key.LastUsedAt >= LastUseResolution)
        {
            // A bulk update, outside the change tracker's tenant guard: this scope has no tenant yet.
            // The condition keeps concurrent first uses from writing twice.
            var cutoff = now - LastUseResolution;
            await using var db = await contexts.CreateDbContextAsync(ct);
            await db.ApiKeys.IgnoreQueryFilters([PlatformDbContext.TenantFilter])
                .Where(k => k.Id == key.Id && (k.LastUsedAt == null || k.LastUsedAt <= cutoff))
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), ct);
            cache.Used(hash, now);
        }

        return new ApiKeyHolder(key.Id, key.TenantId, key.Name, ApiKeyScopes.Parse(key.Scopes));
    }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private TenantInfo Tenant => tenantContext.Tenant ?? throw new InvalidOperationException("API keys belong to a tenant; this scope works for none.");

    private async Task<Outcome<CreatedApiKey>> AddAsync(CreateApiKey command, string secret, Guid? createdBy, CancellationToken ct)
    {
        _ = Tenant;
        var now = clock.GetUtcNow();
        var name = (command.Name ?? "").Trim();
        var scopes = (command.Scopes ?? []).Distinct(StringComparer.Ordinal).ToList();
        var unknown = scopes.Where(s => s is null || !ApiKeyScopes.All.Contains(s)).ToList();
        var errors = new Dictionary<string, string[]>();
        if (name.Length == 0)
        {
            errors[nameof(command.Name)] = ["Enter a name that says who uses the key."];
        }
        else if (name.Length > MaxNameLength)
        {
            errors[nameof(command.Name)] = [$"Enter a name of at most {MaxNameLength} characters."];
        }

        if (scopes.Count == 0)
        {
            errors[nameof(command.Scopes)] = ["Choose at least one scope."];
        }
        else if (unknown.Count > 0)
        {
            // A null in the list is no scope either: a key must never end up active with nothing it may do.
            errors[nameof(command.Scopes)] = [unknown[0] is { } named
                ? $"'{named}' is not a scope. Scopes: {string.Join(", ", ApiKeyScopes.All)}."
                : $"A scope cannot be empty. Scopes: {string.Join(", ", ApiKeyScopes.All)}."];
        }

        if (command.ExpiresAt is { } expires && expires <= now)
        {
            errors[nameof(command.ExpiresAt)] = ["The expiry must be in the future."];
        }

        if (errors.Count > 0)
        {
            return Outcome<CreatedApiKey>.Fail(errors);
        }

        var key = new ApiKey
        {
            Name = name,
            Prefix = secret[..PrefixLength],
            Hash = Hash(secret),
            Scopes = string.Join(' ', ApiKeyScopes.All.Where(scopes.Contains)),
            CreatedByUserId = createdBy,
            CreatedAt = now,
            ExpiresAt = command.ExpiresAt?.ToUniversalTime(),
        };
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("API key {ApiKeyId} ({Prefix}) created with scopes {Scopes}", key.Id, key.Prefix, key.Scopes);
        return Outcome<CreatedApiKey>.Ok(new CreatedApiKey(ToSummary(key, now), secret));
    }

    private static ApiKeySummary ToSummary(ApiKey key, DateTimeOffset now) => new(
        key.Id,
        key.Name,
        key.Prefix,
        ApiKeyScopes.Parse(key.Scopes),
        key.CreatedAt,
        key.ExpiresAt,
        key.LastUsedAt,
        key.RevokedAt,
        key.StatusAt(now));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
