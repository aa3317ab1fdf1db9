using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Platform.Infrastructure.Identity;
using Platform.Infrastructure.Security;
using Platform.Tests.Identity;
using Platform.Tests.Support;

namespace Platform.Tests.Security;

/// <summary>
/// The sign-in form tells nothing about which e-mails have an account: every attempt checks one password hash, and an
/// e-mail without an account locks out after as many failures as one with, on the same page. Over HTTP, with real form
/// posts; the equal work is counted by a password hasher that counts its checks, not timed.
/// </summary>
public sealed class SignInEqualityTests(SignInEqualityTests.App app) : IClassFixture<SignInEqualityTests.App>
{
    private const string WrongPassword = "Not!ThePassw0rd";

    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite)
    {
        public CountingPasswordHasher.Counter Checks { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddScoped<IPasswordHasher<PlatformUser>>(sp =>
                new CountingPasswordHasher(new PasswordHasher<PlatformUser>(sp.GetService<IOptions<PasswordHasherOptions>>()), Checks)));
        }
    }

    [Fact]
    public async Task Every_attempt_checks_one_password_hash_with_or_without_an_account()
    {
        using var client = app.CreateClientFor("http://acme.localhost/");
        await CreateUnconfirmedAsync("unconfirmed@acme.test");

        Assert.Equal(1, await ChecksForAsync(client, "sam@acme.test", WrongPassword));
        Assert.Equal(1, await ChecksForAsync(client, "nobody@acme.test", WrongPassword));
        Assert.Equal(1, await ChecksForAsync(client, "admin@globex.test", WrongPassword));
        Assert.Equal(1, await ChecksForAsync(client, "unconfirmed@acme.test", WrongPassword));

        // A locked account is refused before Identity looks at the password; it still costs the same check.
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await client.SignInResponseAsync("carla@example.com", WrongPassword);
        }

        Assert.Equal(1, await ChecksForAsync(client, "carla@example.com", WrongPassword));
    }

    [Fact]
    public async Task An_unknown_email_locks_out_after_as_many_failures_as_an_account_on_the_same_page()
    {
        using var client = app.CreateClientFor("http://acme.localhost/");
        var known = new List<HttpResponseMessage>();
        var unknown = new List<HttpResponseMessage>();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            known.Add(await client.SignInResponseAsync("jo@acme.test", $"Wrong!Passw0rd{attempt}"));
            unknown.Add(await client.SignInResponseAsync("no-such-person@acme.test", $"Wrong!Passw0rd{attempt}"));
        }

        for (var attempt = 0; attempt < 4; attempt++)
        {
            Assert.Equal(HttpStatusCode.OK, known[attempt].StatusCode);
            Assert.Equal(HttpStatusCode.OK, unknown[attempt].StatusCode);
            Assert.Equal(Pages.Status(await known[attempt].Content.ReadAsStringAsync()), Pages.Status(await unknown[attempt].Content.ReadAsStringAsync()));
        }

        Assert.Equal("/Account/Lockout", Pages.RedirectPath(known[4], client));
        Assert.Equal("/Account/Lockout", Pages.RedirectPath(unknown[4], client));
        Assert.Equal(known[4].Headers.Location, unknown[4].Headers.Location);
        Assert.Contains("locked for", Pages.Status(await client.GetStringAsync(unknown[4].Headers.Location)), StringComparison.Ordinal);

        // Locked now, both of them, whatever is tried next.
        Assert.Equal("/Account/Lockout", Pages.RedirectPath(await client.SignInResponseAsync("no-such-person@acme.test", "Wrong!Passw0rd6"), client));
        Assert.Equal("/Account/Lockout", Pages.RedirectPath(await client.SignInResponseAsync("jo@acme.test", "Wrong!Passw0rd6"), client));

        // The count is per tenant: the same e-mail at another tenant has its own.
        using var globex = app.CreateClientFor("http://globex.localhost/");
        Assert.Equal(HttpStatusCode.OK, (await globex.SignInResponseAsync("no-such-person@acme.test", WrongPassword)).StatusCode);
    }

    [Fact]
    public async Task A_successful_second_step_logs_the_sign_in_and_no_wrong_code()
    {
        using var client = app.CreateClientFor("http://acme.localhost/");
        Assert.True(await client.SignInAsync("manager@acme.test", Platform.Infrastructure.Seeding.DemoAccounts.Password));

        var manager = await app.InTenantAsync("acme", async services =>
            (await services.GetRequiredService<UserManager<PlatformUser>>().FindByNameAsync("manager@acme.test"))!.Id);
        var events = await app.AsActorAsync("acme", Platform.Core.Access.Actor.Manager(manager), async services =>
            (await services.GetRequiredService<SecurityLog>().PageAsync(SecurityLogScope.Own, Platform.Core.Common.PageRequest.Of(1, 50))).Value!.Items);
        var signIn = Assert.Single(events, e => e.Kind == SecurityEventKind.SignInSucceeded);
        Assert.Equal("Password and authenticator code", signIn.Detail);
        Assert.DoesNotContain(events, e => e.Kind == SecurityEventKind.SecondFactorFailed);
    }

    private async Task<int> ChecksForAsync(HttpClient client, string email, string password)
    {
        var before = app.Checks.Verified;
        await client.SignInResponseAsync(email, password);
        return app.Checks.Verified - before;
    }

    private Task<IdentityResult> CreateUnconfirmedAsync(string email) => app.InTenantAsync("acme", async services =>
    {
        var created = await services.GetRequiredService<UserManager<PlatformUser>>()
            .CreateAsync(new PlatformUser { UserName = email, Email = email, DisplayName = "Not confirmed yet" }, "Some!Passw0rd");
        Assert.True(created.Succeeded);
        return created;
    });
}

/// <summary>The app's password hasher, counting how often it checks a password.</summary>
public sealed class CountingPasswordHasher(IPasswordHasher<PlatformUser> inner, CountingPasswordHasher.Counter counter) : IPasswordHasher<PlatformUser>
{
    public sealed class Counter
    {
        private int _verified;

        public int Verified => Volatile.Read(ref _verified);

        public void Add() => Interlocked.Increment(ref _verified);
    }

    public string HashPassword(PlatformUser user, string password) => inner.HashPassword(user, password);

    public PasswordVerificationResult VerifyHashedPassword(PlatformUser user, string hashedPassword, string providedPassword)
    {
        counter.Add();
        return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}
