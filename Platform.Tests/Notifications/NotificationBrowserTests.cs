using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Platform.Core.Bookings;
using Platform.Core.Notifications;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Data;
using Platform.Tests.Support;
using Xunit.Abstractions;

namespace Platform.Tests.Notifications;

/// <summary>Two people in two browsers: what one sends appears in the other's open App page, live, and stays after a reload.</summary>
public sealed class NotificationBrowserTests(NotificationBrowserTests.App app, ITestOutputHelper output) : IClassFixture<NotificationBrowserTests.App>, IAsyncLifetime
{
    public sealed class App() : KestrelAppFactory(TestDatabase.Sqlite);

    private readonly BrowserFixture _browser = new();

    public Task InitializeAsync() => _browser.InitializeAsync();

    public Task DisposeAsync() => _browser.DisposeAsync();

    [Fact]
    public async Task A_managers_announcement_appears_on_the_staff_members_open_page_without_a_reload()
    {
        var acme = app.TenantUri("acme");
        var staff = await _browser.NewPageAsync();
        var manager = await _browser.NewPageAsync();
        await BrowserFixture.RunAsync(staff, nameof(A_managers_announcement_appears_on_the_staff_members_open_page_without_a_reload), async () =>
        {
            await BrowserFixture.SignInAsync(staff, acme, "sam@acme.test", "Demo!Passw0rd");
            await staff.GotoAsync(new Uri(acme, "app").ToString());
            var bell = staff.Locator("[data-testid=notification-bell]");
            await Assertions.Expect(bell).ToHaveAttributeAsync("data-unread", "0");
            await WaitForCircuitAsync(staff);

            await BrowserFixture.SignInAsync(manager, acme, "manager@acme.test", "Demo!Passw0rd");
            await manager.GotoAsync(new Uri(acme, "app/notifications").ToString());
            await WaitForCircuitAsync(manager);
            await manager.Locator("[data-testid=send-announcement]").ClickAsync();
            var dialog = manager.Locator(".mud-dialog");
            await dialog.Locator("#announcement-title").FillAsync("Room 2 is closed today");
            await dialog.Locator("#announcement-body").FillAsync("Please use room 3 for all sessions.");
            await BrowserFixture.SaveScreenshotAsync(manager, "notifications-announcement-dialog");
            await BrowserFixture.RunAsync(manager, "notifications-announcement-manager", async () =>
            {
                await dialog.Locator("[data-testid=announcement-send]").ClickAsync();
                await Assertions.Expect(manager.Locator(".mud-snackbar", new() { HasText = "Sent to" })).ToBeVisibleAsync();
            });

            // No reload on the staff page: the count and the panel change by themselves.
            await Assertions.Expect(bell).ToHaveAttributeAsync("data-unread", "1", new() { Timeout = 5000 });
            await staff.Locator("[data-testid=notification-bell-button]").ClickAsync();
            var panel = staff.Locator("[data-testid=notification-panel]");
            await Assertions.Expect(panel).ToContainTextAsync("Room 2 is closed today");
            await Assertions.Expect(panel).ToContainTextAsync("Please use room 3");
            await BrowserFixture.SaveScreenshotAsync(staff, "notifications-bell-panel");

            // Stored: still there after a reload; marking all read clears the count.
            await staff.ReloadAsync();
            await Assertions.Expect(bell).ToHaveAttributeAsync("data-unread", "1");
            await WaitForCircuitAsync(staff);
            await staff.Locator("[data-testid=notification-bell-button]").ClickAsync();
            await staff.Locator("[data-testid=mark-all-read]").ClickAsync();
            await Assertions.Expect(bell).ToHaveAttributeAsync("data-unread", "0");

            await staff.GotoAsync(new Uri(acme, "app/notifications").ToString());
            await Assertions.Expect(staff.Locator("[data-notification]", new() { HasText = "Room 2 is closed today" })).ToBeVisibleAsync();
            await BrowserFixture.SaveScreenshotAsync(staff, "notifications-page");
        });
    }

