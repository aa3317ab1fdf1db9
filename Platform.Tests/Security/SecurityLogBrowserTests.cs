using Platform.Infrastructure.Seeding;
using Platform.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Platform.Tests.Security;

/// <summary>The security pages of tenant admins and host operators, in a real Chromium.</summary>
public class SecurityLogBrowserTests(SecurityLogBrowserTests.App app, BrowserFixture browser)
    : IClassFixture<SecurityLogBrowserTests.App>, IClassFixture<BrowserFixture>
{
    public sealed class App() : KestrelAppFactory(TestDatabase.Sqlite);

    [Fact]
    public async Task A_tenant_admin_sees_the_tenants_log_and_the_host_sees_everyones()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.RunAsync(page, nameof(A_tenant_admin_sees_the_tenants_log_and_the_host_sees_everyones), async () =>
        {
            var acme = app.TenantUri("acme");
            await BrowserFixture.SignInAsync(page, acme, "admin@acme.test", DemoAccounts.Password);
            await page.GotoAsync(new Uri(acme, "app/settings/security").ToString());
            var grid = page.GetByTestId("tenant-security-log");
            await Expect(grid).ToContainTextAsync("admin@acme.test");
            await Expect(grid).Not.ToContainTextAsync(DemoAccounts.HostAdminEmail);
            await BrowserFixture.SaveScreenshotAsync(page, "mfa-app-security");

            var host = await browser.NewPageAsync();
            await BrowserFixture.SignInAsync(host, app.RootUri, DemoAccounts.HostAdminEmail, DemoAccounts.Password);
            await host.GotoAsync(new Uri(app.RootUri, "host/security-log").ToString());
            var all = host.GetByTestId("host-security-log");
            await Expect(all).ToContainTextAsync("admin@acme.test");
            await Expect(all).ToContainTextAsync(DemoAccounts.HostAdminEmail);
            await BrowserFixture.SaveScreenshotAsync(host, "mfa-host-security-log");
        });
    }
}
