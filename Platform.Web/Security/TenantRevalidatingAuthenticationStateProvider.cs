using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Platform.Core.Identity;
using Platform.Infrastructure.Identity;
using Platform.Infrastructure.Tenancy;

namespace Platform.Web.Security;

/// <summary>
/// Re-checks the security stamp of a circuit's user every 30 minutes, in a scope of the user's own
/// tenant (a scope without a tenant would not find a tenant user and sign them out).
/// </summary>
internal sealed class TenantRevalidatingAuthenticationStateProvider(
    ILoggerFactory loggerFactory,
    TenantScopeFactory scopes,
    IOptions<IdentityOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(30);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        var principal = authenticationState.User;
        var tenantClaim = principal.FindFirstValue(PlatformClaims.TenantId);
        await using var scope = Guid.TryParse(tenantClaim, out var tenantId)
            ? await scopes.CreateAsync(tenantId, cancellationToken)
            : scopes.CreateHost();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>();
        var user = await users.GetUserAsync(principal);
        if (user is null)
        {
            return false;
        }

        var principalStamp = principal.FindFirstValue(options.Value.ClaimsIdentity.SecurityStampClaimType);
        return principalStamp == await users.GetSecurityStampAsync(user);
    }
}
