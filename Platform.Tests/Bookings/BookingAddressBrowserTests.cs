using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Platform.Core.Access;
using Platform.Infrastructure.Bookings;
using Platform.Tests.Support;

namespace Platform.Tests.Bookings;

/// <summary>The business address on the confirmation and the manage page, in acme (light) and globex (dark), on a phone and a desktop.</summary>
public sealed class BookingAddressBrowserTests(BookingAddressBrowserTests.App app) : IClassFixture<BookingAddressBrowserTests.App>, IAsyncLifetime
{
    public sealed class App() : KestrelAppFactory(TestDatabase.Sqlite);

    private readonly BrowserFixture _browser = new();

    public Task InitializeAsync() => _browser.InitializeAsync();

    public Task DisposeAsync() => _browser.DisposeAsync();

    [Theory]
    [InlineData("acme", 1366, 900, "120 West 45th Street, Suite 4B", "New York, NY 10036")]
    [InlineData("acme", 390, 844, "120 West 45th Street, Suite 4B", "New York, NY 10036")]
    [InlineData("globex", 1366, 900, "Friedrichstraße 68", "10117 Berlin")]
    [InlineData("globex", 390, 844, "Friedrichstraße 68", "10117 Berlin")]
    public async Task The_confirmation_and_the_manage_page_show_where_to_come(string tenant, int width, int height, string street, string town)
    {
        var seeded = await BookingTestData.SeedAsync(app, slug: tenant);
        var placed = await app.AsActorAsync(tenant, Actor.Anonymous, sp => sp.GetRequiredService<PortalBookings>().PlaceAsync(
            seeded.Service, seeded.Provider, BookingTestData.Tomorrow.AddDays(5).AddHours(9), new GuestDetails("Gus Guest", $"gus-{Guid.NewGuid():N}@example.com", null, "", "Europe/Berlin")));
        Assert.True(placed.Succeeded);
        var token = Uri.EscapeDataString(placed.Value!.Token);
        var context = await _browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        var size = width < 600 ? "phone" : "desktop";

        await BrowserFixture.RunAsync(page, $"address-{tenant}-{size}", async () =>
        {
            await page.GotoAsync(new Uri(app.TenantUri(tenant), $"book/confirmed?token={token}").ToString());
            var where = page.Locator("[data-testid=booked-address]");
            await Assertions.Expect(where).ToBeVisibleAsync();
            await Assertions.Expect(where.Locator("div")).ToHaveTextAsync([street, town]);
            await Assertions.Expect(page.Locator("dt", new() { HasText = "Where" })).ToBeVisibleAsync();
            // Nothing spills sideways on a phone.
            Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));
            await BrowserFixture.SaveScreenshotAsync(page, $"address-confirmed-{tenant}-{size}");

            await page.GotoAsync(new Uri(app.TenantUri(tenant), $"booking/manage?token={token}").ToString());
            var managed = page.Locator("[data-testid=booking-address]");
            await Assertions.Expect(managed).ToBeVisibleAsync();
            await Assertions.Expect(managed.Locator("address div")).ToHaveTextAsync([street, town]);
            await BrowserFixture.SaveScreenshotAsync(page, $"address-manage-{tenant}-{size}");
        });
        await context.CloseAsync();
    }
}
