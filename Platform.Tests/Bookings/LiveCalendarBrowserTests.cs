using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using Platform.Infrastructure.Seeding;
using Platform.Tests.Notifications;
using Platform.Tests.Support;

namespace Platform.Tests.Bookings;

/// <summary>
/// Live calendars in the browser (issue 14, item 4): the calendar and the bookings list change in place when a booking is
/// placed or cancelled through the API; two people who open one booking see each other; when one cancels it, the
/// other's open dialog says so and no longer offers to cancel it.
/// </summary>
public sealed class LiveCalendarBrowserTests(LiveCalendarBrowserTests.App app) : IClassFixture<LiveCalendarBrowserTests.App>, IAsyncLifetime
{
    public sealed class App() : KestrelAppFactory(TestDatabase.Sqlite);

    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private readonly BrowserFixture _browser = new();

    public Task InitializeAsync() => _browser.InitializeAsync();

    public Task DisposeAsync() => _browser.DisposeAsync();

    private HttpClient Api()
    {
        var api = new HttpClient { BaseAddress = app.RootUri }; // the API key names the tenant
        api.DefaultRequestHeaders.Add("X-Api-Key", DemoAccounts.ApiKeys["acme"]);
        return api;
    }

    private static async Task<Guid> BookAsync(HttpClient api, Guid service, Guid provider, Guid customer, DateTimeOffset start)
    {
        var booked = await api.PostAsJsonAsync("api/v1/bookings", new { serviceId = service, providerId = provider, customerId = customer, start });
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        return Guid.Parse((await booked.JsonAsync()).GetProperty("id").GetString()!);
    }