    [Fact]
    public async Task Preferences_and_templates_pages_save_and_refuse_a_broken_template_with_its_line()
    {
        var acme = app.TenantUri("acme");
        var admin = await _browser.NewPageAsync();
        await BrowserFixture.RunAsync(admin, nameof(Preferences_and_templates_pages_save_and_refuse_a_broken_template_with_its_line), async () =>
        {
            await BrowserFixture.SignInAsync(admin, acme, "admin@acme.test", "Demo!Passw0rd");
            await admin.GotoAsync(new Uri(acme, "app/notifications/preferences").ToString());
            await Assertions.Expect(admin.Locator("[data-interactive=true]")).ToHaveCountAsync(1);
            await Assertions.Expect(admin.Locator("[data-testid=enable-browser-notifications]")).ToBeVisibleAsync();
            var sms = admin.Locator($"tr[data-kind='{NotificationKinds.BookingCreated}'] input[data-channel=Sms]");
            await Assertions.Expect(sms).Not.ToBeCheckedAsync();
            await sms.CheckAsync();
            await Assertions.Expect(admin.Locator(".mud-snackbar", new() { HasText = "New bookings: saved." })).ToBeVisibleAsync();
            await BrowserFixture.SaveScreenshotAsync(admin, "notifications-preferences");
            await admin.ReloadAsync();
            await Assertions.Expect(admin.Locator($"tr[data-kind='{NotificationKinds.BookingCreated}'] input[data-channel=Sms]")).ToBeCheckedAsync();

            await admin.GotoAsync(new Uri(acme, "app/settings/notification-templates").ToString());
            await Assertions.Expect(admin.Locator("[data-interactive=true]")).ToHaveCountAsync(1);
            var body = admin.Locator("#template-body");
            await body.FillAsync("<p>Hello {{ recipient_name }}</p>\n<p>{% if url %}open</p>");
            await Assertions.Expect(admin.Locator(".mud-input-helper-text.mud-input-error", new() { HasText = "Line 2" })).ToBeVisibleAsync();
            await admin.Locator("[data-testid=template-save]").ClickAsync();
            await Assertions.Expect(admin.Locator(".mud-snackbar", new() { HasText = "Not saved" })).ToBeVisibleAsync();
            await BrowserFixture.SaveScreenshotAsync(admin, "notifications-template-error");

            await body.FillAsync("<p>Hello {{ recipient_name }}, see you at {{ start }}.</p>");
            var preview = admin.FrameLocator("[data-testid=preview-email]");
            await Assertions.Expect(preview.Locator("body")).ToContainTextAsync("Hello Carla Customer, see you at Tuesday 1 December, 10:00.");
            await Assertions.Expect(preview.Locator("body")).ToContainTextAsync("Acme Physiotherapy");
            await admin.Locator("[data-testid=template-save]").ClickAsync();
            await Assertions.Expect(admin.Locator(".mud-snackbar", new() { HasText = "Template saved." })).ToBeVisibleAsync();
            await BrowserFixture.SaveScreenshotAsync(admin, "notifications-templates");
        });
    }

    /// <summary>
    /// The Notifications API is stubbed (a headless browser has no notification centre) and document.hidden is
    /// steered by the test; everything between the publisher and <c>new Notification(...)</c> is real.
    /// </summary>
    private const string FakeNotificationsApi = """
        window.__hidden = false;
        window.__shown = [];
        window.__permission = "default";
        Object.defineProperty(document, "hidden", { get: () => window.__hidden, configurable: true });
        window.Notification = class {
          static get permission() { return window.__permission; }
          static requestPermission() { window.__permission = "granted"; return Promise.resolve("granted"); }
          constructor(title, options) { window.__shown.push({ title, body: options.body }); }
          close() {}
        };
        """;

