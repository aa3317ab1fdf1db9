using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Platform.Core.Bookings;
using Platform.Core.Notifications;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Data;
using Platform.Tests.Push;
using Platform.Tests.Support;

namespace Platform.Tests.Notifications;

/// <summary>
/// Web Push in chromium: a staff member turns push on for their browser on the preferences page, a booking
/// is pushed to that browser's subscription, the service worker shows it while no Platform page is open, and
/// signing out ends it.
/// </summary>
/// <remarks>
/// Chromium subscribes through Google's push service, which this machine cannot reach, so the page's
/// <c>PushManager.subscribe</c> is replaced by one that returns a subscription at a fake push service on
/// 127.0.0.1 with keys the test holds. Everything else is the real page, service worker, server and crypto;
/// the push reaches the worker through the DevTools protocol (<c>ServiceWorker.deliverPushMessage</c>).
/// </remarks>
public sealed class BrowserPushBrowserTests(BrowserPushBrowserTests.App app) : IClassFixture<BrowserPushBrowserTests.App>, IAsyncLifetime
{
    public sealed class App() : KestrelAppFactory(TestDatabase.Sqlite)
    {
        private readonly Dictionary<string, string?> _settings = PushAppSettings.WithNewVapidKeys();

        protected override IDictionary<string, string?> Settings => _settings;
    }

    private readonly BrowserFixture _browser = new();

    public Task InitializeAsync() => _browser.InitializeAsync();

    public Task DisposeAsync() => _browser.DisposeAsync();

    [Fact]
    public async Task A_staff_member_turns_push_on_and_a_new_booking_is_pushed_to_their_browser_and_shown_by_the_worker()
    {
        await using var pushService = await FakeHttpService.StartAsync((context, _, _) =>
        {
            context.Response.StatusCode = StatusCodes.Status201Created;
            return Task.CompletedTask;
        });
        using var keys = new PushBrowser();
        var subscription = keys.Subscription(new Uri(pushService.BaseUrl, "push/sam-laptop"));
        var acme = app.TenantUri("acme");
        var page = await _browser.NewPageAsync();
        await page.Context.GrantPermissionsAsync(["notifications"], new() { Origin = acme.GetLeftPart(UriPartial.Authority) });
        await page.Context.AddInitScriptAsync($$"""
            (() => {
              const json = { endpoint: {{JsonSerializer.Serialize(subscription.Endpoint)}}, expirationTime: null,
                             keys: { p256dh: {{JsonSerializer.Serialize(subscription.P256dh)}}, auth: {{JsonSerializer.Serialize(subscription.Auth)}} } };
              const fake = { endpoint: json.endpoint, options: {}, toJSON: () => json,
                             unsubscribe: async () => { localStorage.removeItem("fake-push"); return true; } };
              PushManager.prototype.subscribe = async function () { localStorage.setItem("fake-push", "1"); return fake; };
              PushManager.prototype.getSubscription = async function () { return localStorage.getItem("fake-push") ? fake : null; };
            })();
            """);

        await BrowserFixture.RunAsync(page, nameof(A_staff_member_turns_push_on_and_a_new_booking_is_pushed_to_their_browser_and_shown_by_the_worker), async () =>
        {
            await BrowserFixture.SignInAsync(page, acme, "sam@acme.test", "Demo!Passw0rd");
            await page.GotoAsync(new Uri(acme, "app/notifications/preferences").ToString());
            await Assertions.Expect(page.Locator("[data-interactive=true]")).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator("[data-testid=push-state]")).ToContainTextAsync("even when no Platform tab is open");
            await page.Locator("[data-testid=push-on]").ClickAsync();
            await Assertions.Expect(page.Locator(".mud-snackbar", new() { HasText = "Push is on for this browser." })).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("[data-testid=push-browser]")).ToContainTextAsync("Chrome on Linux (this browser)");
            await Assertions.Expect(page.Locator("[data-testid=push-off]")).ToBeVisibleAsync();
            await BrowserFixture.SaveScreenshotAsync(page, "notifications-preferences-push");

            // The worker was registered for acme's address, and the server stored the subscription for Sam.
            var workerUrl = await page.EvaluateAsync<string>("navigator.serviceWorker.ready.then(r => r.active.scriptURL)");
            Assert.Equal(new Uri(acme, "push-sw.js").ToString(), workerUrl);
            var sam = await app.UserIdAsync("acme", "sam@acme.test");
            var stored = await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().Set<BrowserPushSubscription>().SingleAsync());
            Assert.Equal((sam, subscription.Endpoint), (stored.UserId, stored.Endpoint));

