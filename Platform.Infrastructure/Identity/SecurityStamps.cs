using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Platform.Infrastructure.Tenancy;

namespace Platform.Infrastructure.Identity;

/// <summary>
/// Whether a long-lived sign-in (a circuit's) still stands: its user exists and their security stamp has not changed
/// (a new password, a sign-out everywhere). Asked in a scope of the user's own tenant, since a scope without one would
/// not find a tenant's user; a principal without a tenant is the host's.
/// </summary>
public sealed class SecurityStamps(TenantScopeFactory scopes)
{
    public async Task<bool> StillValidAsync(ClaimsPrincipal principal, Guid? tenantId, string? stamp, CancellationToken ct = default)
    {
        await using var scope = tenantId is { } id ? await scopes.CreateAsync(id, ct) : scopes.CreateHost();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>();
        var user = await users.GetUserAsync(principal);
        return user is not null && stamp == await users.GetSecurityStampAsync(user);
    }
}
