using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Platform.Core.Identity;
using Platform.Infrastructure.Identity;

namespace Platform.Web.Security;

/// <summary>
/// Re-checks the security stamp of a circuit's user every 30 minutes, in the user's own tenant
/// (<see cref="SecurityStamps"/> asks in a scope of that tenant).
/// </summary>
internal sealed class TenantRevalidatingAuthenticationStateProvider(
    ILoggerFactory loggerFactory,
    SecurityStamps stamps,
    IOptions<IdentityOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(30);

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        var principal = authenticationState.User;
        Guid? tenantId = Guid.TryParse(principal.FindFirstValue(PlatformClaims.TenantId), out var id) ? id : null;
        var stamp = principal.FindFirstValue(options.Value.ClaimsIdentity.SecurityStampClaimType);
        return stamps.StillValidAsync(principal, tenantId, stamp, cancellationToken);
    }
}
