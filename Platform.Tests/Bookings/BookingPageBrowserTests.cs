using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Seeding;
using Platform.Tests.Support;

namespace Platform.Tests.Bookings;

/// <summary>The booking page as a Cal.com user expects it: deep links, a confirmation that survives a reload, disabled days, a changeable time zone, the embeddable widget.</summary>
public sealed class BookingPageBrowserTests(BookingPageBrowserTests.App app) : IClassFixture<BookingPageBrowserTests.App>, IAsyncLifetime
{
    public sealed class App() : KestrelAppFactory(TestDatabase.Sqlite);

    private readonly BrowserFixture _browser = new();

    public Task InitializeAsync() => _browser.InitializeAsync();

    public Task DisposeAsync() => _browser.DisposeAsync();

    [Theory]
    [InlineData("acme", 1366, 900)]
    [InlineData("acme", 390, 844)]
    [InlineData("globex", 1366, 900)]
    [InlineData("globex", 390, 844)]
    public async Task A_deep_link_preselects_and_a_guest_books_through_to_a_confirmation_that_a_reload_keeps(string tenant, int width, int height)
    {
        var (serviceName, slug) = tenant == "acme" ? ("Initial assessment", "initial-assessment") : ("Cut & style", "cut-style");
        var provider = await app.InTenantAsync(tenant, async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            var providers = await db.Providers.OrderBy(p => p.DisplayName).ToListAsync();
            foreach (var p in providers)
            {
                p.Bio = $"{p.DisplayName.Split(' ')[0]} has worked with us for years and loves a good chat about your goals.";
            }

            await db.SaveChangesAsync();
            return providers[^1];
        });
        var page = await NewPageAsync(width, height, "Europe/Berlin");
        var size = width < 600 ? "phone" : "desktop";

