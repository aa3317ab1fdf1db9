using System.Net;
using Microsoft.Playwright;
using Platform.Infrastructure.Seeding;
using Platform.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Platform.Tests.Identity;

/// <summary>The API keys page in a real Chromium: create a key, see its secret once, use it, revoke it.</summary>
public class ApiKeysPageBrowserTests(ApiKeysPageBrowserTests.App app, BrowserFixture browser)
    : IClassFixture<ApiKeysPageBrowserTests.App>, IClassFixture<BrowserFixture>
{
    public sealed class App() : KestrelAppFactory(TestDatabase.Sqlite);

    [Fact]
    public async Task An_admin_creates_a_key_sees_the_secret_once_and_revokes_it()
    {
        var page = await browser.NewPageAsync();
        var acme = app.TenantUri("acme");
        await BrowserFixture.RunAsync(page, nameof(An_admin_creates_a_key_sees_the_secret_once_and_revokes_it), async () =>
        {
            await BrowserFixture.SignInAsync(page, acme, "admin@acme.test", DemoAccounts.Password);
            await page.GotoAsync(new Uri(acme, "app/settings/api-keys").ToString());
            await Expect(page.Locator("[data-interactive=true]")).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "API keys" })).ToBeVisibleAsync();
            await Expect(page.GetByTestId("key-row").Filter(new() { HasText = "Demo key" })).ToBeVisibleAsync();
            await BrowserFixture.SaveScreenshotAsync(page, "api-keys-list");

            await page.GetByTestId("new-key").ClickAsync();
            await page.GetByLabel("Name").FillAsync("Booking widget");
            await page.GetByTestId("scopes").GetByText("people:read").ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();

            await Expect(page.GetByTestId("secret-warning")).ToContainTextAsync("only time it is shown");
            var secret = await page.Locator("#new-api-key-secret").InputValueAsync();
            Assert.Matches("^pk_[A-Za-z0-9_-]{43}$", secret);
            await BrowserFixture.SaveScreenshotAsync(page, "api-keys-secret");

            using (var client = app.CreateClientFor(app.RootUri.ToString()))
            {
                client.DefaultRequestHeaders.Add("X-Api-Key", secret);
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("api/v1/people")).StatusCode);
            }

            await page.GetByTestId("done").ClickAsync();
            var row = page.Locator("tr").Filter(new() { HasText = "Booking widget" });
            await Expect(row).ToContainTextAsync(secret[..10]);
            await Expect(page.GetByText(secret)).ToHaveCountAsync(0);

            await row.GetByRole(AriaRole.Button, new() { Name = "Revoke Booking widget" }).ClickAsync();
            await page.GetByTestId("confirm").ClickAsync();
            await Expect(row).ToContainTextAsync("Revoked");
            await BrowserFixture.SaveScreenshotAsync(page, "api-keys-revoked");

            using var revoked = app.CreateClientFor(app.RootUri.ToString());
            revoked.DefaultRequestHeaders.Add("X-Api-Key", secret);
            Assert.Equal(HttpStatusCode.Unauthorized, (await revoked.GetAsync("api/v1/tenant")).StatusCode);
        });
    }
}