    [Fact]
    public async Task After_enabling_browser_notifications_one_pops_up_only_while_the_tab_is_in_the_background()
    {
        var acme = app.TenantUri("acme");
        var jo = await app.UserIdAsync("acme", "jo@acme.test");
        var context = await _browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(15_000);
        await context.AddInitScriptAsync(FakeNotificationsApi);
        var page = await context.NewPageAsync();
        await BrowserFixture.RunAsync(page, nameof(After_enabling_browser_notifications_one_pops_up_only_while_the_tab_is_in_the_background), async () =>
        {
            await BrowserFixture.SignInAsync(page, acme, "jo@acme.test", "Demo!Passw0rd");
            await page.GotoAsync(new Uri(acme, "app/notifications/preferences").ToString());
            await Assertions.Expect(page.Locator("[data-interactive=true]")).ToHaveCountAsync(1);
            await page.Locator("[data-testid=enable-browser-notifications]").ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=browser-permission]")).ToContainTextAsync("On for this browser");
            await Assertions.Expect(page.Locator("[data-testid=notification-bell][data-live=true]")).ToHaveCountAsync(1);

            // Visible tab: the bell shows it, no system notification.
            var before = int.Parse((await page.Locator("[data-testid=notification-bell]").GetAttributeAsync("data-unread"))!, CultureInfo.InvariantCulture);
            await app.PublishAsync("acme", NotificationTestData.Announcement(new NotificationAudience.User(jo), "While you look"));
            await Assertions.Expect(page.Locator("[data-testid=notification-bell]")).ToHaveAttributeAsync("data-unread", (before + 1).ToString(CultureInfo.InvariantCulture));
            await page.WaitForTimeoutAsync(300);
            Assert.Equal(0, await page.EvaluateAsync<int>("window.__shown.length"));

            // Background tab: a system notification with the title and message.
            await page.EvaluateAsync("window.__hidden = true");
            await app.PublishAsync("acme", NotificationTestData.Announcement(new NotificationAudience.User(jo), "While you are away", "Room 4 is free"));
            await page.WaitForFunctionAsync("() => window.__shown.length === 1");
            Assert.Equal("While you are away", await page.EvaluateAsync<string>("window.__shown[0].title"));
            Assert.Equal("Room 4 is free", await page.EvaluateAsync<string>("window.__shown[0].body"));
        });
    }

    [Fact]
    public async Task A_guest_books_on_the_portal_and_the_providers_open_app_page_shows_it_without_a_reload()
    {
        var acme = app.TenantUri("acme");
        var sam = await _browser.NewPageAsync();
        var jo = await _browser.NewPageAsync();
        var guest = await _browser.NewPageAsync();
        await BrowserFixture.RunAsync(guest, nameof(A_guest_books_on_the_portal_and_the_providers_open_app_page_shows_it_without_a_reload), async () =>
        {
            var before = new Dictionary<IPage, int>();
            foreach (var (page, email) in new[] { (sam, "sam@acme.test"), (jo, "jo@acme.test") })
            {
                await BrowserFixture.SignInAsync(page, acme, email, "Demo!Passw0rd");
                await page.GotoAsync(new Uri(acme, "app").ToString());
                await WaitForCircuitAsync(page);
                before[page] = int.Parse((await page.Locator("[data-testid=notification-bell]").GetAttributeAsync("data-unread"))!, CultureInfo.InvariantCulture);
            }

            await guest.GotoAsync(new Uri(acme, "book").ToString());
            await guest.Locator("[data-testid=service-option]", new() { HasText = "Follow-up session" }).ClickAsync();
            await guest.Locator("[data-testid=slot]").First.ClickAsync();
            await guest.GetByLabel("Name").FillAsync("Nina Notify");
            await guest.GetByLabel("E-mail").FillAsync("nina@example.com");
            await guest.Locator("[data-testid=confirm-booking]").ClickAsync();
            await Assertions.Expect(guest.Locator("[data-testid=booking-confirmed]")).ToBeVisibleAsync();

            // "Anyone" chose a provider; that provider's open page hears of it, the other's does not.
            var providerEmail = await app.InTenantAsync("acme", sp =>
            {
                var db = sp.GetRequiredService<PlatformDbContext>();
                return (from b in db.Bookings
                        join c in db.Customers on b.CustomerId equals c.Id
                        join p in db.Providers on b.ProviderId equals p.Id
                        join u in db.Users on p.UserId equals u.Id
                        where c.Email == "nina@example.com"
                        select u.Email).SingleAsync();
            });
            var (told, other) = providerEmail == "sam@acme.test" ? (sam, jo) : (jo, sam);
            var bell = told.Locator("[data-testid=notification-bell]");
            await Assertions.Expect(bell).ToHaveAttributeAsync("data-unread", (before[told] + 1).ToString(CultureInfo.InvariantCulture), new() { Timeout = 10_000 });
            await told.Locator("[data-testid=notification-bell-button]").ClickAsync();
            var panel = told.Locator("[data-testid=notification-panel]");
            await Assertions.Expect(panel).ToContainTextAsync("New booking: Nina Notify");
            await Assertions.Expect(panel).ToContainTextAsync("Follow-up session");
            await BrowserFixture.SaveScreenshotAsync(told, "notifications-portal-booking");
            await Assertions.Expect(other.Locator("[data-testid=notification-bell]")).ToHaveAttributeAsync("data-unread", before[other].ToString(CultureInfo.InvariantCulture));
        });
    }

    /// <summary>
    /// Booking-to-screen delay: a booking placed through the ledger (as the portal and the API do) until the
    /// provider's open page counts its notification: the outbox commit, the dispatcher, the handler, the publisher
    /// and the circuit. 20 times; the figures go to .test-run/notification-latency.txt (a measurement, not a check).
    /// </summary>
    [Fact]
    public async Task Booking_to_screen_delay_median_of_20()
    {
        var acme = app.TenantUri("acme");
        var (service, provider, customer, starts) = await app.FreeStartsAsync("jo@acme.test", 20);
        var page = await _browser.NewPageAsync();
        var delays = new List<double>();
        await BrowserFixture.RunAsync(page, nameof(Booking_to_screen_delay_median_of_20), async () =>
        {
            await BrowserFixture.SignInAsync(page, acme, "jo@acme.test", "Demo!Passw0rd");
            await page.GotoAsync(new Uri(acme, "app").ToString());
            await WaitForCircuitAsync(page);
            var start = int.Parse((await page.Locator("[data-testid=notification-bell]").GetAttributeAsync("data-unread"))!, CultureInfo.InvariantCulture);
            for (var i = 0; i < starts.Count; i++)
            {
                var clock = Stopwatch.StartNew();
                var placed = await app.InTenantAsync("acme", sp => sp.GetRequiredService<BookingLedger>().PlaceAsync(new PlaceBooking(service, provider, customer, starts[i])));
                Assert.True(placed.Succeeded, string.Join("; ", placed.Errors.SelectMany(e => e.Value)));
                await NotificationTestData.WaitForUnreadAsync(page, start + i + 1);
                delays.Add(clock.Elapsed.TotalMilliseconds);
            }
        });

        await NotificationTestData.ReportLatencyAsync(delays, "SQLite, one node", "notification-latency.txt", output);
    }

    /// <summary>The App page has a live circuit once the bell's interactive render subscribed; a hidden marker says so.</summary>
    private static Task WaitForCircuitAsync(IPage page) =>
        Assertions.Expect(page.Locator("[data-testid=notification-bell][data-live=true]")).ToHaveCountAsync(1);
}
