using Platform.Core.Tenancy;

namespace Platform.Infrastructure.Tenancy;

/// <summary>Scoped holder of the current tenant; see <see cref="ITenantContext"/>.</summary>
public sealed class TenantContext : ITenantContext
{
    public TenantInfo? Tenant { get; private set; }

    public bool IsResolved { get; private set; }

    public void Set(TenantInfo? tenant)
    {
        // Refreshing the snapshot of the same tenant (a saved theme) is fine; switching tenants is not.
        if (IsResolved && Tenant?.Id != tenant?.Id)
        {
            throw new TenantMismatchException(
                $"This scope already works for tenant '{Tenant?.Slug ?? "host"}' and cannot switch to '{tenant?.Slug ?? "host"}'.");
        }

        Tenant = tenant;
        IsResolved = true;
    }
}
