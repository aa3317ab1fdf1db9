using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Platform.Infrastructure.Identity;
using Platform.Tests.Support;
using Platform.Web.Security;

namespace Platform.Tests.Security;

/// <summary>
/// Identity re-checks a cookie's security stamp every 30 minutes and rebuilds its principal from the database;
/// how the session was signed in (a passkey, which counts as two-step sign-in) must survive that.
/// </summary>
public sealed class SignInMethodRefreshTests(SignInMethodRefreshTests.App app) : IClassFixture<SignInMethodRefreshTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);

    [Fact]
    public async Task A_passkey_session_is_still_a_passkey_session_after_the_security_stamp_check_rebuilds_it()
    {
        var refreshed = await app.InTenantAsync("acme", async services =>
        {
            var user = (await services.GetRequiredService<UserManager<PlatformUser>>().FindByEmailAsync("manager@acme.test"))!;
            var principal = await services.GetRequiredService<SignInManager<PlatformUser>>().CreateUserPrincipalAsync(user);
            ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(MfaEnforcementMiddleware.AuthenticationMethodClaim, MfaEnforcementMiddleware.PasskeyMethod));

            // A cookie issued an hour ago: past the validation interval, so the stamp is checked and the principal rebuilt.
            var ticket = new AuthenticationTicket(principal, new AuthenticationProperties { IssuedUtc = DateTimeOffset.UtcNow.AddHours(-1) }, IdentityConstants.ApplicationScheme);
            var context = new CookieValidatePrincipalContext(
                new DefaultHttpContext { RequestServices = services },
                new AuthenticationScheme(IdentityConstants.ApplicationScheme, null, typeof(CookieAuthenticationHandler)),
                new CookieAuthenticationOptions(),
                ticket);
            await SecurityStampValidator.ValidatePrincipalAsync(context);
            Assert.True(context.ShouldRenew, "the stamp was checked and the cookie is to be re-issued");
            Assert.NotSame(principal, context.Principal);
            return context.Principal!;
        });

        Assert.True(refreshed.HasClaim(MfaEnforcementMiddleware.AuthenticationMethodClaim, MfaEnforcementMiddleware.PasskeyMethod));
        Assert.Single(refreshed.FindAll(MfaEnforcementMiddleware.AuthenticationMethodClaim));
    }
}
