using Microsoft.Playwright;
using Platform.Infrastructure.Seeding;
using Platform.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Platform.Tests.Bookings;

/// <summary>The services and providers pages in a real Chromium: the grids load from the server, the week is edited and saved.</summary>
public class CatalogBrowserTests(CatalogBrowserTests.App app, BrowserFixture browser)
    : IClassFixture<CatalogBrowserTests.App>, IClassFixture<BrowserFixture>
{
    public sealed class App() : KestrelAppFactory(TestDatabase.Sqlite);

    [Fact]
    public async Task A_manager_sees_the_services_grid_and_edits_a_providers_week()
    {
        var page = await browser.NewPageAsync();
        var acme = app.TenantUri("acme");
        await BrowserFixture.RunAsync(page, nameof(A_manager_sees_the_services_grid_and_edits_a_providers_week), async () =>
        {
            await BrowserFixture.SignInAsync(page, acme, "manager@acme.test", DemoAccounts.Password);
            await page.GotoAsync(new Uri(acme, "app/services").ToString());
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Initial assessment" })).ToBeVisibleAsync();
            await Expect(page.GetByText("$95.00")).ToBeVisibleAsync();
            await Expect(page.GetByText("Cut & style")).ToHaveCountAsync(0);
            await Shot(page, "services");

            await page.GetByRole(AriaRole.Link, new() { Name = "Initial assessment" }).ClickAsync();
            await Expect(page.Locator("[data-field=Name] input, input[data-field=Name]").First).ToHaveValueAsync("Initial assessment");
            await Shot(page, "service-editor");

            await page.GotoAsync(new Uri(acme, "app/providers").ToString());
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sam Rivera" })).ToBeVisibleAsync();
            await Expect(page.GetByText("Lena Vogel")).ToHaveCountAsync(0);
            await Shot(page, "providers");
            await page.GetByRole(AriaRole.Link, new() { Name = "Jo Chen" }).ClickAsync();
            await Expect(page.GetByText("Weekly hours").First).ToBeVisibleAsync();
            // A click before the circuit is up does nothing: click until the period appears.
            for (var attempt = 0; attempt < 40 && await page.GetByTestId("saturday-period-0").CountAsync() == 0; attempt++)
            {
                await page.GetByTestId("saturday-add").ClickAsync();
                await page.WaitForTimeoutAsync(250);
            }

            await Expect(page.GetByTestId("saturday-period-0")).ToBeVisibleAsync();
            await page.GetByTestId("save-hours").ClickAsync();
            await Expect(page.GetByText("Weekly hours saved.")).ToBeVisibleAsync();
            var jo = await app.DemoCatalogAsync("acme");
            var saved = (await app.ProvidersAsync("acme", p => p.FindAsync(jo.Providers["Jo Chen"])))!;
            Assert.Contains(new Core.Bookings.WorkingPeriod(DayOfWeek.Saturday, 540, 1020), saved.WeeklyHours);
            await Shot(page, "provider-editor");
        });
    }

    [Fact]
    public async Task A_new_service_with_problems_shows_them_beside_the_fields_and_is_not_created()
    {
        var page = await browser.NewPageAsync();
        var acme = app.TenantUri("acme");
        await BrowserFixture.RunAsync(page, nameof(A_new_service_with_problems_shows_them_beside_the_fields_and_is_not_created), async () =>
        {
            var before = await app.CatalogCountsAsync();
            await BrowserFixture.SignInAsync(page, acme, "manager@acme.test", DemoAccounts.Password);
            await page.GotoAsync(new Uri(acme, "app/services/new").ToString());
            var duration = page.Locator("input[data-field=DurationMinutes]");
            await Expect(duration).ToHaveValueAsync("60");

            // Typing before the circuit is up is lost: wait for it.
            await page.Locator("[data-interactive=true]").WaitForAsync();
            await duration.FillAsync("47");
            await duration.PressAsync("Tab");

            await page.GetByTestId("save-service").ClickAsync();
            await Expect(page.GetByText("Enter a name of 1 to 120 characters.")).ToBeVisibleAsync();
            await Expect(page.GetByText("The duration is 5 to 720 minutes, in steps of 5.")).ToBeVisibleAsync();
            await Shot(page, "service-errors");
            Assert.Equal(before, await app.CatalogCountsAsync());
        });
    }

    private static Task<byte[]> Shot(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = $"/tmp/catalog-shots/{name}.png", FullPage = true, Animations = ScreenshotAnimations.Disabled });
}
