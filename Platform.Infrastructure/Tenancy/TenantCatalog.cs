using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Hybrid;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Data;

namespace Platform.Infrastructure.Tenancy;

/// <summary>
/// Looks tenants up by slug, custom domain or id on every request, so lookups are cached in two
/// levels: slug/domain to id (tag <c>tenant-keys</c>, misses included) and id to snapshot
/// (tag <c>tenant:{id}</c>). <see cref="InvalidateAsync"/> drops both when a tenant changes.
/// </summary>
public sealed class TenantCatalog(IDbContextFactory<PlatformDbContext> contexts, HybridCache cache)
{
    private const string KeysTag = "tenant-keys";
    private static readonly HybridCacheEntryOptions Entry = new()
    {
        Expiration = TimeSpan.FromMinutes(10),
        LocalCacheExpiration = TimeSpan.FromMinutes(10),
    };

    public async ValueTask<TenantInfo?> FindBySlugAsync(string slug, CancellationToken ct = default) =>
        await FindAsync(await ResolveKeyAsync($"tenant:slug:{slug}", t => t.Slug == slug, ct), ct);

    public async ValueTask<TenantInfo?> FindByDomainAsync(string host, CancellationToken ct = default) =>
        await FindAsync(await ResolveKeyAsync($"tenant:domain:{host}", t => t.Domains.Any(d => d.Host == host), ct), ct);

    public ValueTask<TenantInfo?> FindByIdAsync(Guid id, CancellationToken ct = default) => FindAsync(id, ct);

    /// <summary>Drops the tenant's snapshot and every cached key, since a slug or domain may have moved.</summary>
    public async Task InvalidateAsync(Guid tenantId, CancellationToken ct = default)
    {
        await cache.RemoveByTagAsync(TagOf(tenantId), ct);
        await cache.RemoveByTagAsync(KeysTag, ct);
    }

    private async ValueTask<Guid?> ResolveKeyAsync(string key, Expression<Func<Tenant, bool>> predicate, CancellationToken ct)
    {
        var found = await cache.GetOrCreateAsync(key, async token =>
        {
            await using var db = contexts.CreateDbContext();
            var id = await db.Tenants.AsNoTracking().Where(predicate).Select(t => (Guid?)t.Id).FirstOrDefaultAsync(token);
            return new CachedKey(id);
        }, Entry, [KeysTag], ct);
        return found.TenantId;
    }

    private async ValueTask<TenantInfo?> FindAsync(Guid? id, CancellationToken ct)
    {
        if (id is not { } tenantId)
        {
            return null;
        }

        var found = await cache.GetOrCreateAsync($"tenant:id:{tenantId}", async token =>
        {
            await using var db = contexts.CreateDbContext();
            var tenant = await db.Tenants.AsNoTracking().Include(t => t.FeatureOverrides)
                .FirstOrDefaultAsync(t => t.Id == tenantId, token);
            return new CachedTenant(tenant?.ToInfo());
        }, Entry, [TagOf(tenantId)], ct);
        return found.Tenant;
    }

    private static string TagOf(Guid tenantId) => $"tenant:{tenantId}";

    public sealed record CachedKey(Guid? TenantId);

    public sealed record CachedTenant(TenantInfo? Tenant);
}
