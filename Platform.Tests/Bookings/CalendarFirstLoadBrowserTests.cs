using Microsoft.Playwright;
using Platform.Infrastructure.Seeding;
using Platform.Tests.Support;

namespace Platform.Tests.Bookings;

/// <summary>
/// A calendar page load reads the calendar's bookings once: the prerender reads them and hands them to the interactive
/// render with the page, which read them again before (issue 12: "the calendar's day query runs twice per page load").
/// </summary>
public sealed class CalendarFirstLoadBrowserTests(CalendarFirstLoadBrowserTests.App app) : IClassFixture<CalendarFirstLoadBrowserTests.App>, IAsyncLifetime
{
    public sealed class App() : KestrelAppFactory(TestDatabase.Sqlite)
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Seed:DemoBookings"] = "true" };
    }

    private readonly BrowserFixture _browser = new();

    public Task InitializeAsync() => _browser.InitializeAsync();

    public Task DisposeAsync() => _browser.DisposeAsync();

    [Fact]
    public async Task Opening_the_calendar_reads_its_bookings_once_and_a_new_day_reads_again()
    {
        var acme = await app.TenantIdAsync("acme");
        var page = await _browser.NewPageAsync();

        await BrowserFixture.RunAsync(page, nameof(Opening_the_calendar_reads_its_bookings_once_and_a_new_day_reads_again), async () =>
        {
            await BrowserFixture.SignInAsync(page, app.TenantUri("acme"), "manager@acme.test", DemoAccounts.Password);

            // The demo's six weeks of history are still being told to open calendars when the app has just started; news
            // of a change makes a calendar read again (ADR 0038), which is not what this test counts.
            await app.AllDeliveredAsync();

            // The calendar's range read (StaffCalendar.BookingsAsync bounds the start from "earliest"), of this app's acme only.
            using var reads = SqlCommandLog.Watch(app, c => c.Text.Contains("@earliest", StringComparison.Ordinal) && c.Parameters.Any(p => Equals(p.Value, acme)));
            await page.GotoAsync(new Uri(app.TenantUri("acme"), $"app/calendar?date={NextWeekday():yyyy-MM-dd}").ToString());
            await Assertions.Expect(page.Locator(".calendar-surface")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("[data-booking]").First).ToBeVisibleAsync();
            await page.WaitForTimeoutAsync(1000); // a second read would come with the circuit's first render, which is over
            Assert.Single(reads.Commands);

            await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
            await Assertions.Expect(page.Locator(".calendar-surface")).ToBeVisibleAsync();
            for (var i = 0; i < 50 && reads.Commands.Count < 2; i++)
            {
                await page.WaitForTimeoutAsync(100);
            }

            Assert.Equal(2, reads.Commands.Count);
        });
    }

    /// <summary>A day in New York from tomorrow on that acme works, so the demo has bookings on it.</summary>
    private static DateOnly NextWeekday()
    {
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("America/New_York")).DateTime).AddDays(1);
        while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            day = day.AddDays(1);
        }

        return day;
    }
}