        await BrowserFixture.RunAsync(page, $"book-{tenant}-{size}-FAILED", async () =>
        {
            // By slug for the service and id for the provider: both are chosen, and the first free day's times are listed.
            await page.GotoAsync(new Uri(app.TenantUri(tenant), $"book?service={slug}&provider={provider.Id}").ToString());
            var chosenService = page.Locator("[data-testid=service-option]", new() { HasText = serviceName });
            await Assertions.Expect(chosenService).ToHaveClassAsync(new Regex("mud-selected-item"));
            await Assertions.Expect(page.Locator($"[data-provider='{provider.Id}']")).ToHaveClassAsync(new Regex("mud-selected-item"));
            await Assertions.Expect(page.Locator($"[data-provider='{provider.Id}'] [data-testid=provider-bio]")).ToContainTextAsync("has worked with us");
            await Assertions.Expect(page.Locator($"[data-provider='{provider.Id}'] [data-testid=provider-avatar]")).ToBeVisibleAsync();
            await Assertions.Expect(chosenService.Locator("[data-testid=service-description]")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("[data-testid=link-note]")).ToHaveCountAsync(0);
            var slot = page.Locator("[data-testid=slot]").First;
            await slot.WaitForAsync();
            await BrowserFixture.SaveScreenshotAsync(page, $"book-{tenant}-{size}");

            var start = DateTimeOffset.Parse((await slot.GetAttributeAsync("data-start"))!, CultureInfo.InvariantCulture);
            await slot.ClickAsync();
            await page.GetByLabel("Name").FillAsync("Greta Guest");
            await page.GetByLabel("E-mail").FillAsync($"greta-{tenant}-{width}@example.com");
            await page.Locator("[data-testid=confirm-booking]").ClickAsync();

            var confirmed = page.Locator("[data-testid=booking-confirmed]");
            await Assertions.Expect(confirmed).ToBeVisibleAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/book/confirmed\\?token="));
            await AssertConfirmationAsync(page, provider.DisplayName, start, tenant);
            await BrowserFixture.SaveScreenshotAsync(page, $"book-confirmed-{tenant}-{size}");

            // A reload asks the server for the same address: the confirmation again, not an empty form.
            await page.ReloadAsync();
            await Assertions.Expect(confirmed).ToBeVisibleAsync();
            await AssertConfirmationAsync(page, provider.DisplayName, start, tenant);
            await Assertions.Expect(page.Locator("[data-testid=confirm-booking]")).ToHaveCountAsync(0);

            var booked = await app.InTenantAsync(tenant, sp =>
            {
                var db = sp.GetRequiredService<PlatformDbContext>();
                return (from b in db.Bookings.AsNoTracking() join c in db.Customers on b.CustomerId equals c.Id where c.Email == $"greta-{tenant}-{width}@example.com" select b).SingleAsync();
            });
            Assert.Equal((provider.Id, start), (booked.ProviderId, booked.StartUtc));
        });
        await page.Context.CloseAsync();
    }

    private static async Task AssertConfirmationAsync(IPage page, string provider, DateTimeOffset start, string tenant)
    {
        var berlin = TimeZoneInfo.ConvertTime(start, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));
        var culture = PortalCulture(tenant);
        await Assertions.Expect(page.Locator("[data-testid=booked-provider]")).ToHaveTextAsync(provider);
        await Assertions.Expect(page.Locator("[data-testid=booked-time]")).ToContainTextAsync(berlin.ToString("t", culture));
        await Assertions.Expect(page.Locator("[data-testid=booked-zone]")).ToHaveTextAsync("(Europe/Berlin)");
        await Assertions.Expect(page.Locator("[data-testid=booked-price]")).ToHaveTextAsync(tenant == "acme" ? "$95.00" : "48,00 €");
        await Assertions.Expect(page.Locator("[data-testid=calendar-google]")).ToHaveAttributeAsync("href", new Regex($"dates={start.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}/"));
        await Assertions.Expect(page.Locator("[data-testid=calendar-outlook]")).ToHaveAttributeAsync("href", new Regex("^https://outlook\\.live\\.com/"));
        await Assertions.Expect(page.Locator("[data-testid=calendar-apple]")).ToHaveAttributeAsync("href", new Regex("^booking/ics\\?token="));
    }

    [Fact]
    public async Task A_day_without_free_times_cannot_be_picked()
    {
        var page = await NewPageAsync(1366, 900, "America/New_York");
        await BrowserFixture.RunAsync(page, nameof(A_day_without_free_times_cannot_be_picked), async () =>
        {
            await page.GotoAsync(new Uri(app.TenantUri("acme"), "book?service=follow-up-session").ToString());
            var chosen = page.Locator("[data-testid=chosen-day]");
            await Assertions.Expect(chosen).ToBeVisibleAsync();
            var before = await chosen.TextContentAsync();

            // Acme works Monday to Friday: the weekends of the month shown have no times.
            var picker = page.Locator("[data-testid=day-picker]");
            var month = DateTime.ParseExact((await picker.GetAttributeAsync("data-month"))!, "yyyy-MM", CultureInfo.InvariantCulture);
            var today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("America/New_York")).Date;
            var weekend = Enumerable.Range(0, DateTime.DaysInMonth(month.Year, month.Month)).Select(d => month.AddDays(d))
                .First(d => d > today && d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday);
            var weekday = Enumerable.Range(0, DateTime.DaysInMonth(month.Year, month.Month)).Select(d => month.AddDays(d))
                .FirstOrDefault(d => d > today.AddDays(1) && d.DayOfWeek is DayOfWeek.Tuesday or DayOfWeek.Wednesday);
            var weekendButton = DayButton(picker, weekend);
            await Assertions.Expect(weekendButton).ToBeDisabledAsync();
            if (weekday != default)
            {
                await Assertions.Expect(DayButton(picker, weekday)).ToBeEnabledAsync();
            }

            await weekendButton.ClickAsync(new() { Force = true });
            await Assertions.Expect(chosen).ToHaveTextAsync(before!);
            await Assertions.Expect(page.Locator("[data-testid=slot]").First).ToBeVisibleAsync();
            await BrowserFixture.SaveScreenshotAsync(page, "book-disabled-days");
        });
        await page.Context.CloseAsync();
    }

    private static ILocator DayButton(ILocator picker, DateTime day) =>
        picker.Locator("button.mud-picker-calendar-day:not(.mud-hidden)").Filter(new() { HasTextRegex = new Regex($"^\\s*{day.Day}\\s*$") });

    [Fact]
    public async Task Changing_the_time_zone_lists_the_times_in_the_new_zone()
    {
        var page = await NewPageAsync(1366, 900, "Europe/Berlin");
        await BrowserFixture.RunAsync(page, nameof(Changing_the_time_zone_lists_the_times_in_the_new_zone), async () =>
        {
            await page.GotoAsync(new Uri(app.TenantUri("acme"), "book?service=initial-assessment").ToString());
            await Assertions.Expect(page.Locator("[data-testid=zone-note]")).ToContainTextAsync("Times are shown in your time zone, Europe/Berlin.");
            await Assertions.Expect(page.Locator("[data-testid=tenant-zone]")).ToContainTextAsync("America/New_York");
            await page.Locator("[data-testid=slot]").First.WaitForAsync();
            await AssertSlotsInAsync(page, "Europe/Berlin", PortalCulture("acme"));
            var berlinFirst = await page.Locator("[data-testid=slot]").First.TextContentAsync();

            await page.Locator("[data-testid=change-zone]").ClickAsync();
            var input = page.GetByLabel("Time zone");
            await input.FillAsync("Tokyo");
            await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "Asia/Tokyo" }).ClickAsync();

            await Assertions.Expect(page.Locator("[data-testid=zone-note]")).ToContainTextAsync("Times are shown in Asia/Tokyo.");
            await page.Locator("[data-testid=slot]").First.WaitForAsync();
            await AssertSlotsInAsync(page, "Asia/Tokyo", PortalCulture("acme"));
            Assert.NotEqual(berlinFirst, await page.Locator("[data-testid=slot]").First.TextContentAsync());
            await BrowserFixture.SaveScreenshotAsync(page, "book-zone-tokyo");
        });
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// The culture the portal writes in for this browser: the headless browser sends no language of its own, so the
    /// tenant's (acme en-US, globex de-DE).
    /// </summary>
    private static CultureInfo PortalCulture(string tenant) => CultureInfo.GetCultureInfo(tenant == "acme" ? "en-US" : "de-DE");

    /// <summary>Every listed time is its instant in the zone, on the chosen day of that zone.</summary>
    private static async Task AssertSlotsInAsync(IPage page, string zoneId, CultureInfo culture)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var chosenDay = (await page.Locator("[data-testid=chosen-day]").TextContentAsync())!.Trim();
        var slots = page.Locator("[data-testid=slot]");
        var count = await slots.CountAsync();
        Assert.True(count > 0);
        for (var i = 0; i < count; i++)
        {
            var local = TimeZoneInfo.ConvertTime(DateTimeOffset.Parse((await slots.Nth(i).GetAttributeAsync("data-start"))!, CultureInfo.InvariantCulture), zone);
            Assert.Equal(local.ToString("t", culture), (await slots.Nth(i).TextContentAsync())!.Trim());
            Assert.Equal(chosenDay, local.ToString("D", culture));
        }
    }

    [Fact]
    public async Task The_embed_page_can_be_framed_by_another_site_and_is_sized_to_its_content_while_the_normal_page_cannot_be_framed()
    {
        var page = await NewPageAsync(1366, 900, "Europe/Berlin");
        var acme = app.TenantUri("acme");
        var host = $$"""
            <!DOCTYPE html><html><head><title>Acme's own website</title></head><body style="margin:0;background:#fafafa">
            <h1>Welcome to our clinic</h1>
            <iframe id="embed" src="{{acme}}embed/book?service=group-mobility-class" title="Book with Acme" data-platform-booking style="width:100%;border:0;height:150px"></iframe>
            <iframe id="normal" name="normal" src="{{acme}}book" title="Not allowed" style="width:100%;height:200px"></iframe>
            <script src="{{acme}}js/booking-embed.js" async></script>
            </body></html>
            """;

        // The business's website: another origin, served on the loopback address as the app is (Chromium blocks a public page from framing a local one).
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var website = builder.Build();
        website.MapGet("/", () => Results.Content(host, "text/html"));
        await website.StartAsync();
        var websiteUri = website.Urls.First();

        await BrowserFixture.RunAsync(page, "book-embed", async () =>
        {
            await page.GotoAsync(websiteUri);
            var embed = page.FrameLocator("#embed");
            await Assertions.Expect(embed.Locator("h1")).ToHaveTextAsync("Book an appointment");
            await Assertions.Expect(embed.Locator("[data-testid=seats-left]").First).ToHaveTextAsync("6 seats left");
            await Assertions.Expect(embed.Locator(".mud-appbar")).ToHaveCountAsync(0);

            // The frame posted its height and the host script set it: taller than the 150 px it started with.
            await Assertions.Expect(page.Locator("#embed")).ToHaveAttributeAsync("style", new Regex("height: (\\d{4}|[2-9]\\d\\d)px"));
            var frameHeight = await page.Locator("#embed").EvaluateAsync<double>("f => f.getBoundingClientRect().height");
            var contentHeight = await embed.Locator("#pf-embed").EvaluateAsync<double>("e => e.getBoundingClientRect().height");
            Assert.InRange(frameHeight, contentHeight - 1, contentHeight + 1);
            // A full-page screenshot leaves the cross-site frame blank (headless Chromium composites it apart): the frame itself, then.
            await page.Locator("#embed").ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "book-embed-frame.png") });

            // A guest books inside the frame: the confirmation stays in it, at the embed address that may be framed.
            await embed.Locator("[data-testid=slot]").First.ClickAsync();
            await embed.GetByLabel("Name").FillAsync("Frida Framed");
            await embed.GetByLabel("E-mail").FillAsync("frida@example.com");
            await embed.Locator("[data-testid=confirm-booking]").ClickAsync();
            await Assertions.Expect(embed.Locator("[data-testid=booking-confirmed]")).ToBeVisibleAsync();
            Assert.Contains("/embed/book/confirmed?token=", page.Frames.Single(f => f.Url.Contains(acme.Authority, StringComparison.Ordinal)).Url, StringComparison.Ordinal);
            await Assertions.Expect(embed.Locator("[data-testid=manage-booking]")).ToHaveAttributeAsync("target", "_blank");
            await page.Locator("#embed").ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "book-embed-confirmed.png") });

            // The normal booking page refuses to be framed: the browser shows its error page instead.
            var normal = page.Frame("normal")!;
            Assert.DoesNotContain(acme.Authority, normal.Url, StringComparison.Ordinal);
            Assert.StartsWith("chrome-error:", normal.Url, StringComparison.Ordinal);
            Assert.Equal(0, await normal.GetByText("Book an appointment").CountAsync());
        });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_manager_copies_a_services_booking_link_and_the_embed_snippet()
    {
        var context = await _browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 900 } });
        context.SetDefaultTimeout(15_000);
        var acme = app.TenantUri("acme");
        await context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = acme.GetLeftPart(UriPartial.Authority) });
        var page = await context.NewPageAsync();
        var service = await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().Services.AsNoTracking().SingleAsync(s => s.Name == "Follow-up session"));

        await BrowserFixture.RunAsync(page, nameof(A_manager_copies_a_services_booking_link_and_the_embed_snippet), async () =>
        {
            await BrowserFixture.SignInAsync(page, acme, "manager@acme.test", DemoAccounts.Password);
            await page.GotoAsync(new Uri(acme, "app/services").ToString());
            var row = page.Locator("tr", new() { HasText = "Follow-up session" });
            await row.Locator("[data-testid=copy-booking-link]").ClickAsync();
            await Assertions.Expect(page.Locator(".mud-snackbar", new() { HasText = "Link copied" })).ToBeVisibleAsync();
            Assert.EndsWith("app/services", page.Url, StringComparison.Ordinal); // the row's own click (open the editor) did not fire
            var link = await page.EvaluateAsync<string>("() => navigator.clipboard.readText()");
            Assert.Equal(new Uri(acme, $"book?service={service.Id}").ToString(), link);

            await page.Locator("[data-testid=embed-widget]").ClickAsync();
            var snippet = page.GetByRole(AriaRole.Textbox, new() { Name = "Snippet" });
            await Assertions.Expect(snippet).ToHaveValueAsync(new Regex($"<iframe src=\"{Regex.Escape(acme.ToString())}embed/book\""));
            await page.Locator("[data-testid=copy-snippet]").ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=snippet-copied]")).ToHaveTextAsync("Snippet copied.");
            Assert.Contains("js/booking-embed.js", await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"), StringComparison.Ordinal);
            await BrowserFixture.SaveScreenshotAsync(page, "services-embed-snippet");

            // The copied link opens the booking page with the service chosen.
            await page.GotoAsync(link);
            await Assertions.Expect(page.Locator("[data-testid=service-option]", new() { HasText = "Follow-up session" })).ToHaveClassAsync(new Regex("mud-selected-item"));
        });
        await context.CloseAsync();
    }

    [Fact]
    public async Task A_link_naming_an_unknown_service_says_so_gently_and_leaves_the_choice_open()
    {
        var page = await NewPageAsync(1366, 900, "Europe/Berlin");
        await BrowserFixture.RunAsync(page, nameof(A_link_naming_an_unknown_service_says_so_gently_and_leaves_the_choice_open), async () =>
        {
            await page.GotoAsync(new Uri(app.TenantUri("acme"), $"book?service=massage&provider={Guid.NewGuid()}").ToString());
            await Assertions.Expect(page.Locator("[data-testid=link-note]")).ToContainTextAsync("not offered online");
            await Assertions.Expect(page.Locator("[data-testid=service-option]")).ToHaveCountAsync(3);
            await Assertions.Expect(page.Locator(".mud-selected-item[data-testid=service-option]")).ToHaveCountAsync(0);

            // A day that has passed: the service is chosen and its first free times shown, with a word about the day.
            await page.GotoAsync(new Uri(app.TenantUri("acme"), "book?service=initial-assessment&date=2001-01-01").ToString());
            await Assertions.Expect(page.Locator("[data-testid=link-note]")).ToContainTextAsync("has passed or is not a date");
            await Assertions.Expect(page.Locator("[data-testid=slot]").First).ToBeVisibleAsync();
        });
        await page.Context.CloseAsync();
    }

    private async Task<IPage> NewPageAsync(int width, int height, string zone)
    {
        var context = await _browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            TimezoneId = zone,
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }
}
