using Platform.Core.Tenancy;

namespace Platform.Web.Theming;

/// <summary>
/// The theme the current circuit shows. The theme editor publishes a saved theme here so the open
/// layout repaints at once; other circuits pick it up on their next page load.
/// </summary>
public sealed class BrandingState(ITenantContext tenantContext)
{
    public event Action? Changed;

    public TenantTheme Theme => tenantContext.Tenant?.Theme ?? TenantThemes.Platform;

    public void Publish(TenantInfo updated)
    {
        tenantContext.Set(updated);
        Changed?.Invoke();
    }
}
