using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Platform.Core.Identity;
using Platform.Core.Tenancy;

namespace Platform.Web.Security;

/// <summary>
/// A sign-in cookie is valid only for the tenant that issued it. With path-prefixed tenants
/// (/t/acme, /t/globex) browsers send the same cookie to both, so every request checks the
/// cookie's tenant against the request's before anything else sees the user.
/// </summary>
public static class TenantCookieValidation
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var tenant = context.HttpContext.RequestServices.GetRequiredService<ITenantContext>();
        var cookieTenant = context.Principal?.FindFirst(PlatformClaims.TenantId)?.Value;
        var requestTenant = tenant.TenantId?.ToString("D");
        if (cookieTenant != requestTenant)
        {
            context.RejectPrincipal();
            return;
        }

        await SecurityStampValidator.ValidatePrincipalAsync(context);
    }
}