    private static async Task CancelAsync(HttpClient api, Guid id) =>
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync($"api/v1/bookings/{id}/cancel", new { reason = "The customer phoned" })).StatusCode);

    /// <summary>The contrast of an alert's words on its tint as laid over the dialog's surface.</summary>
    private static async Task<double> MessageContrastAsync(ILocator alert)
    {
        var colours = await alert.EvaluateAsync<string[]>("""
            a => [getComputedStyle(a.querySelector('.mud-alert-message')).color, getComputedStyle(a).backgroundColor,
                  getComputedStyle(a.closest('.mud-dialog')).backgroundColor]
            """);
        static double[] Rgba(string css) => [.. css[(css.IndexOf('(', StringComparison.Ordinal) + 1)..css.IndexOf(')', StringComparison.Ordinal)]
            .Split(',').Select(p => double.Parse(p.Trim(), System.Globalization.CultureInfo.InvariantCulture)).Append(1).Take(4)];
        static string Hex(double[] c) => "#" + string.Concat(c.Take(3).Select(v => ((int)Math.Round(v)).ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));
        var (text, tint, surface) = (Rgba(colours[0]), Rgba(colours[1]), Rgba(colours[2]));
        static double[] Over(double[] top, double[] under) => [.. Enumerable.Range(0, 3).Select(i => (top[i] * top[3]) + (under[i] * (1 - top[3]))), 1];
        var background = Over(tint, surface);
        return Platform.Web.Components.Pages.App.Calendar.CalendarPalette.Contrast(Hex(Over(text, background)), Hex(background));
    }

    [Fact]
    public async Task The_calendar_and_the_bookings_list_show_a_booking_placed_and_cancelled_elsewhere_without_a_reload()
    {
        var (service, provider, customer, starts) = await app.FreeStartsAsync("sam@acme.test", 2);
        using var api = Api();
        var page = await _browser.SignedInPageAsync(app.TenantUri("acme"), "admin@acme.test");
        await BrowserFixture.RunAsync(page, nameof(The_calendar_and_the_bookings_list_show_a_booking_placed_and_cancelled_elsewhere_without_a_reload), async () =>
        {
            var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(starts[0], NewYork).DateTime);
            await page.GotoAsync(new Uri(app.TenantUri("acme"), $"app/calendar?date={day:yyyy-MM-dd}").ToString());
            await Assertions.Expect(page.Locator(".calendar-surface")).ToBeVisibleAsync();
            await page.WaitForFunctionAsync("() => window.Blazor && document.querySelector('.calendar-surface')"); // the circuit is up
            await page.WaitForTimeoutAsync(500);

            var title = await page.Locator(".calendar-range").TextContentAsync();
            var id = await BookAsync(api, service, provider, customer, starts[0]);
            var block = page.Locator($"[data-booking='{id}']");
            await Assertions.Expect(block).ToBeVisibleAsync(new() { Timeout = 10_000 });

            // Read again on the news, and shown in the reader's own formats still (en-US), not the publisher's thread's.
            await Assertions.Expect(page.Locator(".calendar-range")).ToHaveTextAsync(title!);
            await Assertions.Expect(page.Locator(".calendar-surface")).ToContainTextAsync(" AM");
            await BrowserFixture.SaveScreenshotAsync(page, "live-calendar-acme-booked-elsewhere");
            await CancelAsync(api, id);
            await Assertions.Expect(block).ToHaveCountAsync(0, new() { Timeout = 10_000 });

            await page.GotoAsync(new Uri(app.TenantUri("acme"), "app/bookings").ToString());
            await Assertions.Expect(page.Locator("[data-interactive=true]")).ToHaveCountAsync(1);
            await page.WaitForTimeoutAsync(500);
            var second = await BookAsync(api, service, provider, customer, starts[1]);
            var row = page.Locator("tr", new() { Has = page.Locator($"[data-booking-row='{second}']") });
            await Assertions.Expect(row).ToContainTextAsync("Confirmed", new() { Timeout = 10_000 });
            await CancelAsync(api, second);
            await Assertions.Expect(row).ToContainTextAsync("Cancelled", new() { Timeout = 10_000 });
        });
    }

    [Fact]
    public async Task Two_people_with_one_booking_open_see_each_other_and_a_cancellation_by_one_is_shown_to_the_other()
    {
        var (service, provider, customer, starts) = await app.FreeStartsAsync("jo@acme.test", 1);
        using var api = Api();
        var id = await BookAsync(api, service, provider, customer, starts[0]);
        var alice = await _browser.SignedInPageAsync(app.TenantUri("acme"), "admin@acme.test");
        var mark = await _browser.SignedInPageAsync(app.TenantUri("acme"), "manager@acme.test");
        await BrowserFixture.RunAsync(alice, nameof(Two_people_with_one_booking_open_see_each_other_and_a_cancellation_by_one_is_shown_to_the_other), async () =>
        {
            // A link to the booking opens the calendar with its dialog, as notifications link to it.
            await alice.GotoAsync(new Uri(app.TenantUri("acme"), $"app/calendar?booking={id}").ToString());
            var aliceDialog = alice.Locator(".mud-dialog");
            await Assertions.Expect(aliceDialog.Locator(".calendar-details")).ToBeVisibleAsync();
            await mark.GotoAsync(new Uri(app.TenantUri("acme"), $"app/calendar?booking={id}").ToString());
            var markDialog = mark.Locator(".mud-dialog");
            await Assertions.Expect(markDialog.Locator(".calendar-details")).ToBeVisibleAsync();

            await Assertions.Expect(aliceDialog.Locator("[data-testid=booking-viewers]")).ToContainTextAsync("Mark Manager also has this booking open.");
            await Assertions.Expect(markDialog.Locator("[data-testid=booking-viewers]")).ToContainTextAsync("Alice Admin also has this booking open.");
            await BrowserFixture.SaveScreenshotAsync(alice, "live-booking-dialog-acme-viewers");

            await markDialog.GetByLabel("Reason (to cancel or reject)").FillAsync("Double-booked");
            await markDialog.Locator("button[data-action=Cancel]").ClickAsync();
            await Assertions.Expect(markDialog).ToHaveCountAsync(0);

            await Assertions.Expect(aliceDialog.Locator("[data-testid=booking-changed]")).ToHaveTextAsync(
                new System.Text.RegularExpressions.Regex(@"Mark Manager cancelled this booking at \d{1,2}:\d{2}\s(AM|PM) while you had it open\."), new() { Timeout = 10_000 });
            await Assertions.Expect(aliceDialog.Locator("button[data-action=Cancel]")).ToHaveCountAsync(0);
            Assert.True(await MessageContrastAsync(aliceDialog.Locator("[data-testid=booking-changed]")) >= 4.5, "the change's words read at 4.5:1 or more");
            await Assertions.Expect(aliceDialog.Locator(".calendar-status")).ToHaveTextAsync("Cancelled");
            await Assertions.Expect(aliceDialog.Locator("[data-testid=booking-viewers]")).ToHaveCountAsync(0);
            await BrowserFixture.SaveScreenshotAsync(alice, "live-booking-dialog-acme-changed");
        });
    }
}
