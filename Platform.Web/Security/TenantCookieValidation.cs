using System.Security.Claims;
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

    /// <summary>
    /// Identity rebuilds the principal from the database when it re-checks the security stamp (every 30 minutes),
    /// and that drops how the session was signed in. The <c>amr</c> claims (a passkey sign-in counts as two-step
    /// sign-in, ADR 0008) carry over, so a passkey session is not sent to two-step set-up half an hour in.
    /// </summary>
    public static Task KeepSignInMethodAsync(SecurityStampRefreshingPrincipalContext context)
    {
        if (context.NewPrincipal?.Identity is ClaimsIdentity identity && context.CurrentPrincipal is { } current)
        {
            foreach (var method in current.FindAll(MfaEnforcementMiddleware.AuthenticationMethodClaim))
            {
                if (!identity.HasClaim(method.Type, method.Value))
                {
                    identity.AddClaim(new Claim(method.Type, method.Value));
                }
            }
        }

        return Task.CompletedTask;
    }
}
