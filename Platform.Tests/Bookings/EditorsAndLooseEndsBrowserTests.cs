using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Platform.Core.Bookings;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Reminders;
using Platform.Infrastructure.Seeding;
using Platform.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Platform.Tests.Bookings;

/// <summary>
/// Editors that keep what was typed and say what is wrong, long names that wrap instead of widening the page, and the
/// loose ends of the portal and the bookings list, in a real Chromium at desktop (1366x900) and phone (390x844) size.
/// Sizes are measured in the page: its scroll width and the bounding boxes of what must not overlap.
/// </summary>
public sealed class EditorsAndLooseEndsBrowserTests(EditorsAndLooseEndsBrowserTests.App app, BrowserFixture browser)
    : IClassFixture<EditorsAndLooseEndsBrowserTests.App>, IClassFixture<BrowserFixture>
{
    public sealed class App() : KestrelAppFactory(TestDatabase.Sqlite);

    [Fact]
    public async Task The_service_editor_keeps_out_of_range_numbers_as_typed_and_says_what_is_wrong()
    {
        var page = await PageAsync(1366, 900);
        var acme = app.TenantUri("acme");
        await BrowserFixture.RunAsync(page, nameof(The_service_editor_keeps_out_of_range_numbers_as_typed_and_says_what_is_wrong), async () =>
        {
            var before = await app.CatalogCountsAsync();
            await BrowserFixture.SignInAsync(page, acme, "manager@acme.test", DemoAccounts.Password);
            await page.GotoAsync(new Uri(acme, "app/services/new").ToString());
            var name = page.Locator("input[data-field=Name]");
            var duration = page.Locator("input[data-field=DurationMinutes]");
            var price = page.Locator("input[data-field=Price]");
            await Expect(duration).ToHaveValueAsync("60");

            // Typing before the circuit is up is lost: wait for it.
            await page.Locator("[data-interactive=true]").WaitForAsync();
            await name.FillAsync("Range check");
            await name.PressAsync("Tab");

            await duration.FillAsync("0");
            await duration.PressAsync("Tab");
            await price.FillAsync("-5");
            await price.PressAsync("Tab");
            await Expect(duration).ToHaveValueAsync("0");
            await Expect(price).ToHaveValueAsync(new Regex(@"^-5(\.00)?$"));

            await page.GetByTestId("save-service").ClickAsync();
            await Expect(page.GetByText("The duration is 5 to 720 minutes, in steps of 5.")).ToBeVisibleAsync();
            await Expect(page.GetByText("The price is 0 or more, with at most 2 decimals.")).ToBeVisibleAsync();
            await Expect(duration).ToHaveValueAsync("0");
            await Expect(price).ToHaveValueAsync(new Regex(@"^-5(\.00)?$"));
            await BrowserFixture.SaveScreenshotAsync(page, "editors-service-out-of-range");
            Assert.Equal(before, await app.CatalogCountsAsync());
        });
    }

    [Fact]
    public async Task A_reminder_offset_out_of_range_is_refused_with_a_message_and_kept_as_typed()
    {
        var page = await PageAsync(1366, 900);
        var acme = app.TenantUri("acme");
        await BrowserFixture.RunAsync(page, nameof(A_reminder_offset_out_of_range_is_refused_with_a_message_and_kept_as_typed), async () =>
        {
            await BrowserFixture.SignInAsync(page, acme, "admin@acme.test", DemoAccounts.Password);
            await page.GotoAsync(new Uri(acme, "app/settings/reminders").ToString());
            await Expect(page.Locator("[data-interactive=true]")).ToBeVisibleAsync();
            var hours = page.Locator("#reminder-hours");
            await hours.FillAsync("500");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

            await Expect(page.GetByText("Send reminders 1 to 168 hours before a booking.")).ToBeVisibleAsync();
            await Expect(hours).ToHaveValueAsync("500");
            await BrowserFixture.SaveScreenshotAsync(page, "editors-reminder-out-of-range");
            Assert.Equal(ReminderSettings.DefaultOffsetHours, await app.InTenantAsync("acme", sp => sp.GetRequiredService<ReminderSettingsStore>().OffsetHoursAsync()));
        });
    }

    [Theory]
    [InlineData(1366, 900)]
    [InlineData(390, 844)]
    public async Task A_long_unbroken_service_name_wraps_where_it_is_shown(int width, int height)
    {
        var name = new string('W', 108) + Guid.NewGuid().ToString("N")[..12];
        var (_, providers) = await app.DemoCatalogAsync("acme");
        var created = await app.CatalogAsync("acme", c => c.CreateAsync(new SaveService
        {
            Name = name,
            Description = "A description with a long unbroken word: " + new string('x', 150),
            Currency = "USD",
            ProviderIds = [providers["Jo Chen"]],
        }));
        Assert.True(created.Succeeded, string.Join(" ", created.Errors.Values.SelectMany(m => m)));
        var page = await PageAsync(width, height);
        var acme = app.TenantUri("acme");
        await BrowserFixture.RunAsync(page, nameof(A_long_unbroken_service_name_wraps_where_it_is_shown), async () =>
        {
            await page.GotoAsync(new Uri(acme, "book").ToString());
            await Expect(page.GetByText(name).First).ToBeVisibleAsync();
            await AssertNoSidewaysScrollAsync(page, $"the portal's booking page at {width} px");
            await BrowserFixture.SaveScreenshotAsync(page, $"long-name-portal-{width}");

            await BrowserFixture.SignInAsync(page, acme, "manager@acme.test", DemoAccounts.Password);
            await page.GotoAsync(new Uri(acme, "app/services").ToString());
            await Expect(page.GetByText(name).First).ToBeVisibleAsync();
            await AssertNoSidewaysScrollAsync(page, $"the services list at {width} px");
            await BrowserFixture.SaveScreenshotAsync(page, $"long-name-services-{width}");

            await page.GotoAsync(new Uri(acme, $"app/services/{created.Value!.Id}").ToString());
            await Expect(page.Locator("input[data-field=Name]")).ToHaveValueAsync(name);
            await AssertNoSidewaysScrollAsync(page, $"the service editor at {width} px");
            await BrowserFixture.SaveScreenshotAsync(page, $"long-name-editor-{width}");
        });
    }

    [Theory]
    [InlineData("acme")]
    [InlineData("globex")]
    public async Task At_phone_width_the_portal_header_keeps_the_business_name_and_sign_in_whole(string slug)
    {
        var page = await PageAsync(390, 844);
        await BrowserFixture.RunAsync(page, nameof(At_phone_width_the_portal_header_keeps_the_business_name_and_sign_in_whole) + "-" + slug, async () =>
        {
            await page.GotoAsync(app.TenantUri(slug).ToString());
            var brand = page.Locator(".pf-brand-name").First;
            await Expect(brand).ToBeVisibleAsync();

            var cut = await brand.EvaluateAsync<bool>("e => e.scrollWidth > e.clientWidth || e.scrollHeight > e.clientHeight");
            Assert.False(cut, $"The business name is cut off in {slug}'s header.");
            var signIn = page.GetByRole(AriaRole.Navigation, new() { Name = "Portal" }).GetByRole(AriaRole.Link, new() { Name = "Sign in" });
            await Expect(signIn).ToBeVisibleAsync();
            // The line boxes of the words "Sign in" themselves: two when they wrap.
            var lines = await signIn.EvaluateAsync<int>(
                "e => { const w = document.createTreeWalker(e, NodeFilter.SHOW_TEXT, { acceptNode: n => n.textContent.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP }); const t = w.nextNode(); const r = document.createRange(); r.selectNodeContents(t); return r.getClientRects().length; }");
            Assert.Equal(1, lines);
            // Measured once the page is interactive: the prerendered header is replaced then, and a box read in between is null.
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await Expect(page.Locator("nav[aria-label=Portal]")).ToBeVisibleAsync();
            var brandBox = (await page.Locator(".pf-brand").First.BoundingBoxAsync())!;
            var navBox = (await page.Locator("nav[aria-label=Portal]").BoundingBoxAsync())!;
            Assert.False(Overlap(brandBox, navBox), "The business name runs into the links.");
            await AssertNoSidewaysScrollAsync(page, $"{slug}'s portal at 390 px");
            await BrowserFixture.SaveScreenshotAsync(page, $"portal-header-390-{slug}");
        });
    }

    [Theory]
    [InlineData("acme", "sam@acme.test", "app")]
    [InlineData("globex", "manager@globex.test", "app")]
    [InlineData(null, DemoAccounts.HostAdminEmail, "host")]
    public async Task At_phone_width_the_app_and_host_headers_keep_the_name_whole_and_their_links_inside(string? slug, string email, string path)
    {
        var page = await PageAsync(390, 844);
        var root = slug is null ? app.RootUri : app.TenantUri(slug);
        await BrowserFixture.RunAsync(page, $"{nameof(At_phone_width_the_app_and_host_headers_keep_the_name_whole_and_their_links_inside)}-{slug ?? "host"}", async () =>
        {
            await BrowserFixture.SignInAsync(page, root, email, DemoAccounts.Password);
            await page.GotoAsync(new Uri(root, path).ToString());
            var brand = page.Locator(".pf-brand-name").First;
            await Expect(brand).ToBeVisibleAsync();

            var cut = await brand.EvaluateAsync<bool>("e => e.scrollWidth > e.clientWidth || e.scrollHeight > e.clientHeight");
            Assert.False(cut, $"The name is cut off in the {path} header of {slug ?? "the host"}.");
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await Expect(page.Locator(".pf-bar-nav").First).ToBeVisibleAsync();
            var brandBox = (await page.Locator(".pf-brand").First.BoundingBoxAsync())!;
            var navBox = (await page.Locator(".pf-bar-nav").First.BoundingBoxAsync())!;
            Assert.False(Overlap(brandBox, navBox), "The name runs into the links.");
            Assert.True(navBox.X + navBox.Width <= 390, $"The header's links end at {navBox.X + navBox.Width} px, past the screen.");
            await AssertNoSidewaysScrollAsync(page, $"the {path} of {slug ?? "the host"} at 390 px");
            await BrowserFixture.SaveScreenshotAsync(page, $"{path}-header-390-{slug ?? "host"}");
        });
    }

    [Theory]
    [InlineData("acme", "my/bookings")]
    [InlineData("acme", "my/notifications")]
    [InlineData("globex", "my/bookings")]
    [InlineData("globex", "my/notifications")]
    public async Task At_phone_width_a_customers_pages_fit_the_screen(string slug, string path)
    {
        var page = await PageAsync(390, 844);
        var root = app.TenantUri(slug);
        await BrowserFixture.RunAsync(page, $"{nameof(At_phone_width_a_customers_pages_fit_the_screen)}-{slug}-{path.Replace('/', '-')}", async () =>
        {
            await BrowserFixture.SignInAsync(page, root, "carla@example.com", DemoAccounts.Password);
            await page.GotoAsync(new Uri(root, path).ToString());
            await Expect(page.Locator("h1")).ToBeVisibleAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await AssertNoSidewaysScrollAsync(page, $"{slug}'s {path} at 390 px");
            await BrowserFixture.SaveScreenshotAsync(page, $"{path.Replace('/', '-')}-390-{slug}");
        });
    }

    [Fact]
    public async Task Cancelling_from_the_manage_link_asks_first()
    {
        var seeded = await BookingTestData.SeedAsync(app);
        var placed = await app.InTenantAsync("acme", sp => sp.GetRequiredService<BookingLedger>()
            .PlaceAsync(new PlaceBooking(seeded.Service, seeded.Provider, seeded.Customer, BookingTestData.Tomorrow.AddDays(5).AddHours(10))));
        var token = await app.InTenantAsync("acme", sp => Task.FromResult(sp.GetRequiredService<BookingLinks>().TokenFor(placed.Value!)));
        var page = await PageAsync(390, 844);
        await BrowserFixture.RunAsync(page, nameof(Cancelling_from_the_manage_link_asks_first), async () =>
        {
            await page.GotoAsync(new Uri(app.TenantUri("acme"), $"booking/manage?token={Uri.EscapeDataString(token)}").ToString());
            await Expect(page.GetByTestId("booking-status")).ToHaveTextAsync("Confirmed");

            await page.GetByTestId("cancel-booking").ClickAsync();
            var dialog = page.GetByRole(AriaRole.Dialog);
            await Expect(dialog.GetByText("Cancel this booking?")).ToBeVisibleAsync();
            await BrowserFixture.SaveScreenshotAsync(page, "manage-cancel-asks-390");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Keep my booking" }).ClickAsync();
            await Expect(dialog).ToHaveCountAsync(0);
            await Expect(page.GetByTestId("booking-status")).ToHaveTextAsync("Confirmed");
            Assert.Equal(BookingStatus.Confirmed, await StatusAsync(placed.Value!.Id));

            await page.GetByTestId("cancel-booking").ClickAsync();
            await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Yes, cancel it" }).ClickAsync();
            await Expect(page.GetByText("Your booking is cancelled.")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("booking-status")).ToHaveTextAsync("Cancelled");
        });
        Assert.Equal(BookingStatus.Cancelled, await StatusAsync(placed.Value!.Id));
    }

    [Theory]
    [InlineData(390, 844)]
    [InlineData(1366, 900)]
    public async Task The_globex_bookings_list_has_nothing_on_top_of_anything(int width, int height)
    {
        var seeded = await BookingTestData.SeedAsync(app, slug: "globex");
        await app.InTenantAsync("globex", async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            db.Bookings.Add(BookingTestData.Confirmed(seeded, BookingTestData.Tomorrow.AddHours(9 + (width % 7))));
            return await db.SaveChangesAsync();
        });
        var page = await PageAsync(width, height);
        var globex = app.TenantUri("globex");
        await BrowserFixture.RunAsync(page, nameof(The_globex_bookings_list_has_nothing_on_top_of_anything) + "-" + width, async () =>
        {
            await BrowserFixture.SignInAsync(page, globex, "manager@globex.test", DemoAccounts.Password);
            await page.GotoAsync(new Uri(globex, "app/bookings").ToString());
            var firstRow = page.Locator("tr:has([data-booking-row])").First;
            await Expect(firstRow).ToBeVisibleAsync();

            var title = (await page.Locator("h1").First.BoundingBoxAsync())!;
            var heading = (await page.Locator("h1").First.Locator("xpath=..").BoundingBoxAsync())!;
            var scope = (await page.Locator(".mud-toggle-group").First.BoundingBoxAsync())!;
            var search = (await page.Locator(".bookings-search").First.BoundingBoxAsync())!;
            var row = (await firstRow.BoundingBoxAsync())!;
            Assert.False(Overlap(scope, title) || Overlap(scope, heading), $"The scope toggle {Box(scope)} overlaps the title {Box(heading)}.");
            Assert.False(Overlap(search, row), $"The search field {Box(search)} overlaps the first row {Box(row)}.");
            Assert.True(search.Y + search.Height <= row.Y + 0.5, $"The search field {Box(search)} reaches into the first row {Box(row)}.");
            Assert.True(scope.Y >= heading.Y + heading.Height - 0.5, $"The scope toggle {Box(scope)} reaches into the heading {Box(heading)}.");
            await AssertNoSidewaysScrollAsync(page, $"globex's bookings at {width} px");
            await BrowserFixture.SaveScreenshotAsync(page, $"bookings-globex-{width}");
        });
    }

    private async Task<IPage> PageAsync(int width, int height)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    private Task<BookingStatus> StatusAsync(Guid id) => app.InTenantAsync("acme", sp =>
        sp.GetRequiredService<PlatformDbContext>().Bookings.AsNoTracking().Where(b => b.Id == id).Select(b => b.Status).SingleAsync());

    private static async Task AssertNoSidewaysScrollAsync(IPage page, string where)
    {
        var (scroll, viewport) = (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth"), await page.EvaluateAsync<int>("() => window.innerWidth"));
        Assert.True(scroll <= viewport, $"{where} is {scroll} px wide in a {viewport} px window.");
    }

    private static bool Overlap(LocatorBoundingBoxResult a, LocatorBoundingBoxResult b) =>
        a.X < b.X + b.Width - 0.5 && b.X < a.X + a.Width - 0.5 && a.Y < b.Y + b.Height - 0.5 && b.Y < a.Y + a.Height - 0.5;

    private static string Box(LocatorBoundingBoxResult b) => $"({b.X:0},{b.Y:0} {b.Width:0}x{b.Height:0})";
}
