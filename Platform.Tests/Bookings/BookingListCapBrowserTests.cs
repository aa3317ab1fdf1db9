using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Platform.Core.Common;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Seeding;
using Platform.Tests.Support;

namespace Platform.Tests.Bookings;

/// <summary>
/// A tenant with more past bookings than the list counts: the list says "more than" and how to reach the rest, instead
/// of counting years of history on every page (issue 12).
/// </summary>
public sealed class BookingListCapBrowserTests(BookingListCapBrowserTests.App app) : IClassFixture<BookingListCapBrowserTests.App>, IAsyncLifetime
{
    public sealed class App() : KestrelAppFactory(TestDatabase.Sqlite);

    private readonly BrowserFixture _browser = new();

    public Task InitializeAsync() => _browser.InitializeAsync();

    public Task DisposeAsync() => _browser.DisposeAsync();

    [Theory]
    [InlineData("globex", "manager@globex.test", 1280, 900)]
    [InlineData("acme", "manager@acme.test", 390, 844)]
    public async Task Past_bookings_beyond_the_count_are_shown_as_more_than_with_the_way_to_narrow_them(string slug, string email, int width, int height)
    {
        var seeded = await BookingTestData.SeedAsync(app, slug: slug);
        await app.InTenantAsync(slug, async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            db.Bookings.AddRange(Enumerable.Range(1, PageRequest.MaxCounted + 30)
                .Select(i => BookingTestData.Confirmed(seeded, BookingTestData.Tomorrow.AddDays(-2).AddHours(-8 * i))));
            return await db.SaveChangesAsync();
        });
        var context = await _browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();

        await BrowserFixture.RunAsync(page, $"{nameof(Past_bookings_beyond_the_count_are_shown_as_more_than_with_the_way_to_narrow_them)}-{slug}", async () =>
        {
            await BrowserFixture.SignInAsync(page, app.TenantUri(slug), email, DemoAccounts.Password);
            await page.GotoAsync(new Uri(app.TenantUri(slug), "app/bookings").ToString());
            await Assertions.Expect(page.GetByText("No upcoming bookings.", new() { Exact = false })).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator(".bookings-capped")).ToHaveCountAsync(0);
            await Assertions.Expect(page.Locator("[data-interactive=true]")).ToHaveCountAsync(1);

            await page.Locator(".mud-toggle-item", new() { HasText = "Past" }).ClickAsync();
            await Assertions.Expect(page.Locator("[data-booking-row]")).ToHaveCountAsync(PageRequest.DefaultSize);
            await Assertions.Expect(page.Locator(".bookings-capped")).ToContainTextAsync($"More than {(slug == "globex" ? "1.000" : "1,000")} bookings match");
            await Assertions.Expect(page.Locator(".mud-table-pagination")).ToContainTextAsync($"1-25 of more than {(slug == "globex" ? "1.000" : "1,000")}");
            // The start reads as the tenant's date and time (it once read "… + ", " + LocalText.Time(…)", the markup's own text).
            var when = await page.Locator("[data-booking-row]").First.InnerTextAsync();
            Assert.DoesNotContain("LocalText", when, StringComparison.Ordinal);
            Assert.Matches(slug == "globex" ? @"^\d{1,2}\. \w+\.? \d{4}, \d{2}:\d{2}$" : @"^\w{3} \d{1,2}, \d{4}, \d{1,2}:\d{2}\s?[AP]M$", when.Trim());
            await BrowserFixture.SaveScreenshotAsync(page, $"bookings-capped-{slug}-{width}");

            // A filter that matches fewer than the cap counts them all again.
            await page.Locator(".bookings-search input").FillAsync("Kunde");
            await Assertions.Expect(page.Locator(".bookings-capped")).ToHaveCountAsync(0);
        });
    }
}
