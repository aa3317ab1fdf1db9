using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Platform.Core.Bookings;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Data;
using Platform.Tests.Support;

namespace Platform.Tests.Calendar;

/// <summary>A manager finds a phoned-in booking on the calendar at its New York time and cancels it with a reason.</summary>
public sealed class CalendarBrowserTests(CalendarBrowserTests.App app) : IClassFixture<CalendarBrowserTests.App>, IAsyncLifetime
{
    public sealed class App() : KestrelAppFactory(TestDatabase.Sqlite);

    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private readonly BrowserFixture _browser = new();

    public Task InitializeAsync() => _browser.InitializeAsync();

    public Task DisposeAsync() => _browser.DisposeAsync();

    [Fact]
    public async Task A_manager_sees_a_booking_at_its_local_time_and_cancels_it_with_a_reason()
    {
        var booking = await PlaceOnNextWeekdayAsync();
        var local = TimeZoneInfo.ConvertTime(booking.StartUtc, NewYork);
        var context = await _browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 1000 } });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();

        await BrowserFixture.RunAsync(page, nameof(A_manager_sees_a_booking_at_its_local_time_and_cancels_it_with_a_reason), async () =>
        {
            await BrowserFixture.SignInAsync(page, app.TenantUri("acme"), "manager@acme.test", "Demo!Passw0rd");
            await page.GotoAsync(new Uri(app.TenantUri("acme"), $"app/calendar?date={local:yyyy-MM-dd}").ToString());

            var block = page.Locator($"[data-booking='{booking.Id}']");
            await Assertions.Expect(block).ToContainTextAsync(local.ToString("HH:mm", CultureInfo.InvariantCulture));
            await Assertions.Expect(block).ToContainTextAsync(booking.Customer);
            var top = (local.TimeOfDay.TotalHours - 7) * 48;
            Assert.Contains(FormattableString.Invariant($"top: {top:0.#}px"), await block.GetAttributeAsync("style"), StringComparison.Ordinal);
            await Assertions.Expect(page.Locator(".calendar-column-title", new() { HasText = "Jo Chen" })).ToBeVisibleAsync();
            await BrowserFixture.SaveScreenshotAsync(page, "calendar-day");

            await page.GetByText("Week", new() { Exact = true }).ClickAsync();
            await Assertions.Expect(page.Locator(".calendar-column-title")).ToHaveCountAsync(7);
            await Assertions.Expect(block).ToBeVisibleAsync();
            await BrowserFixture.SaveScreenshotAsync(page, "calendar-week");

            await block.ClickAsync();
            var dialog = page.Locator(".mud-dialog");
            await Assertions.Expect(dialog).ToContainTextAsync("Jo Chen");
            await BrowserFixture.SaveScreenshotAsync(page, "calendar-dialog");
            await dialog.GetByLabel("Reason (to cancel or reject)").FillAsync("Customer called to cancel");
            await dialog.Locator("button[data-action=Cancel]").ClickAsync();

            await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("cancel booking done");
            await Assertions.Expect(block).ToHaveCountAsync(0);
        });

        var saved = await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().Bookings.AsNoTracking().SingleAsync(b => b.Id == booking.Id));
        Assert.Equal(BookingStatus.Cancelled, saved.Status);
    }

    private sealed record Placed(Guid Id, DateTimeOffset StartUtc, string Customer);

    /// <summary>As staff would on the phone: Jo Chen's first free initial assessment on the next weekday, for a demo customer.</summary>
    private Task<Placed> PlaceOnNextWeekdayAsync() => app.InTenantAsync("acme", async sp =>
    {
        var db = sp.GetRequiredService<PlatformDbContext>();
        var service = await db.Services.AsNoTracking().SingleAsync(s => s.Name == "Initial assessment");
        var jo = await db.Providers.AsNoTracking().SingleAsync(p => p.DisplayName == "Jo Chen");
        var customer = await db.Customers.AsNoTracking().OrderBy(c => c.Name).FirstAsync();
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, NewYork).DateTime).AddDays(1);
        while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            day = day.AddDays(1);
        }

        var from = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue), NewYork), TimeSpan.Zero);
        var slots = await sp.GetRequiredService<AvailabilityQuery>().FindAsync(new AvailabilityRequest(service.Id, jo.Id, from, from.AddDays(1)));
        var slot = slots.Value!.First(s => TimeZoneInfo.ConvertTime(s.Start, NewYork).Hour >= 10);
        var placed = await sp.GetRequiredService<BookingLedger>().PlaceAsync(new PlaceBooking(service.Id, jo.Id, customer.Id, slot.Start) { Notes = "Booked by phone" });
        return new Placed(placed.Value!.Id, placed.Value.StartUtc, customer.Name);
    });
}
