using Microsoft.Playwright;
using OtpNet;
using Platform.Infrastructure.Security;
using Platform.Infrastructure.Seeding;
using Platform.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Platform.Tests.Security;

/// <summary>In a real Chromium: set up an authenticator from the page, then sign in with a code and with a backup code.</summary>
public class TwoFactorBrowserTests(TwoFactorBrowserTests.App app, BrowserFixture browser)
    : IClassFixture<TwoFactorBrowserTests.App>, IClassFixture<BrowserFixture>
{
    public sealed class App() : KestrelAppFactory(TestDatabase.Sqlite);

    [Fact]
    public async Task Staff_set_up_an_authenticator_then_sign_in_with_a_code_and_with_a_backup_code()
    {
        var page = await browser.NewPageAsync();
        var acme = app.TenantUri("acme");
        await BrowserFixture.RunAsync(page, nameof(Staff_set_up_an_authenticator_then_sign_in_with_a_code_and_with_a_backup_code), async () =>
        {
            await BrowserFixture.SignInAsync(page, acme, "jo@acme.test", DemoAccounts.Password);
            await page.GotoAsync(new Uri(acme, "Account/Manage/TwoFactor").ToString());
            await Expect(page.GetByTestId("mfa-authenticator")).ToHaveTextAsync("Off");
            await page.GetByRole(AriaRole.Link, new() { Name = "Set up an authenticator app" }).ClickAsync();

            await Expect(page.Locator(".pf-qr svg")).ToBeVisibleAsync();
            var secret = await page.GetByTestId("authenticator-secret").GetAttributeAsync("data-secret");
            Assert.Equal(secret, (await page.GetByTestId("authenticator-secret").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal));
            await BrowserFixture.SaveScreenshotAsync(page, "mfa-enable-authenticator");
            var totp = new Totp(Base32Encoding.ToBytes(secret));
            await page.GetByLabel("Then enter the code the app shows").FillAsync(totp.ComputeTotp(DateTime.UtcNow));
            await page.GetByRole(AriaRole.Button, new() { Name = "Turn on" }).ClickAsync();

            var codes = page.GetByTestId("backup-codes").Locator("code");
            await Expect(codes).ToHaveCountAsync(10);
            var backupCode = await codes.First.InnerTextAsync();
            await BrowserFixture.SaveScreenshotAsync(page, "mfa-backup-codes");

            // A new browser session: the password, then a code of the next step (this step's code was just used).
            await page.Context.ClearCookiesAsync();
            await SignInWithPasswordAsync(page, acme);
            await BrowserFixture.SaveScreenshotAsync(page, "mfa-login-code");
            await page.GetByLabel("Code from your app").FillAsync(totp.ComputeTotp(DateTime.UtcNow.AddSeconds(TotpCode.StepSeconds)));
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await page.WaitForURLAsync(url => url.EndsWith("/app", StringComparison.Ordinal));

            await page.Context.ClearCookiesAsync();
            await SignInWithPasswordAsync(page, acme);
            await page.GetByRole(AriaRole.Link, new() { Name = "No access to your app or phone? Use a backup code" }).ClickAsync();
            await page.GetByLabel("Backup code").FillAsync(backupCode);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await page.WaitForURLAsync(url => url.EndsWith("/app", StringComparison.Ordinal));

            await page.GotoAsync(new Uri(acme, "Account/Manage/TwoFactor").ToString());
            await Expect(page.GetByTestId("mfa-authenticator")).ToHaveTextAsync("On");
            await Expect(page.GetByTestId("mfa-backup-left")).ToHaveTextAsync("9 of 10");
            await BrowserFixture.SaveScreenshotAsync(page, "mfa-overview");

            await page.GotoAsync(new Uri(acme, "Account/Manage/SecurityLog").ToString());
            await Expect(page.GetByTestId("security-log")).ToContainTextAsync("Backup code used");
            await BrowserFixture.SaveScreenshotAsync(page, "mfa-security-log");
        });
    }

    private static async Task SignInWithPasswordAsync(IPage page, Uri tenant)
    {
        await page.GotoAsync(new Uri(tenant, "Account/Login").ToString());
        await page.Locator("input[name='Input.Email']").FillAsync("jo@acme.test");
        await page.Locator("input[name='Input.Password']").FillAsync(DemoAccounts.Password);
        await page.Locator("input[name='Input.Password']").PressAsync("Enter");
        await page.WaitForURLAsync(url => url.Contains("Account/LoginWith2fa", StringComparison.Ordinal));
    }
}
