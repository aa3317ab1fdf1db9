using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Platform.Infrastructure.Events;
using Platform.Infrastructure.Seeding;
using Platform.Tests.Support;

namespace Platform.Tests.Events;

/// <summary>A host admin finds a failed event with its error on /host/events and retries it, with confirmation, in a real browser.</summary>
public sealed class OutboxPageBrowserTests(OutboxPageBrowserTests.App app) : IClassFixture<OutboxPageBrowserTests.App>, IAsyncLifetime
{
    public sealed class App() : KestrelAppFactory(TestDatabase.Sqlite)
    {
        public HandlerLog Log { get; } = new();

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Outbox:PollInterval"] = "00:00:00.200",
            ["Outbox:MaxAttempts"] = "1",
        };

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton(Log);
                services.AddMessageHandler<TestPing, FlakyPingHandler>();
            });
        }
    }

    private readonly BrowserFixture _browser = new();
    private IPage _page = default!;

    public async Task InitializeAsync()
    {
        await _browser.InitializeAsync();
        _page = await _browser.NewPageAsync();
        await BrowserFixture.SignInAsync(_page, app.RootUri, DemoAccounts.HostAdminEmail, DemoAccounts.Password);
        // The operator's landing page once, as their sign-in would show it: the first test then does not also wait for
        // the app's first page under the five seconds an expectation gets.
        await _page.GotoAsync(new Uri(app.RootUri, "host").ToString());
        await Assertions.Expect(_page.GetByRole(AriaRole.Heading, new() { Name = "Operator console" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
    }

    public Task DisposeAsync() => _browser.DisposeAsync();

    [Fact]
    public async Task The_operator_sees_a_failed_event_with_its_error_and_retries_it() => await BrowserFixture.RunAsync(_page, nameof(OutboxPageBrowserTests), async () =>
    {
        var key = Guid.NewGuid();
        app.Log.FailingKeys[key] = true;
        var acme = await app.TenantIdAsync("acme");
        await app.InTenantAsync("acme", async sp =>
        {
            sp.GetRequiredService<Platform.Core.Events.IOutbox>().Enqueue(new TestPing(acme, key));
            return await sp.GetRequiredService<Platform.Infrastructure.Data.PlatformDbContext>().SaveChangesAsync();
        });
        await Eventually.HoldsAsync(() => Task.FromResult(app.Log.CountOf(nameof(FlakyPingHandler), key) == 1), "the handler failed once");

        await _page.GotoAsync(new Uri(app.RootUri, "host/events").ToString());
        var row = _page.Locator(".mud-table-body tr").Filter(new() { HasText = "test.ping" });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync("Acme Physiotherapy");
        await Assertions.Expect(row).ToContainTextAsync($"The flaky handler refuses {key}.");
        await BrowserFixture.SaveScreenshotAsync(_page, "host-events-1-failed");

        app.Log.FailingKeys.TryRemove(key, out _);
        await row.GetByRole(AriaRole.Button, new() { Name = "Retry" }).ClickAsync();
        var dialog = _page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToContainTextAsync("Retry test.ping?");
        await BrowserFixture.SaveScreenshotAsync(_page, "host-events-2-confirm");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Retry" }).ClickAsync();

        await Assertions.Expect(_page.GetByText("The event is queued again.")).ToBeVisibleAsync();
        await Eventually.HoldsAsync(() => Task.FromResult(app.Log.CountOf(nameof(FlakyPingHandler), key) == 2), "the retried handler ran");
        await _page.GetByLabel("Status").ClickAsync();
        await _page.GetByRole(AriaRole.Option, new() { Name = "Delivered" }).ClickAsync();
        await Assertions.Expect(_page.Locator(".mud-table-body tr").Filter(new() { HasText = "test.ping" })).ToHaveCountAsync(1);
        await BrowserFixture.SaveScreenshotAsync(_page, "host-events-3-delivered");
    });
}