            // A booking on Sam's calendar is pushed to that subscription, encrypted for the browser's keys.
            await BookOnSamsCalendarAsync(sam);
            CapturedRequest? request = null;
            for (var i = 0; i < 100 && request is null; i++)
            {
                request = pushService.Requests.FirstOrDefault(r => r.Path == "/push/sam-laptop");
                await Task.Delay(100);
            }

            Assert.NotNull(request);
            var payload = System.Text.Encoding.UTF8.GetString(keys.Decrypt(request.Body));
            Assert.Contains("\"title\":\"New booking: ", payload, StringComparison.Ordinal);

            // With no Platform page open, the worker shows what the push service delivers.
            await page.GotoAsync("about:blank");
            var cdp = await page.Context.NewCDPSessionAsync(page);
            var registrations = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            cdp.Event("ServiceWorker.workerRegistrationUpdated").OnEvent += (_, e) =>
            {
                foreach (var registration in e!.Value.GetProperty("registrations").EnumerateArray())
                {
                    if (registration.GetProperty("scopeURL").GetString() == acme.ToString())
                    {
                        registrations.TrySetResult(registration.GetProperty("registrationId").GetString()!);
                    }
                }
            };
            await cdp.SendAsync("ServiceWorker.enable");
            var registrationId = await registrations.Task.WaitAsync(TimeSpan.FromSeconds(10));
            await cdp.SendAsync("ServiceWorker.deliverPushMessage", new Dictionary<string, object>
            {
                ["origin"] = acme.GetLeftPart(UriPartial.Authority),
                ["registrationId"] = registrationId,
                ["data"] = payload,
            });
            await cdp.DetachAsync();

            // Back on a page of acme, its registration lists the notification the worker showed.
            await page.GotoAsync(acme.ToString());
            string[] shown = [];
            for (var i = 0; i < 50 && shown.Length == 0; i++)
            {
                shown = await page.EvaluateAsync<string[]>("navigator.serviceWorker.ready.then(r => r.getNotifications()).then(list => list.map(n => n.title + ' | ' + n.data.url))");
                await Task.Delay(100);
            }

            var notification = Assert.Single(shown);
            Assert.StartsWith("New booking: ", notification, StringComparison.Ordinal);
            Assert.Contains($"| {acme}app/calendar?date=", notification, StringComparison.Ordinal);

            // Signing out cancels this browser's subscription and the server forgets it: the next person here gets nothing of Sam's.
            await page.GotoAsync(new Uri(acme, "Account/Manage").ToString());
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
            await page.WaitForURLAsync(acme.ToString());
            Assert.Equal(0, await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().Set<BrowserPushSubscription>().CountAsync()));
            Assert.True(await page.EvaluateAsync<bool>("navigator.serviceWorker.ready.then(r => r.pushManager.getSubscription()).then(s => s === null)"));
        });
    }

    private Task<bool> BookOnSamsCalendarAsync(Guid sam) =>
        app.InTenantAsync("acme", async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            var provider = await db.Providers.Where(p => p.UserId == sam).Select(p => p.Id).SingleAsync();
            var service = await db.ServiceOfferings.Where(o => o.ProviderId == provider).Select(o => o.ServiceId).FirstAsync();
            var customer = await db.Customers.Select(c => c.Id).FirstAsync();
            var from = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(10), TimeSpan.Zero);
            var slots = await sp.GetRequiredService<AvailabilityQuery>().FindAsync(new AvailabilityRequest(service, provider, from, from.AddDays(7)));
            var placed = await sp.GetRequiredService<BookingLedger>().PlaceAsync(new PlaceBooking(service, provider, customer, slots.Value![0].Start));
            Assert.True(placed.Succeeded, string.Join("; ", placed.Errors.SelectMany(e => e.Value)));
            return placed.Succeeded;
        });
}
