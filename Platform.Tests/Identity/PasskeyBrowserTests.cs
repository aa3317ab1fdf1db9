using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Platform.Infrastructure.Identity;
using Platform.Infrastructure.Seeding;
using Platform.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Platform.Tests.Identity;

/// <summary>
/// Passkeys in a real Chromium with its virtual authenticator (DevTools' WebAuthn domain), against the app on
/// a real port at http://localhost:{port}/t/{slug}/: a secure context whose host can be a relying party id.
/// </summary>
public class PasskeyBrowserTests(PasskeyBrowserTests.App app, BrowserFixture browser)
    : IClassFixture<PasskeyBrowserTests.App>, IClassFixture<BrowserFixture>
{
    public sealed class App() : KestrelAppFactory(TestDatabase.Sqlite);

    [Fact]
    public async Task An_admin_adds_and_renames_a_passkey_then_signs_in_with_it_alone()
    {
        var page = await browser.NewPageAsync();
        var acme = app.PathTenantUri("acme");
        await BrowserFixture.RunAsync(page, nameof(An_admin_adds_and_renames_a_passkey_then_signs_in_with_it_alone), async () =>
        {
            await AddVirtualAuthenticatorAsync(page);
            await BrowserFixture.SignInAsync(page, acme, "admin@acme.test", DemoAccounts.Password);

            await page.GotoAsync(new Uri(acme, "Account/Manage/Passkeys").ToString());
            await Expect(page.GetByTestId("passkeys-empty")).ToBeVisibleAsync();
            await BrowserFixture.SaveScreenshotAsync(page, "passkeys-empty");

            await page.GetByLabel("Name it after the device").FillAsync("Work laptop");
            await page.GetByRole(AriaRole.Button, new() { Name = "Add a passkey" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Passkey \"Work laptop\" added. You can sign in with it now.");
            await Expect(page.GetByTestId("passkey-name")).ToHaveTextAsync(["Work laptop"]);
            await BrowserFixture.SaveScreenshotAsync(page, "passkeys-one");

            await page.GetByRole(AriaRole.Link, new() { Name = "Rename Work laptop" }).ClickAsync();
            await page.GetByLabel("New name").FillAsync("Chromium key");
            await BrowserFixture.SaveScreenshotAsync(page, "passkeys-rename");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save name" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Passkey renamed to \"Chromium key\".");
            await Expect(page.GetByTestId("passkey-name")).ToHaveTextAsync(["Chromium key"]);

            // Identity's own API sees the registration: the MFA enforcement counts passkeys with it.
            var stored = await app.InTenantAsync("acme", async services =>
            {
                var users = services.GetRequiredService<UserManager<PlatformUser>>();
                return await users.GetPasskeysAsync((await users.FindByNameAsync("admin@acme.test"))!);
            });
            Assert.Equal("Chromium key", Assert.Single(stored).Name);

            await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
            await page.WaitForURLAsync(acme.ToString());

            await page.GotoAsync(new Uri(acme, "Account/Login").ToString());
            await BrowserFixture.SaveScreenshotAsync(page, "login-with-passkey");
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with a passkey" }).ClickAsync();
            await page.WaitForURLAsync(new Uri(acme, "app").ToString());
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard", Level = 1 })).ToBeVisibleAsync();
        });
    }

    [Fact]
    public async Task A_manager_whose_only_second_factor_is_a_passkey_gets_in_with_it_but_not_with_the_password_alone()
    {
        const string email = "passkey.manager@acme.test";
        await app.InTenantAsync("acme", async services =>
        {
            var users = services.GetRequiredService<UserManager<PlatformUser>>();
            var user = new PlatformUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Pia Passkey", CreatedAt = DateTimeOffset.UtcNow };
            Assert.True((await users.CreateAsync(user, DemoAccounts.Password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, Platform.Core.Identity.PlatformRoles.Manager)).Succeeded);
            return user.Id;
        });
        var page = await browser.NewPageAsync();
        var acme = app.PathTenantUri("acme");
        await BrowserFixture.RunAsync(page, nameof(A_manager_whose_only_second_factor_is_a_passkey_gets_in_with_it_but_not_with_the_password_alone), async () =>
        {
            await AddVirtualAuthenticatorAsync(page);
            await SignInWithPasswordAsync(page, acme, email);
            await page.GotoAsync(new Uri(acme, "app").ToString());
            await page.WaitForURLAsync(url => url.Contains("/Account/Manage/TwoFactor", StringComparison.Ordinal)); // no second factor yet

            await AddPasskeyAsync(page, acme, "Phone");
            var (logged, raised) = await app.InTenantAsync("acme", async services =>
            {
                var db = services.GetRequiredService<Platform.Infrastructure.Data.PlatformDbContext>();
                var id = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
                return (await db.SecurityEvents.AnyAsync(e => e.UserId == id && e.Kind == Platform.Infrastructure.Security.SecurityEventKind.PasskeyAdded && e.Detail == "Phone"),
                        await db.OutboxMessages.AnyAsync(m => m.Type == "account.mfa_changed" && m.Payload.Contains(id.ToString())));
            });
            Assert.True(logged, "the security log has the passkey");
            Assert.True(raised, "an account.mfa_changed event was written");
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
            await page.WaitForURLAsync(acme.ToString());

            await page.GotoAsync(new Uri(acme, "Account/Login").ToString());
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with a passkey" }).ClickAsync();
            await page.WaitForURLAsync(new Uri(acme, "app").ToString());
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard", Level = 1 })).ToBeVisibleAsync();
            await page.GotoAsync(new Uri(acme, "Account/Manage/Passkeys").ToString());
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
            await page.WaitForURLAsync(acme.ToString());

            // The password alone proves one factor: the passkey it has is not what signed this session in.
            await SignInWithPasswordAsync(page, acme, email);
            await page.GotoAsync(new Uri(acme, "app/bookings").ToString());
            await page.WaitForURLAsync(url => url.Contains("/Account/Manage/TwoFactor", StringComparison.Ordinal));
        });
    }

    private static async Task SignInWithPasswordAsync(IPage page, Uri tenant, string email)
    {
        await page.GotoAsync(new Uri(tenant, "Account/Login").ToString());
        await page.Locator("input[name='Input.Email']").FillAsync(email);
        await page.Locator("input[name='Input.Password']").FillAsync(DemoAccounts.Password);
        await page.Locator("button[type=submit]", new() { HasText = "Sign in" }).First.ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_acme_passkey_does_not_sign_anyone_in_at_globex()
    {
        var page = await browser.NewPageAsync();
        var acme = app.PathTenantUri("acme");
        var globex = app.PathTenantUri("globex");
        await BrowserFixture.RunAsync(page, nameof(An_acme_passkey_does_not_sign_anyone_in_at_globex), async () =>
        {
            var authenticator = await AddVirtualAuthenticatorAsync(page);
            await BrowserFixture.SignInAsync(page, acme, "manager@acme.test", DemoAccounts.Password);
            await AddPasskeyAsync(page, acme, "Manager's laptop");
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
            await page.WaitForURLAsync(acme.ToString());

            // One host for both tenants: the browser offers acme's passkey at globex, and the server must refuse it.
            await page.GotoAsync(new Uri(globex, "Account/Login").ToString());
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with a passkey" }).ClickAsync();
            await Expect(page.GetByTestId("passkey-error")).ToContainTextAsync("does not belong to an account here");
            Assert.Equal(1, await CredentialCountAsync(authenticator)); // the browser did present it
            await BrowserFixture.SaveScreenshotAsync(page, "login-passkey-other-tenant");

            await page.GotoAsync(new Uri(globex, "app").ToString());
            await page.WaitForURLAsync(url => url.Contains("/t/globex/Account/Login", StringComparison.Ordinal));

            // The same passkey still signs its owner in at acme.
            await page.GotoAsync(new Uri(acme, "Account/Login").ToString());
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with a passkey" }).ClickAsync();
            await page.WaitForURLAsync(new Uri(acme, "app").ToString());
        });
    }

    [Fact]
    public async Task A_passkey_added_at_a_tenants_subdomain_signs_in_there()
    {
        var page = await browser.NewPageAsync();
        var globex = app.TenantUri("globex");
        await BrowserFixture.RunAsync(page, nameof(A_passkey_added_at_a_tenants_subdomain_signs_in_there), async () =>
        {
            await AddVirtualAuthenticatorAsync(page);
            await BrowserFixture.SignInAsync(page, globex, "tom@globex.test", DemoAccounts.Password);
            await AddPasskeyAsync(page, globex, "Tom's laptop"); // relying party globex.localhost
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
            await page.WaitForURLAsync(globex.ToString());

            await page.GotoAsync(new Uri(globex, "Account/Login").ToString());
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with a passkey" }).ClickAsync();
            await page.WaitForURLAsync(new Uri(globex, "app").ToString());
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard", Level = 1 })).ToBeVisibleAsync();

            await page.GotoAsync(new Uri(globex, "Account/Manage/Passkeys").ToString());
            await page.GetByRole(AriaRole.Link, new() { Name = "Delete Tom's laptop" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Delete the passkey Tom's laptop?");
            await BrowserFixture.SaveScreenshotAsync(page, "passkeys-delete-confirm");
            await page.GetByRole(AriaRole.Button, new() { Name = "Delete passkey" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Passkey \"Tom's laptop\" deleted.");
            await Expect(page.GetByTestId("passkeys-empty")).ToBeVisibleAsync();

            var missing = await page.GotoAsync(new Uri(globex, "Account/Manage/Passkeys/AAAAAAAAAAAAAAAAAAAAAA/Rename").ToString());
            Assert.Equal(404, missing!.Status);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Page not found" })).ToBeVisibleAsync();
            await BrowserFixture.SaveScreenshotAsync(page, "passkeys-not-found");
        });
    }

    [Fact]
    public async Task A_refused_ceremony_adds_nothing_and_says_so()
    {
        var page = await browser.NewPageAsync();
        var acme = app.PathTenantUri("acme");
        await BrowserFixture.RunAsync(page, nameof(A_refused_ceremony_adds_nothing_and_says_so), async () =>
        {
            var authenticator = await AddVirtualAuthenticatorAsync(page, userVerified: false);
            await BrowserFixture.SignInAsync(page, acme, "sam@acme.test", DemoAccounts.Password);
            await page.GotoAsync(new Uri(acme, "Account/Manage/Passkeys").ToString());

            await page.GetByLabel("Name it after the device").FillAsync("Phone");
            await page.GetByRole(AriaRole.Button, new() { Name = "Add a passkey" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("cancelled or timed out. No passkey was added.");
            await Expect(page.GetByTestId("passkeys-empty")).ToBeVisibleAsync();
            await BrowserFixture.SaveScreenshotAsync(page, "passkeys-refused");

            // An empty name is caught before the person is asked for a passkey.
            await page.GetByLabel("Name it after the device").FillAsync("");
            await page.GetByRole(AriaRole.Button, new() { Name = "Add a passkey" }).ClickAsync();
            Assert.False(await page.GetByLabel("Name it after the device").EvaluateAsync<bool>("e => e.validity.valid"));
            Assert.Equal(0, await CredentialCountAsync(authenticator));
        });
    }

    private static async Task AddPasskeyAsync(IPage page, Uri tenant, string name)
    {
        await page.GotoAsync(new Uri(tenant, "Account/Manage/Passkeys").ToString());
        await page.GetByLabel("Name it after the device").FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a passkey" }).ClickAsync();
        await Expect(page.GetByTestId("passkey-name")).ToHaveTextAsync([name]);
    }

    private sealed record Authenticator(ICDPSession Session, string Id);

    /// <summary>A platform authenticator (like Touch ID) that holds discoverable credentials and verifies the user.</summary>
    private static async Task<Authenticator> AddVirtualAuthenticatorAsync(IPage page, bool userVerified = true)
    {
        var session = await page.Context.NewCDPSessionAsync(page);
        await session.SendAsync("WebAuthn.enable");
        var result = await session.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2",
                ["transport"] = "internal",
                ["hasResidentKey"] = true,
                ["hasUserVerification"] = true,
                ["isUserVerified"] = userVerified,
                ["automaticPresenceSimulation"] = true,
            },
        });
        return new Authenticator(session, result!.Value.GetProperty("authenticatorId").GetString()!);
    }

    private static async Task<int> CredentialCountAsync(Authenticator authenticator)
    {
        var result = await authenticator.Session.SendAsync("WebAuthn.getCredentials", new Dictionary<string, object> { ["authenticatorId"] = authenticator.Id });
        return result!.Value.GetProperty("credentials").GetArrayLength();
    }
}
