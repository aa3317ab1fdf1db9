using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Platform.Core.Identity;
using Platform.Infrastructure.Security;

namespace Platform.Infrastructure.Identity;

/// <summary>
/// Adds the user's tenant and display name to the cookie, so every request can check the tenant matches, and
/// whether the user has a second factor, so MFA enforcement needs no database read per request.
/// </summary>
public sealed class PlatformClaimsFactory(UserManager<PlatformUser> users, RoleManager<PlatformRole> roles, IOptions<IdentityOptions> options, SecondFactors secondFactors)
    : UserClaimsPrincipalFactory<PlatformUser, PlatformRole>(users, roles, options)
{
    public const string DisplayNameClaim = "platform:name";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(PlatformUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.TenantId is { } tenantId)
        {
            identity.AddClaim(new Claim(PlatformClaims.TenantId, tenantId.ToString("D", CultureInfo.InvariantCulture)));
        }

        if (await secondFactors.HasCodeFactorAsync(user))
        {
            identity.AddClaim(new Claim(MfaPolicy.HasSecondFactorClaim, "true"));
        }

        identity.AddClaim(new Claim(DisplayNameClaim, string.IsNullOrWhiteSpace(user.DisplayName) ? user.Email ?? "" : user.DisplayName));
        return identity;
    }
}
