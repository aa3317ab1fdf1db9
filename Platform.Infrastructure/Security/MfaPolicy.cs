using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Hybrid;
using Platform.Core.Identity;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Identity;

namespace Platform.Infrastructure.Security;

/// <summary>
/// Who must have a second factor: host admins, tenant admins and managers always; a tenant's staff when its admins
/// require it. The tenant's setting is cached per tenant and dropped on change.
/// </summary>
public sealed class MfaPolicy(PlatformDbContext db, HybridCache cache, SecurityLog log)
{
    /// <summary>In the sign-in cookie when the user has a second factor (set when the cookie is issued or refreshed).</summary>
    public const string HasSecondFactorClaim = "platform:mfa";

    private static readonly string[] AlwaysRequired = [PlatformRoles.HostAdmin, PlatformRoles.TenantAdmin, PlatformRoles.Manager];

    public async Task<bool> IsRequiredAsync(ClaimsPrincipal user, Guid? tenantId, CancellationToken ct = default)
    {
        if (AlwaysRequired.Any(user.IsInRole))
        {
            return true;
        }

        return user.IsInRole(PlatformRoles.Staff) && tenantId is { } id && await RequiresStaffMfaAsync(id, ct);
    }

    public async Task<bool> RequiresStaffMfaAsync(Guid tenantId, CancellationToken ct = default) =>
        await cache.GetOrCreateAsync(Key(tenantId), async token =>
                await db.TenantSecurityPolicies.AsNoTracking().IgnoreQueryFilters([PlatformDbContext.TenantFilter])
                    .Where(p => p.TenantId == tenantId).Select(p => p.RequireMfaForStaff).FirstOrDefaultAsync(token),
            cancellationToken: ct);

    /// <summary>Sets the current tenant's rule (tenant admins, on the security settings page).</summary>
    public async Task SetRequireMfaForStaffAsync(PlatformUser admin, Guid tenantId, bool required, CancellationToken ct = default)
    {
        var policy = await db.TenantSecurityPolicies.FirstOrDefaultAsync(p => p.TenantId == tenantId, ct);
        if (policy is null)
        {
            db.TenantSecurityPolicies.Add(new TenantSecurityPolicy { TenantId = tenantId, RequireMfaForStaff = required });
        }
        else
        {
            policy.RequireMfaForStaff = required;
        }

        await db.SaveChangesAsync(ct);
        await cache.RemoveAsync(Key(tenantId), ct);
        await log.RecordAsync(admin, SecurityEventKind.SecurityPolicyChanged, required ? "Two-step sign-in required for all staff" : "Two-step sign-in required for admins and managers only", ct);
    }

    private static string Key(Guid tenantId) => $"tenant:{tenantId:N}:staff-mfa";
}
