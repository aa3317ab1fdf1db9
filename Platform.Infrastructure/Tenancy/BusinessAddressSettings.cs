using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Platform.Core.Access;
using Platform.Core.Common;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Access;
using Platform.Infrastructure.Data;

namespace Platform.Infrastructure.Tenancy;

/// <summary>
/// The current tenant's business address (<see cref="BusinessAddress"/>): read by its staff, changed by its admins only.
/// Tenants are catalog rows (not query-filtered), so every query names the current tenant's id; a change drops the
/// tenant from the catalog cache, so the portal shows the new address at once.
/// </summary>
public sealed class BusinessAddressSettings(
    IDbContextFactory<PlatformDbContext> contexts,
    ITenantContext tenantContext,
    ICurrentActor actors,
    TenantCatalog catalog,
    ILogger<BusinessAddressSettings> logger)
{
    private const string AdminsOnly = "Only the tenant's admins change its address.";

    /// <summary>The saved address, or null for none.</summary>
    public async Task<string?> GetAsync(CancellationToken ct = default)
    {
        var tenantId = CurrentTenantId();
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Tenants.AsNoTracking().Where(t => t.Id == tenantId).Select(t => t.Address).SingleAsync(ct);
    }

    /// <summary>
    /// Saves the address exactly as given when it is valid (null or empty removes it); otherwise says what is wrong
    /// and changes nothing. Returns the refreshed tenant.
    /// </summary>
    public async Task<Outcome<TenantInfo>> SaveAsync(string? address, CancellationToken ct = default)
    {
        var tenantId = CurrentTenantId();
        if (!(await actors.GetAsync(ct)).IsTenantAdmin)
        {
            return Refusals.Forbidden<TenantInfo>(AdminsOnly);
        }

        var errors = BusinessAddress.Validate(address);
        if (errors.Count > 0)
        {
            return Outcome<TenantInfo>.Fail(errors);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var tenant = await db.Tenants.SingleAsync(t => t.Id == tenantId, ct);
        tenant.Address = string.IsNullOrEmpty(address) ? null : address;
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Address of tenant {TenantId} {Change}", tenantId, tenant.Address is null ? "removed" : "saved");
        await catalog.InvalidateAsync(tenantId, ct);
        return Outcome<TenantInfo>.Ok(await catalog.FindByIdAsync(tenantId, ct) ?? throw new InvalidOperationException($"Tenant {tenantId} disappeared."));
    }

    private Guid CurrentTenantId() =>
        tenantContext.TenantId ?? throw new InvalidOperationException("An address belongs to a tenant; this scope works for none.");
}
