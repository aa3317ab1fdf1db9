using System.Net;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Access;
using Platform.Core.Common;
using Platform.Core.Identity;
using Platform.Infrastructure.Identity;
using Platform.Infrastructure.Security;
using Platform.Infrastructure.Seeding;
using Platform.Tests.Identity;
using Platform.Tests.Support;
using Platform.Web.Components.Account;

namespace Platform.Tests.Security;

/// <summary>
/// What the security log holds after the second sign-in step: a right code is one "signed in" and nothing else, a wrong
/// one is one "wrong second-step code" and no sign-in, a lockout is one "locked out". Over HTTP as a browser posts the
/// forms, and on <see cref="SecondStepSignIn"/> itself with a navigation manager that, like static rendering, does not
/// end the method at the redirect: whatever the method logs after the redirect is in the log when it returns, where
/// over HTTP it would be written after the response. Each test signs in an account of its own.
/// </summary>
public sealed class SecondStepSecurityLogTests(SecondStepSecurityLogTests.App app) : IClassFixture<SecondStepSecurityLogTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);

    [Fact]
    public async Task A_right_authenticator_code_logs_one_sign_in_and_no_wrong_code()
    {
        var email = await EnrolledStaffAsync("right-code");
        using var client = app.CreateClientFor("http://acme.localhost/");

        var secondStep = await PasswordStepAsync(client, email);
        var done = await client.PostSecondStepAsync(secondStep, email);

        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.DoesNotContain("Account/LoginWith2fa", done.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var events = await EventsOfAsync(email);
        var signIn = Assert.Single(events, e => e.Kind == SecurityEventKind.SignInSucceeded);
        Assert.Equal("Password and authenticator code", signIn.Detail);
        Assert.DoesNotContain(events, e => e.Kind == SecurityEventKind.SecondFactorFailed);
        Assert.DoesNotContain(events, e => e.Kind == SecurityEventKind.LockedOut);
    }

    [Fact]
    public async Task A_wrong_authenticator_code_logs_one_wrong_code_and_no_sign_in()
    {
        var email = await EnrolledStaffAsync("wrong-code");
        using var client = app.CreateClientFor("http://acme.localhost/");

        var secondStep = await PasswordStepAsync(client, email);
        var refused = await client.PostSecondStepAsync(secondStep, email, WrongCode(DemoSecondFactor.Code(email)));

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("That code is not valid", Pages.Status(await refused.Content.ReadAsStringAsync()) ?? "", StringComparison.Ordinal);
        var events = await EventsOfAsync(email);
        Assert.Single(events, e => e.Kind == SecurityEventKind.SecondFactorFailed);
        Assert.DoesNotContain(events, e => e.Kind == SecurityEventKind.SignInSucceeded);
    }

    [Theory]
    [InlineData(nameof(SignInResult.Success), SecurityEventKind.SignInSucceeded)]
    [InlineData(nameof(SignInResult.LockedOut), SecurityEventKind.LockedOut)]
    [InlineData(nameof(SignInResult.Failed), SecurityEventKind.SecondFactorFailed)]
    public async Task The_second_step_logs_exactly_what_happened_and_nothing_after_the_redirect(string outcome, SecurityEventKind logged)
    {
        var email = await EnrolledStaffAsync("direct-" + outcome.ToLowerInvariant());
        var result = outcome switch
        {
            nameof(SignInResult.Success) => SignInResult.Success,
            nameof(SignInResult.LockedOut) => SignInResult.LockedOut,
            _ => SignInResult.Failed,
        };

        var (message, navigations) = await app.InTenantAsync("acme", async services =>
        {
            var users = services.GetRequiredService<UserManager<PlatformUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            var navigation = new RecordingNavigation();
            var signIn = new SecondStepSignIn(new FixedSignInManager(services, result), users,
                services.GetRequiredService<SecurityLog>(), new IdentityRedirectManager(navigation));
            var shown = await signIn.SignInAsync(user, TwoFactorProviders.Authenticator, "123 456", false, false, null, "authenticator code");
            return (shown, navigation.Visited);
        });

        var events = await EventsOfAsync(email);
        Assert.Equal(new[] { logged }, events.Select(e => e.Kind));
        if (result.Succeeded || result.IsLockedOut)
        {
            Assert.Null(message);
            Assert.Equal(new[] { result.Succeeded ? "http://acme.localhost/app" : "http://acme.localhost/Account/Lockout" }, navigations);
        }
        else
        {
            Assert.Equal(SecondStepSignIn.WrongCodeMessage, message);
            Assert.Empty(navigations);
        }
    }

    /// <summary>Posts the password form; the answer is the address of the second step.</summary>
    private static async Task<Uri> PasswordStepAsync(HttpClient client, string email)
    {
        var response = await client.PostFormAsync("Account/Login", "login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = DemoAccounts.Password,
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("Account/LoginWith2fa", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        return response.Headers.Location!;
    }

    /// <summary>A staff account of acme with a confirmed e-mail and an authenticator app, made for one test.</summary>
    private async Task<string> EnrolledStaffAsync(string name)
    {
        var email = $"{name}-{Guid.NewGuid():N}@acme.test";
        var secret = DemoSecondFactor.SecretFor(email);
        await app.InTenantAsync("acme", async services =>
        {
            var users = services.GetRequiredService<UserManager<PlatformUser>>();
            var user = new PlatformUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name };
            Assert.True((await users.CreateAsync(user, DemoAccounts.Password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, PlatformRoles.Staff)).Succeeded);
            await services.GetRequiredService<SecondFactors>().EnrollKnownSecretAsync(user, secret);
            return true;
        });
        return email;
    }

    private Task<IReadOnlyList<SecurityEventView>> EventsOfAsync(string email) => app.InTenantAsync("acme", async services =>
    {
        var user = (await services.GetRequiredService<UserManager<PlatformUser>>().FindByEmailAsync(email))!;
        return await app.AsActorAsync("acme", Actor.Staff(user.Id), async scoped =>
            (await scoped.GetRequiredService<SecurityLog>().PageAsync(SecurityLogScope.Own, PageRequest.Of(1, 50))).Value!.Items);
    });

    /// <summary>Identity's sign-in manager of the scope, answering the second step with a set result.</summary>
    private sealed class FixedSignInManager(IServiceProvider services, SignInResult result) : SignInManager<PlatformUser>(
        services.GetRequiredService<UserManager<PlatformUser>>(),
        services.GetRequiredService<Microsoft.AspNetCore.Http.IHttpContextAccessor>(),
        services.GetRequiredService<IUserClaimsPrincipalFactory<PlatformUser>>(),
        services.GetRequiredService<Microsoft.Extensions.Options.IOptions<IdentityOptions>>(),
        services.GetRequiredService<Microsoft.Extensions.Logging.ILogger<SignInManager<PlatformUser>>>(),
        services.GetRequiredService<Microsoft.AspNetCore.Authentication.IAuthenticationSchemeProvider>(),
        services.GetRequiredService<IUserConfirmation<PlatformUser>>())
    {
        public override Task<SignInResult> TwoFactorAuthenticatorSignInAsync(string code, bool isPersistent, bool rememberClient) => Task.FromResult(result);
    }

    /// <summary>Navigation as in static rendering with the navigation exception off: recorded, and the caller goes on.</summary>
    private sealed class RecordingNavigation : NavigationManager
    {
        public RecordingNavigation() => Initialize("http://acme.localhost/", "http://acme.localhost/Account/LoginWith2fa");

        public List<string> Visited { get; } = [];

        protected override void NavigateToCore(string uri, NavigationOptions options) => Visited.Add(ToAbsoluteUri(uri).ToString());
    }

    private static string WrongCode(string code) => string.Concat(code.Select(c => (char)('0' + ((c - '0' + 5) % 10))));
}
