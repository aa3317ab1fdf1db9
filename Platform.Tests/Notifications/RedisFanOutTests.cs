using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using Platform.Infrastructure.Seeding;
using Platform.Tests.Support;
using Xunit.Abstractions;

namespace Platform.Tests.Notifications;

/// <summary>
/// Two app instances on different ports, one PostgreSQL database and a local redis-server: a notification
/// booking made through instance A's API reaches a staff page open on instance B: the outbox, whichever node's
/// dispatcher claims the event, and Redis between the nodes.
/// </summary>
public sealed class RedisFanOutTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly BrowserFixture _browser = new();
    private RedisServer _redis = default!;
    private RedisNode _a = default!;
    private RedisNode _b = default!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        var database = await TestPostgres.CreateDatabaseAsync("platform");
        _a = new RedisNode(database, _redis.Connection);
        await _a.InitializeAsync(); // migrates and seeds the shared database
        _b = new RedisNode(database, _redis.Connection);
        await _b.InitializeAsync();
        await _browser.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _b.DisposeAsync();
        await _a.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task A_booking_made_through_node_a_appears_in_the_panel_of_a_staff_page_open_on_node_b()
    {
        Assert.NotEqual(_a.RootUri.Port, _b.RootUri.Port);
        var onB = _b.TenantUri("acme");
        var (service, provider, customer, starts) = await _a.FreeStartsAsync("sam@acme.test", 21);
        using var api = new HttpClient { BaseAddress = _a.RootUri };
        api.DefaultRequestHeaders.Add("X-Api-Key", DemoAccounts.ApiKeys["acme"]);
        var page = await _browser.NewPageAsync();
        var delays = new List<double>();
        await BrowserFixture.RunAsync(page, nameof(A_booking_made_through_node_a_appears_in_the_panel_of_a_staff_page_open_on_node_b), async () =>
        {
            await BrowserFixture.SignInAsync(page, onB, "sam@acme.test", "Demo!Passw0rd");
            await page.GotoAsync(new Uri(onB, "app").ToString());
            var bell = page.Locator("[data-testid=notification-bell]");
            await Assertions.Expect(page.Locator("[data-testid=notification-bell][data-live=true]")).ToHaveCountAsync(1);
            await Assertions.Expect(bell).ToHaveAttributeAsync("data-unread", "0");

            var booked = await api.PostAsJsonAsync("api/v1/bookings", new { serviceId = service, providerId = provider, customerId = customer, start = starts[0] });
            Assert.Equal(HttpStatusCode.Created, booked.StatusCode);

            await Assertions.Expect(bell).ToHaveAttributeAsync("data-unread", "1", new() { Timeout = 10_000 });
            await page.Locator("[data-testid=notification-bell-button]").ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=notification-panel]")).ToContainTextAsync("New booking:");
            await Assertions.Expect(page.Locator("[data-testid=notification-panel]")).ToContainTextAsync("Follow-up session");
            await BrowserFixture.SaveScreenshotAsync(page, "notifications-redis-node-b");

            // Booking (node A's API) to screen (node B, through the outbox and Redis): 20 more, for the figures.
            for (var i = 1; i <= 20; i++)
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var response = await api.PostAsJsonAsync("api/v1/bookings", new { serviceId = service, providerId = provider, customerId = customer, start = starts[i] });
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                await NotificationTestData.WaitForUnreadAsync(page, 1 + i);
                delays.Add(clock.Elapsed.TotalMilliseconds);
            }
        });

        await NotificationTestData.ReportLatencyAsync(delays, "PostgreSQL, API on node A to a page on node B through Redis", "notification-latency-redis.txt", output);
    }
}
