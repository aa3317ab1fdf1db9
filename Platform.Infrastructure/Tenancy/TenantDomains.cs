using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Core.Access;
using Platform.Core.Common;
using Platform.Core.Errors;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Access;
using Platform.Infrastructure.Data;

namespace Platform.Infrastructure.Tenancy;

/// <summary>A custom domain as its tenant's admins see it.</summary>
public sealed record CustomDomain(Guid Id, string Host, DateTimeOffset CreatedAt);

/// <summary>
/// The current tenant's custom domains, managed by its own admins. Domains are catalog rows (not
/// query-filtered): every query names the current tenant, and host names are unique across tenants.
/// Only the tenant's admins list, add and remove them.
/// </summary>
public sealed class TenantDomains(
    IDbContextFactory<PlatformDbContext> contexts,
    ITenantContext tenantContext,
    ICurrentActor actors,
    TenantCatalog catalog,
    IOptions<TenancyOptions> tenancy,
    TimeProvider clock,
    ILogger<TenantDomains> logger)
{
    public const string HostField = "Host";

    private const string AdminsOnly = "Only the tenant's admins manage its domains.";

    /// <summary>Tenancy:BaseDomain, the same setting tenant resolution reads.</summary>
    public string BaseDomain { get; } = tenancy.Value.NormalizedBaseDomain;

    /// <summary>Where a custom domain's CNAME record must point: the tenant's own platform address.</summary>
    public string CnameTarget => $"{Tenant.Slug}.{BaseDomain}";

    private TenantInfo Tenant => tenantContext.Tenant ?? throw new InvalidOperationException("Custom domains belong to a tenant; this scope works for none.");

    public async Task<Outcome<IReadOnlyList<CustomDomain>>> ListAsync(CancellationToken ct = default)
    {
        var tenantId = Tenant.Id;
        if (!await IsAdminAsync(ct))
        {
            return Refusals.Forbidden<IReadOnlyList<CustomDomain>>(AdminsOnly);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        return Outcome<IReadOnlyList<CustomDomain>>.Ok(await db.TenantDomains.AsNoTracking().Where(d => d.TenantId == tenantId).OrderBy(d => d.Host)
            .Select(d => new CustomDomain(d.Id, d.Host, d.CreatedAt)).ToListAsync(ct));
    }

    public async Task<Outcome<CustomDomain>> AddAsync(string host, CancellationToken ct = default)
    {
        var tenantId = Tenant.Id;
        if (!await IsAdminAsync(ct))
        {
            return Refusals.Forbidden<CustomDomain>(AdminsOnly);
        }

        var normalized = CustomDomainName.Normalize(host);
        if (CustomDomainName.Validate(normalized, BaseDomain) is { } problem)
        {
            return Outcome<CustomDomain>.Fail(HostField, problem);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await db.TenantDomains.AsNoTracking().Where(d => d.Host == normalized).Select(d => (Guid?)d.TenantId).FirstOrDefaultAsync(ct) is { } owner)
        {
            return Outcome<CustomDomain>.Fail(HostField, owner == tenantId
                ? $"{normalized} is already one of your domains."
                : $"{normalized} is already in use by another business. If it is yours, contact support.");
        }

        var domain = new TenantDomain { TenantId = tenantId, Host = normalized, CreatedAt = clock.GetUtcNow() };
        db.TenantDomains.Add(domain);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Someone added the same host between the check and the insert: the unique index decided.
            return Outcome<CustomDomain>.Fail(HostField, $"{normalized} is already in use.");
        }

        await catalog.InvalidateAsync(tenantId, ct);
        logger.LogInformation("Custom domain {Host} added to tenant {TenantId}", normalized, tenantId);
        return Outcome<CustomDomain>.Ok(new CustomDomain(domain.Id, domain.Host, domain.CreatedAt));
    }

    /// <summary>Removes one of this tenant's domains; not found when this tenant has no domain with that id.</summary>
    public async Task<Outcome<CustomDomain>> RemoveAsync(Guid id, CancellationToken ct = default)
    {
        var tenantId = Tenant.Id;
        if (!await IsAdminAsync(ct))
        {
            return Refusals.Forbidden<CustomDomain>(AdminsOnly);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var domain = await db.TenantDomains.FirstOrDefaultAsync(d => d.Id == id && d.TenantId == tenantId, ct);
        if (domain is null)
        {
            return Outcome<CustomDomain>.Fail(ErrorCodes.NotFound, "Id", "This tenant has no domain with that id.");
        }

        db.TenantDomains.Remove(domain);
        await db.SaveChangesAsync(ct);
        await catalog.InvalidateAsync(tenantId, ct);
        logger.LogInformation("Custom domain {Host} removed from tenant {TenantId}", domain.Host, tenantId);
        return Outcome<CustomDomain>.Ok(new CustomDomain(domain.Id, domain.Host, domain.CreatedAt));
    }

    private async Task<bool> IsAdminAsync(CancellationToken ct) => (await actors.GetAsync(ct)).IsTenantAdmin;
}
