using Microsoft.AspNetCore.Identity;
using Platform.Core.Identity;
using Platform.Infrastructure.Identity;

namespace Platform.Web.Components.Account;

/// <summary>Where a person lands after signing in without a return address, whichever way they signed in.</summary>
internal static class SignInLanding
{
    /// <summary>Staff start in the app, host operators in the console, customers on the portal.</summary>
    public static async Task<string> ForAsync(UserManager<PlatformUser> userManager, PlatformUser user)
    {
        var roles = await userManager.GetRolesAsync(user);
        if (roles.Contains(PlatformRoles.HostAdmin))
        {
            return "host";
        }

        return roles.Any(r => r is PlatformRoles.TenantAdmin or PlatformRoles.Manager or PlatformRoles.Staff) ? "app" : "";
    }
}
