using System.Buffers.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Access;
using Platform.Core.Bookings;
using Platform.Core.Notifications;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Events;
using Platform.Infrastructure.Identity;
using Platform.Infrastructure.Notifications;
using Platform.Tests.Push;
using Platform.Tests.Support;

namespace Platform.Tests.Notifications;

/// <summary>
/// Web Push end to end on the server: a notification with the browser channel is queued per subscribed browser,
/// sent encrypted for that browser through a push service (a fake on 127.0.0.1), and a gone browser is forgotten.
/// </summary>
public sealed class BrowserPushTests(BrowserPushTests.App app) : IClassFixture<BrowserPushTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite)
    {
        private readonly Dictionary<string, string?> _settings = PushAppSettings.WithNewVapidKeys();

        protected override IDictionary<string, string?> Settings => _settings;
    }

    [Fact]
    public async Task A_new_booking_reaches_the_providers_subscribed_browser_encrypted_for_it_and_a_gone_browser_is_forgotten()
    {
        await using var pushService = await FakeHttpService.StartAsync((context, request, _) =>
        {
            context.Response.StatusCode = request.Path.StartsWith("/gone", StringComparison.Ordinal) ? StatusCodes.Status410Gone : StatusCodes.Status201Created;
            return Task.CompletedTask;
        });
        using var lenasLaptop = new PushBrowser();
        using var lenasOldPhone = new PushBrowser();
        using var acmeBrowser = new PushBrowser();
        var lena = await app.UserIdAsync("globex", "lena@globex.test");
        var sam = await app.UserIdAsync("acme", "sam@acme.test");
        await SubscribeAsync("globex", lena, lenasLaptop, new Uri(pushService.BaseUrl, "lena-laptop"));
        var phone = await SubscribeAsync("globex", lena, lenasOldPhone, new Uri(pushService.BaseUrl, "gone/lena-phone"));
        await SubscribeAsync("acme", sam, acmeBrowser, new Uri(pushService.BaseUrl, "sam"));

        var placed = await app.InTenantAsync("globex", async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            var provider = await db.Providers.Where(p => p.UserId == lena).Select(p => p.Id).SingleAsync();
            var service = await db.Services.Where(s => s.Name == "Colour").Select(s => s.Id).SingleAsync();
            var customer = await db.Customers.Where(c => c.Email == "carla@example.com").Select(c => c.Id).SingleAsync();
            var from = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(40), TimeSpan.Zero);
            var slots = await sp.GetRequiredService<AvailabilityQuery>().FindAsync(new AvailabilityRequest(service, provider, from, from.AddDays(7)));
            return await sp.GetRequiredService<BookingLedger>().PlaceAsync(new PlaceBooking(service, provider, customer, slots.Value![0].Start));
        });
        Assert.True(placed.Succeeded);

        var request = await WaitForAsync(() => pushService.Requests.FirstOrDefault(r => r.Path == "/lena-laptop"));
        Assert.StartsWith("vapid t=", request.Header("Authorization"), StringComparison.Ordinal);
        using var payload = JsonDocument.Parse(lenasLaptop.Decrypt(request.Body));
        var stored = (await app.AllNotificationsAsync()).Single(n => n.UserId == lena && n.Kind == NotificationKinds.BookingCreated);
        Assert.Equal(stored.Title, payload.RootElement.GetProperty("title").GetString());
        Assert.Equal("New booking: Carla Kunde", stored.Title);
        Assert.Equal(stored.Body, payload.RootElement.GetProperty("body").GetString());
        Assert.Equal(stored.Link, payload.RootElement.GetProperty("url").GetString());
        Assert.Equal(stored.Id.ToString("N"), payload.RootElement.GetProperty("tag").GetString());

        // The push service said the phone's subscription is gone: its row goes, the laptop's stays.
        await WaitForAsync(async () => await CountAsync("globex", s => s.Id == phone) == 0 ? (object)true : null);
        Assert.Equal(1, await CountAsync("globex", s => s.UserId == lena));

        // Another tenant's browser heard nothing, and nobody else's browser got Lena's notification.
        await WaitForAsync(async () => await app.InTenantAsync("globex", sp => sp.GetRequiredService<PlatformDbContext>().OutboxMessages
            .AnyAsync(m => m.Type == "push.send" && m.Status != OutboxStatus.Done)) ? null : (object)true);
        Assert.Equal(2, await app.InTenantAsync("globex", sp => sp.GetRequiredService<PlatformDbContext>().OutboxMessages.CountAsync(m => m.Type == "push.send")));
        Assert.DoesNotContain(pushService.Requests, r => r.Path == "/sam");
        Assert.Single(pushService.Requests, r => r.Path == "/lena-laptop");
    }

    [Fact]
    public async Task Nothing_but_a_real_subscription_is_stored_and_nobody_reaches_another_tenants_or_persons_browsers()
    {
        using var browser = new PushBrowser();
        var manager = await app.UserIdAsync("acme", "manager@acme.test");
        var sam = await app.UserIdAsync("acme", "sam@acme.test");
        var key = Base64Url.EncodeToString(browser.PublicKey);
        var auth = Base64Url.EncodeToString(browser.AuthSecret);
        string Json(string endpoint, string p256dh, string secret) =>
            JsonSerializer.Serialize(new { endpoint, keys = new { p256dh, auth = secret } });

        var refused = new Dictionary<string, string>
        {
            ["not json"] = "not a push subscription",
            [Json("http://push.example.com/x", key, auth)] = "must use https",
            [Json("https://push.example.com/x", key[..20], auth)] = "not a P-256 public key",
            [Json("https://push.example.com/x", key, Base64Url.EncodeToString(new byte[8]))] = "not 16 bytes",
            [Json("https://push.example.com/" + new string('x', 2000), key, auth)] = "longer than 2000",
        };
        foreach (var (json, message) in refused)
        {
            var outcome = await app.AsActorAsync("acme", Actor.Manager(manager), sp => sp.GetRequiredService<BrowserPushSubscriptions>().SaveAsync(json, "Chrome"));
            Assert.False(outcome.Succeeded);
            Assert.Contains(message, outcome.Errors["Subscription"].Single(), StringComparison.Ordinal);
        }

        Assert.Equal(0, await CountAsync("acme", s => s.UserId == manager));

        var saved = await app.AsActorAsync("acme", Actor.Manager(manager), sp => sp.GetRequiredService<BrowserPushSubscriptions>()
            .SaveAsync(Json("https://push.example.com/manager", key, auth), "Mozilla/5.0 (X11; Linux x86_64) Chrome/142.0"));
        Assert.True(saved.Succeeded);

        // Globex cannot list, remove or take over acme's browser, even with the manager's id; Sam cannot remove the
        // manager's; an API key (an actor who is no person) has no browsers and removes none.
        var globexSees = await app.AsActorAsync("globex", Actor.Manager(manager), sp => sp.GetRequiredService<BrowserPushSubscriptions>().MineAsync());
        Assert.Empty(globexSees);
        Assert.False(await app.AsActorAsync("globex", Actor.Manager(manager), sp => sp.GetRequiredService<BrowserPushSubscriptions>().RemoveAsync(saved.Value!.Id)));
        Assert.False(await app.AsActorAsync("acme", Actor.Staff(sam), sp => sp.GetRequiredService<BrowserPushSubscriptions>().RemoveAsync(saved.Value!.Id)));
        var apiKey = Actor.Integration(Guid.NewGuid(), [ApiKeyScopes.BookingsWrite]);
        Assert.Empty(await app.AsActorAsync("acme", apiKey, sp => sp.GetRequiredService<BrowserPushSubscriptions>().MineAsync()));
        Assert.False(await app.AsActorAsync("acme", apiKey, sp => sp.GetRequiredService<BrowserPushSubscriptions>().RemoveAsync(saved.Value!.Id)));
        Assert.Equal(1, await CountAsync("acme", s => s.Id == saved.Value!.Id && s.UserId == manager));

        // The same browser subscribing again for another person of the tenant moves to them (one row, not two).
        var again = await app.AsActorAsync("acme", Actor.Staff(sam), sp => sp.GetRequiredService<BrowserPushSubscriptions>()
            .SaveAsync(Json("https://push.example.com/manager", key, auth), null));
        Assert.Equal(saved.Value!.Id, again.Value!.Id);
        Assert.Equal(1, await CountAsync("acme", s => s.Endpoint == "https://push.example.com/manager" && s.UserId == sam));
        Assert.True(await app.AsActorAsync("acme", Actor.Staff(sam), sp => sp.GetRequiredService<BrowserPushSubscriptions>().RemoveAsync(saved.Value!.Id)));
    }

    private Task<Guid> SubscribeAsync(string tenant, Guid userId, PushBrowser browser, Uri endpoint) =>
        app.AsActorAsync(tenant, Actor.Staff(userId), async sp =>
        {
            var subscription = browser.Subscription(endpoint);
            var json = JsonSerializer.Serialize(new { endpoint = subscription.Endpoint, keys = new { p256dh = subscription.P256dh, auth = subscription.Auth } });
            var outcome = await sp.GetRequiredService<BrowserPushSubscriptions>().SaveAsync(json, "Mozilla/5.0 (X11; Linux x86_64) Chrome/142.0");
            Assert.True(outcome.Succeeded, string.Join("; ", outcome.Errors.SelectMany(e => e.Value)));
            return outcome.Value!.Id;
        });

    private Task<int> CountAsync(string tenant, System.Linq.Expressions.Expression<Func<BrowserPushSubscription, bool>> match) =>
        app.InTenantAsync(tenant, sp => sp.GetRequiredService<PlatformDbContext>().Set<BrowserPushSubscription>().CountAsync(match));

    private static Task<T> WaitForAsync<T>(Func<T?> probe)
        where T : class => WaitForAsync(() => Task.FromResult(probe()));

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe)
        where T : class
    {
        for (var i = 0; i < 100; i++)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            await Task.Delay(100);
        }

        throw new Xunit.Sdk.XunitException("It did not happen within 10 seconds.");
    }
}
