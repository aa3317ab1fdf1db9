using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Platform.Core.Bookings;
using Platform.Infrastructure.Data;
using Platform.Tests.Support;

namespace Platform.Tests.Bookings;

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
        var day = NextWeekday();
        var context = await _browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 1000 } });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();

        await BrowserFixture.RunAsync(page, nameof(A_manager_sees_a_booking_at_its_local_time_and_cancels_it_with_a_reason), async () =>
        {
            var form = await NewAssessmentAsync(page, day);
            await form.GetByRole(AriaRole.Combobox, new() { Name = "Provider" }).ClickAsync();
            await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "Jo Chen" }).ClickAsync();
            await Assertions.Expect(page.Locator(".mud-popover-open")).ToHaveCountAsync(0);
            await form.Locator(".new-booking-customer input").First.FillAsync("Carla");
            await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "Carla" }).First.ClickAsync();
            await Assertions.Expect(page.Locator(".mud-popover-open")).ToHaveCountAsync(0);
            var slot = form.Locator("[data-testid=new-booking-slot]", new() { HasText = "10:00" });
            await slot.ClickAsync();
            await form.Locator(".new-booking-notes textarea").First.FillAsync("Booked by phone");
            await BrowserFixture.SaveScreenshotAsync(page, "calendar-new-booking");
            await form.Locator("[data-testid=new-booking-book]").ClickAsync();
            await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("Booked.");

            var booking = await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().Bookings.AsNoTracking()
                .Where(b => b.Notes == "Booked by phone").Select(b => new Placed(b.Id, b.StartUtc, "Carla Customer")).SingleAsync());
            var local = TimeZoneInfo.ConvertTime(booking.StartUtc, NewYork);
            Assert.Equal((day, 10), (DateOnly.FromDateTime(local.DateTime), local.Hour));

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

            await Assertions.Expect(page.Locator(".mud-snackbar", new() { HasText = "booking is cancelled" })).ToBeVisibleAsync();
            await Assertions.Expect(block).ToHaveCountAsync(0);
            var saved = await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().Bookings.AsNoTracking().SingleAsync(b => b.Id == booking.Id));
            Assert.Equal(BookingStatus.Cancelled, saved.Status);
        });
    }

    [Fact]
    public async Task A_manager_books_a_new_caller_by_phone_without_leaving_the_calendar()
    {
        var day = NextWeekday().AddDays(1);
        var page = await _browser.NewPageAsync();

        await BrowserFixture.RunAsync(page, nameof(A_manager_books_a_new_caller_by_phone_without_leaving_the_calendar), async () =>
        {
            var form = await NewAssessmentAsync(page, day);
            await form.Locator("[data-testid=new-customer]").ClickAsync();

            // An e-mail that is already a customer's is refused: the caller is to be picked, not added twice.
            await form.Locator(".new-customer-name input").FillAsync("Nora Newcaller");
            await form.Locator(".new-customer-email input").FillAsync("carla@example.com");
            await form.Locator("[data-testid=new-booking-slot]").First.ClickAsync();
            await form.Locator("[data-testid=new-booking-book]").ClickAsync();
            await Assertions.Expect(form).ToContainTextAsync("already has this e-mail");

            await form.Locator(".new-customer-email input").FillAsync("nora@example.com");
            await form.Locator(".new-customer-phone input").FillAsync("+1 212 555 0199");
            await BrowserFixture.SaveScreenshotAsync(page, "calendar-new-customer");
            await form.Locator("[data-testid=new-booking-book]").ClickAsync();
            await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("Booked.");
        });

        var booked = await app.InTenantAsync("acme", sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            return (from b in db.Bookings.AsNoTracking()
                    join c in db.Customers on b.CustomerId equals c.Id
                    where c.Email == "nora@example.com"
                    select new { c.Name, c.Phone, b.Status }).ToListAsync();
        });
        var single = Assert.Single(booked);
        Assert.Equal(("Nora Newcaller", "+1 212 555 0199"), (single.Name, single.Phone));
    }

    [Fact]
    public async Task The_bookings_and_customers_lists_find_filter_and_edit_within_the_tenant()
    {
        var seeded = await Bookings.BookingTestData.SeedAsync(app);
        await app.InTenantAsync("acme", sp => sp.GetRequiredService<Infrastructure.Bookings.BookingLedger>()
            .PlaceAsync(new Core.Bookings.PlaceBooking(seeded.Service, seeded.Provider, seeded.Customer, Bookings.BookingTestData.Tomorrow.AddDays(2).AddHours(15))));
        var page = await _browser.NewPageAsync();

        await BrowserFixture.RunAsync(page, nameof(The_bookings_and_customers_lists_find_filter_and_edit_within_the_tenant), async () =>
        {
            await BrowserFixture.SignInAsync(page, app.TenantUri("acme"), "manager@acme.test", "Demo!Passw0rd");
            await page.GotoAsync(new Uri(app.TenantUri("acme"), "app/bookings").ToString());
            await Assertions.Expect(page.Locator("[data-booking-row]").First).ToBeVisibleAsync();

            // Another tenant's customer is not there to find.
            await page.Locator(".bookings-search input").FillAsync("Kunde");
            await Assertions.Expect(page.GetByText("No booking of a customer matching “Kunde”.")).ToBeVisibleAsync();
            await page.Locator(".bookings-search input").FillAsync("Pat Para");
            await Assertions.Expect(page.Locator("tbody tr", new() { HasText = "Pat Parallel" })).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator("tbody tr")).ToHaveCountAsync(1);
            await page.Locator("[data-booking-row]").First.ClickAsync();
            await Assertions.Expect(page.Locator(".mud-dialog")).ToContainTextAsync("Pat Parallel");
            await BrowserFixture.SaveScreenshotAsync(page, "bookings-dialog");
            await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
            await Assertions.Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);

            await page.GotoAsync(new Uri(app.TenantUri("acme"), "app/customers").ToString());
            await Assertions.Expect(page.Locator("[data-customer-row]").First).ToBeVisibleAsync();
            await page.Locator(".customers-search input").FillAsync("Kunde");
            await Assertions.Expect(page.GetByText("No customer matches “Kunde”.")).ToBeVisibleAsync();
            await page.Locator(".customers-search input").FillAsync("");

            await page.Locator("[data-testid=new-customer]").ClickAsync();
            var dialog = page.Locator(".mud-dialog");
            await dialog.Locator(".customer-name input").FillAsync("Olga Offline");
            await dialog.Locator(".customer-email input").FillAsync("olga at example");
            await dialog.Locator("[data-testid=customer-save]").ClickAsync();
            await Assertions.Expect(dialog).ToContainTextAsync("Enter a valid e-mail address.");
            await dialog.Locator(".customer-email input").FillAsync("olga@example.com");
            await dialog.Locator(".customer-notes textarea").First.FillAsync("Prefers phone calls");
            await BrowserFixture.SaveScreenshotAsync(page, "customers-new");
            await dialog.Locator("[data-testid=customer-save]").ClickAsync();
            await Assertions.Expect(page.Locator(".mud-snackbar", new() { HasText = "Olga Offline added." })).ToBeVisibleAsync();

            await page.Locator(".customers-search input").FillAsync("Olga");
            await page.Locator("tbody tr", new() { HasText = "olga@example.com" }).ClickAsync();
            await dialog.Locator(".customer-phone input").FillAsync("+1 212 555 0142");
            await dialog.Locator("[data-testid=customer-save]").ClickAsync();
            await Assertions.Expect(page.Locator("tbody tr", new() { HasText = "+1 212 555 0142" })).ToBeVisibleAsync();
            await BrowserFixture.SaveScreenshotAsync(page, "customers-list");
        });

        var olga = await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().Customers.AsNoTracking().SingleAsync(c => c.Email == "olga@example.com"));
        Assert.Equal(("Olga Offline", "+1 212 555 0142", "Prefers phone calls", "America/New_York"), (olga.Name, olga.Phone, olga.Notes, olga.TimeZone));
        Assert.False(await app.InTenantAsync("globex", sp => sp.GetRequiredService<PlatformDbContext>().Customers.AnyAsync(c => c.Email == "olga@example.com")));
    }

    private sealed record Placed(Guid Id, DateTimeOffset StartUtc, string Customer);

    /// <summary>Signs the manager in, opens the calendar on <paramref name="day"/> and starts a new "Initial assessment"; the answer is the dialog.</summary>
    private async Task<ILocator> NewAssessmentAsync(IPage page, DateOnly day)
    {
        await BrowserFixture.SignInAsync(page, app.TenantUri("acme"), "manager@acme.test", "Demo!Passw0rd");
        await page.GotoAsync(new Uri(app.TenantUri("acme"), $"app/calendar?date={day:yyyy-MM-dd}").ToString());
        await page.Locator("[data-testid=new-booking]").ClickAsync();
        var form = page.Locator(".mud-dialog");
        await form.GetByRole(AriaRole.Combobox, new() { Name = "Service" }).ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "Initial assessment" }).ClickAsync();
        await Assertions.Expect(page.Locator(".mud-popover-open")).ToHaveCountAsync(0);
        return form;
    }

    private static DateOnly NextWeekday()
    {
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, NewYork).DateTime).AddDays(1);
        while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            day = day.AddDays(1);
        }

        return day;
    }
}
