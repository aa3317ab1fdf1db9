using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Platform.Infrastructure.Reminders;
using Platform.Infrastructure.Seeding;
using Platform.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Platform.Tests.Reminders;

/// <summary>A tenant admin sets the reminder offset in a real Chromium: a bad value is refused with a clear message, a good one is kept.</summary>
public sealed class ReminderSettingsBrowserTests(ReminderSettingsBrowserTests.App app, BrowserFixture browser)
    : IClassFixture<ReminderSettingsBrowserTests.App>, IClassFixture<BrowserFixture>
{
    public sealed class App() : KestrelAppFactory(TestDatabase.Sqlite);

    [Fact]
    public async Task An_admin_sets_the_reminder_offset()
    {
        var page = await browser.NewPageAsync();
        var acme = app.TenantUri("acme");
        await BrowserFixture.RunAsync(page, nameof(An_admin_sets_the_reminder_offset), async () =>
        {
            await BrowserFixture.SignInAsync(page, acme, "admin@acme.test", DemoAccounts.Password);
            await page.GotoAsync(new Uri(acme, "app/settings/reminders").ToString());
            await Expect(page.Locator("[data-interactive=true]")).ToBeVisibleAsync();
            var hours = page.Locator("#reminder-hours");
            await Expect(hours).ToHaveValueAsync("24");
            await BrowserFixture.SaveScreenshotAsync(page, "reminders-1-default");

            await hours.FillAsync("0");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
            await Expect(page.GetByText("Send reminders 1 to 168 hours before a booking.")).ToBeVisibleAsync();
            await BrowserFixture.SaveScreenshotAsync(page, "reminders-2-refused");
            Assert.Equal(24, await app.InTenantAsync("acme", sp => sp.GetRequiredService<ReminderSettingsStore>().OffsetHoursAsync()));

            await hours.FillAsync("48");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
            await Expect(page.GetByText("Reminders go out 48 hours before each booking.")).ToBeVisibleAsync();
            await Expect(page.GetByText("Send reminders 1 to 168 hours before a booking.")).ToHaveCountAsync(0);
            await BrowserFixture.SaveScreenshotAsync(page, "reminders-3-saved");
            Assert.Equal(48, await app.InTenantAsync("acme", sp => sp.GetRequiredService<ReminderSettingsStore>().OffsetHoursAsync()));

            await page.ReloadAsync();
            await Expect(page.Locator("#reminder-hours")).ToHaveValueAsync("48");
        });
    }
}
