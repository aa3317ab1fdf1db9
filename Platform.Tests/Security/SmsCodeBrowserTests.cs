using Microsoft.Playwright;
using Platform.Infrastructure.Security;
using Platform.Infrastructure.Seeding;
using Platform.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Platform.Tests.Security;

/// <summary>In a real Chromium: verify a mobile number from the account page, then sign in with a texted code (a wrong one first).</summary>
public class SmsCodeBrowserTests(SmsCodeBrowserTests.App app, BrowserFixture browser)
    : IClassFixture<SmsCodeBrowserTests.App>, IClassFixture<BrowserFixture>
{
    private const string Phone = "+1 212 555 0199";

    public sealed class App() : KestrelAppFactory(TestDatabase.Sqlite);

    [Fact]
    public async Task Staff_verify_a_phone_then_sign_in_with_a_text_message_code()
    {
        var page = await browser.NewPageAsync();
        var acme = app.TenantUri("acme");
        await BrowserFixture.RunAsync(page, nameof(Staff_verify_a_phone_then_sign_in_with_a_text_message_code), async () =>
        {
            await BrowserFixture.SignInAsync(page, acme, "jo@acme.test", DemoAccounts.Password);
            await page.GotoAsync(new Uri(acme, "Account/Manage/Phone").ToString());
            await page.GetByLabel("Mobile number").FillAsync(Phone);
            var sent = Texts().Count;
            await page.GetByRole(AriaRole.Button, new() { Name = "Send a code" }).ClickAsync();
            var code = await NextCodeAsync(sent);
            await BrowserFixture.SaveScreenshotAsync(page, "mfa-phone-code-sent");
            await page.GetByLabel("Code from the text message").FillAsync(code);
            await page.GetByRole(AriaRole.Button, new() { Name = "Verify and turn on" }).ClickAsync();
            await Expect(page.GetByTestId("backup-codes").Locator("code")).ToHaveCountAsync(10);
            await BrowserFixture.SaveScreenshotAsync(page, "mfa-phone-verified");

            // A new browser session: with text messages as the only second step, the password leads to the text page.
            await page.Context.ClearCookiesAsync();
            await page.GotoAsync(new Uri(acme, "Account/Login").ToString());
            await page.Locator("input[name='Input.Email']").FillAsync("jo@acme.test");
            await page.Locator("input[name='Input.Password']").FillAsync(DemoAccounts.Password);
            await page.Locator("input[name='Input.Password']").PressAsync("Enter");
            await page.WaitForURLAsync(url => url.Contains("Account/LoginWithSms", StringComparison.Ordinal));

            sent = Texts().Count;
            await page.GetByRole(AriaRole.Button, new() { Name = "Text me a code" }).ClickAsync();
            code = await NextCodeAsync(sent);

            // A wrong code is refused with a message and signs nobody in; the texted one does.
            await page.GetByLabel("Code from the text message").FillAsync(code == "000000" ? "111111" : "000000");
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Expect(page.GetByText(SecondFactors.WrongTextCodeMessage)).ToBeVisibleAsync();
            await BrowserFixture.SaveScreenshotAsync(page, "mfa-login-sms-wrong");
            await page.GetByLabel("Code from the text message").FillAsync(code);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await page.WaitForURLAsync(url => url.EndsWith("/app", StringComparison.Ordinal));
        });
    }

    private List<string> Texts() =>
        Directory.Exists(app.SmsFolder)
            ? [.. Directory.GetFiles(app.SmsFolder, "*.txt").Order(StringComparer.Ordinal).Select(File.ReadAllText).Where(t => t.StartsWith("To: +12125550199", StringComparison.Ordinal))]
            : [];

    /// <summary>The six-digit code of the first text to the phone after the <paramref name="before"/> there were.</summary>
    private async Task<string> NextCodeAsync(int before)
    {
        for (var i = 0; i < 100; i++)
        {
            if (Texts() is { } texts && texts.Count > before)
            {
                return System.Text.RegularExpressions.Regex.Match(texts[before], @"\b\d{6}\b").Value;
            }

            await Task.Delay(100);
        }

        throw new Xunit.Sdk.XunitException("No text message arrived within 10 seconds.");
    }
}
