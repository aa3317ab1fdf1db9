using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Platform.Core.Access;
using Platform.Core.Notifications;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Notifications;
using Platform.Infrastructure.Seeding;
using Platform.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Platform.Tests.Reminders;

/// <summary>A portal customer chooses text reminders in a real Chromium: without a phone it is refused, with one it is kept; the other tenant's namesake is untouched.</summary>
public sealed class MyNotificationsBrowserTests(MyNotificationsBrowserTests.App app, BrowserFixture browser)
    : IClassFixture<MyNotificationsBrowserTests.App>, IClassFixture<BrowserFixture>
{
    public sealed class App() : KestrelAppFactory(TestDatabase.Sqlite);

    [Fact]
    public async Task A_customer_chooses_text_reminders_and_they_stay_chosen()
    {
        var carla = await UserAsync("acme");
        await app.InTenantAsync("acme", async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            await db.Customers.Where(c => c.UserId == carla).ExecuteUpdateAsync(u => u.SetProperty(c => c.Phone, (string?)null));
            return await db.Users.Where(u => u.Id == carla).ExecuteUpdateAsync(u => u.SetProperty(x => x.PhoneNumber, (string?)null));
        });

        var page = await browser.NewPageAsync();
        var acme = app.TenantUri("acme");
        await BrowserFixture.RunAsync(page, nameof(A_customer_chooses_text_reminders_and_they_stay_chosen), async () =>
        {
            await BrowserFixture.SignInAsync(page, acme, "carla@example.com", DemoAccounts.Password);
            await page.GotoAsync(new Uri(acme, "my/bookings").ToString());
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Notifications" })).ToHaveAttributeAsync("href", "my/notifications");
            await page.GotoAsync(new Uri(acme, "my/notifications").ToString());
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Notifications", Level = 1 })).ToBeVisibleAsync();
            await Expect(page.Locator("[data-interactive=true]")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
            await BrowserFixture.SaveScreenshotAsync(page, "my-notifications-1-defaults");

            var sms = page.Locator($"tr[data-kind='{NotificationKinds.BookingReminder}'] input[data-channel=Sms]");
            var email = page.Locator($"tr[data-kind='{NotificationKinds.BookingReminder}'] input[data-channel=Email]");
            await Expect(email).ToBeCheckedAsync();
            await Expect(sms).Not.ToBeCheckedAsync();
            await sms.CheckAsync();
            await email.UncheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
            await Expect(page.GetByText("Enter the phone number text messages should go to.")).ToBeVisibleAsync();
            await BrowserFixture.SaveScreenshotAsync(page, "my-notifications-2-needs-phone");
            Assert.Equal(NotificationChannels.Email, await ReminderChannelsAsync("acme", carla));

            await page.Locator("[data-testid=phone]").FillAsync("+1 212 555 0142");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
            await Expect(page.Locator("[data-testid=saved]")).ToBeVisibleAsync();
            await BrowserFixture.SaveScreenshotAsync(page, "my-notifications-3-saved");
            Assert.Equal(NotificationChannels.Sms, await ReminderChannelsAsync("acme", carla));

            await page.ReloadAsync();
            await Expect(page.Locator("[data-interactive=true]")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
            await Expect(page.Locator($"tr[data-kind='{NotificationKinds.BookingReminder}'] input[data-channel=Sms]")).ToBeCheckedAsync();
            await Expect(page.Locator($"tr[data-kind='{NotificationKinds.BookingReminder}'] input[data-channel=Email]")).Not.ToBeCheckedAsync();
            await Expect(page.Locator("[data-testid=phone]")).ToHaveValueAsync("+1 212 555 0142");
        });

        // Carla's namesake account at globex keeps its defaults.
        var carlaAtGlobex = await UserAsync("globex");
        Assert.True((await app.AsActorAsync("globex", Actor.Customer(carlaAtGlobex), sp => sp.GetRequiredService<CustomerNotificationSettings>().MineAsync())).Rows.All(r => r.IsDefault));
    }

    [Fact]
    public async Task A_customer_sees_a_confirmation_arrive_in_the_portal_bell_without_a_reload_and_finds_it_in_the_list()
    {
        var carla = await UserAsync("acme");
        var page = await browser.NewPageAsync();
        var acme = app.TenantUri("acme");
        await BrowserFixture.RunAsync(page, nameof(A_customer_sees_a_confirmation_arrive_in_the_portal_bell_without_a_reload_and_finds_it_in_the_list), async () =>
        {
            await BrowserFixture.SignInAsync(page, acme, "carla@example.com", DemoAccounts.Password);
            await page.GotoAsync(new Uri(acme, "my/bookings").ToString());
            var bell = page.Locator("[data-testid=notification-bell]");
            await Expect(bell).ToHaveAttributeAsync("data-live", "true", new() { Timeout = 30_000 });
            var before = int.Parse((await bell.GetAttributeAsync("data-unread"))!, System.Globalization.CultureInfo.InvariantCulture);

            var published = await app.InTenantAsync("acme", sp => sp.GetRequiredService<NotificationPublisher>().PublishAsync(new NotificationRequest(
                NotificationKinds.BookingConfirmed, new NotificationAudience.User(carla), "Your booking is confirmed", "Physiotherapy on Tue 1 Dec at 10:00", "my/bookings")));
            Assert.True(published.Succeeded);

            // No reload: the count and the panel change by themselves, in the tenant's portal.
            await Expect(bell).ToHaveAttributeAsync("data-unread", (before + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = 5000 });
            await page.Locator("[data-testid=notification-bell-button]").ClickAsync();
            var panel = page.Locator("[data-testid=notification-panel]");
            await Expect(panel).ToContainTextAsync("Your booking is confirmed");
            await BrowserFixture.SaveScreenshotAsync(page, "portal-bell-panel");
            await panel.GetByRole(AriaRole.Link, new() { Name = "See all" }).ClickAsync();

            await page.WaitForURLAsync(new Uri(acme, "my/notifications").ToString());
            await Expect(panel).ToBeHiddenAsync();
            var row = page.Locator("[data-testid=my-notification-list] [data-notification]", new() { HasText = "Your booking is confirmed" });
            await Expect(row).ToBeVisibleAsync();
            await Expect(page.Locator($"tr[data-kind='{NotificationKinds.BookingReminder}'] input[data-channel=InApp]")).ToHaveCountAsync(0);
            await Expect(page.Locator($"tr[data-kind='{NotificationKinds.BookingConfirmed}'] input[data-channel=InApp]")).ToBeCheckedAsync();
            await BrowserFixture.SaveScreenshotAsync(page, "my-notifications-list");
            await page.Locator("[data-testid=my-notification-list]").GetByRole(AriaRole.Button, new() { Name = "Mark read" }).First.ClickAsync();
            await Expect(bell).ToHaveAttributeAsync("data-unread", before.ToString(System.Globalization.CultureInfo.InvariantCulture));
        });
    }

    private Task<Guid> UserAsync(string tenant) =>
        app.InTenantAsync(tenant, sp => sp.GetRequiredService<PlatformDbContext>().Users.Where(u => u.Email == "carla@example.com").Select(u => u.Id).SingleAsync());

    private async Task<NotificationChannels> ReminderChannelsAsync(string tenant, Guid userId) =>
        (await app.AsActorAsync(tenant, Actor.Customer(userId), sp => sp.GetRequiredService<CustomerNotificationSettings>().MineAsync())).Rows.Single(r => r.Kind.Kind == NotificationKinds.BookingReminder).Channels;
}
