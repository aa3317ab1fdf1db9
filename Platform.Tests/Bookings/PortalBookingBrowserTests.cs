using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MimeKit;
using Platform.Core.Bookings;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Data;
using Platform.Tests.Support;

namespace Platform.Tests.Bookings;

/// <summary>A guest in Berlin books at acme, whose staff work in New York, gets the invitation by e-mail, and staff see it at New York time.</summary>
public sealed class PortalBookingBrowserTests(PortalBookingBrowserTests.App app) : IClassFixture<PortalBookingBrowserTests.App>, IAsyncLifetime
{
    public sealed class App() : KestrelAppFactory(TestDatabase.Sqlite);

    /// <summary>Acme writes en-US, and this headless browser names no language of its own: "3:00 PM" on its pages and e-mails.</summary>
    private static readonly CultureInfo Acme = CultureInfo.GetCultureInfo("en-US");

    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private readonly BrowserFixture _browser = new();

    public Task InitializeAsync() => _browser.InitializeAsync();

    public Task DisposeAsync() => _browser.DisposeAsync();

    [Fact]
    public async Task A_guest_books_in_their_own_time_zone_and_receives_the_invitation()
    {
        var context = await _browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            TimezoneId = "Europe/Berlin",
            ViewportSize = new ViewportSize { Width = 1280, Height = 1000 },
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();

        await BrowserFixture.RunAsync(page, nameof(A_guest_books_in_their_own_time_zone_and_receives_the_invitation), async () =>
        {
            await page.GotoAsync(new Uri(app.TenantUri("acme"), "book").ToString());
            await Assertions.Expect(page.GetByText("Times are shown in your time zone, Europe/Berlin.")).ToBeVisibleAsync();
            await page.Locator("[data-testid=service-option]", new() { HasText = "Initial assessment" }).ClickAsync();
            var slot = page.Locator("[data-testid=slot]").First;
            await slot.WaitForAsync();
            var shown = (await slot.TextContentAsync())!.Trim();
            await slot.ClickAsync();
            await page.GetByLabel("Name").FillAsync("Greta Guest");
            await page.GetByLabel("E-mail").FillAsync("greta@example.com");
            await page.Locator("[data-testid=confirm-booking]").ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=booking-confirmed]")).ToBeVisibleAsync();
            await BrowserFixture.SaveScreenshotAsync(page, "portal-booking-confirmed");

            var booking = await app.InTenantAsync("acme", sp =>
            {
                var db = sp.GetRequiredService<PlatformDbContext>();
                return (from b in db.Bookings.AsNoTracking() join c in db.Customers on b.CustomerId equals c.Id where c.Email == "greta@example.com" select b).SingleAsync();
            });

            // The slot the guest clicked, in Berlin time, is the booking's instant; for the provider it is New York working time.
            var inBerlin = TimeZoneInfo.ConvertTime(booking.StartUtc, Berlin);
            Assert.Equal(shown, inBerlin.ToString("t", Acme));
            await Assertions.Expect(page.Locator("[data-testid=booked-time]")).ToContainTextAsync(inBerlin.ToString("t", Acme));
            var inNewYork = TimeZoneInfo.ConvertTime(booking.StartUtc, NewYork);
            Assert.InRange(inNewYork.Hour, 9, 16);

            // Sent through the outbox by the handler of the booking's creation, so it may arrive a moment after the page confirms.
            await Mailbox.WaitForLatestAsync(app.MailFolder, "greta@example.com", "Booking confirmed");
            var mail = Assert.Single(Mailbox.To(app.MailFolder, "greta@example.com"));
            Assert.Contains(inBerlin.ToString("t", Acme) + " (Europe/Berlin)", mail.TextBody, StringComparison.Ordinal);
            var ics = Assert.Single(mail.Attachments.OfType<MimePart>());
            using var content = new MemoryStream();
            await ics.Content!.DecodeToAsync(content);
            var evt = Assert.Single(Ical.Net.Calendar.Load(Encoding.UTF8.GetString(content.ToArray()))!.Events);
            Assert.Equal(booking.StartUtc.UtcDateTime, evt.Start!.AsUtc);

            // The link in the e-mail opens the booking for the guest, without an account.
            var manage = page.Locator("a", new() { HasText = "Change or cancel" });
            await manage.ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=booking-status]")).ToHaveTextAsync("Confirmed");

            // Acme's manager, in New York, finds it on the team calendar at New York time, and moves it by an hour.
            await StaffSeesAndMovesAsync(booking, inNewYork);
        });
    }

    private async Task StaffSeesAndMovesAsync(Booking booking, DateTimeOffset inNewYork)
    {
        var context = await _browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            TimezoneId = "America/New_York",
            ViewportSize = new ViewportSize { Width = 1280, Height = 1000 },
        });
        context.SetDefaultTimeout(15_000);
        var staff = await context.NewPageAsync();
        var later = "";
        var moveDay = inNewYork.Date;
        await BrowserFixture.RunAsync(staff, "portal-booking-on-staff-calendar", async () =>
        {
            await BrowserFixture.SignInAsync(staff, app.TenantUri("acme"), "manager@acme.test", "Demo!Passw0rd");
            await staff.GotoAsync(new Uri(app.TenantUri("acme"), $"app/calendar?date={inNewYork:yyyy-MM-dd}").ToString());
            var block = staff.Locator($"[data-booking='{booking.Id}']");
            await Assertions.Expect(block).ToContainTextAsync(inNewYork.ToString("t", Acme));
            await Assertions.Expect(block).ToContainTextAsync("Greta Guest");
            await BrowserFixture.SaveScreenshotAsync(staff, "calendar-portal-booking");

            await block.ClickAsync();
            var dialog = staff.Locator(".mud-dialog");
            await dialog.Locator("[data-testid=reschedule-open]").ClickAsync();
            // A booking late today (the first slot the guest saw, when the suite runs in the afternoon) may have no free
            // time after it that day: then it moves to the next day.
            var none = dialog.GetByText("No free times with");
            await Assertions.Expect(dialog.Locator("[data-testid=reschedule-slot]").First.Or(none)).ToBeVisibleAsync();
            if (await none.IsVisibleAsync())
            {
                moveDay = inNewYork.Date.AddDays(1);
                await dialog.Locator(".reschedule-day input").ClickAsync();
                var picker = staff.Locator(".mud-popover-open .mud-picker-calendar-container");
                if (moveDay.Month != inNewYork.Month)
                {
                    await picker.Locator(".mud-picker-calendar-header-switch button").Last.ClickAsync();
                }

                await picker.Locator("button.mud-picker-calendar-day:not(.mud-hidden)", new() { HasTextRegex = new System.Text.RegularExpressions.Regex($"^{moveDay.Day}$") }).First.ClickAsync();
            }

            var target = dialog.Locator("[data-testid=reschedule-slot]").Last;
            later = (await target.TextContentAsync())!.Trim();
            await target.ClickAsync();
            await BrowserFixture.SaveScreenshotAsync(staff, "calendar-reschedule");
            await dialog.Locator("[data-testid=reschedule-confirm]").ClickAsync();
            await Assertions.Expect(staff.Locator(".mud-snackbar", new() { HasText = "moved to" })).ToBeVisibleAsync();
            if (moveDay == inNewYork.Date)
            {
                await Assertions.Expect(block).ToContainTextAsync(later);
            }
            else
            {
                await Assertions.Expect(block).ToHaveCountAsync(0); // it left the day shown
            }
        });

        var moved = await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().Bookings.AsNoTracking()
            .Include(b => b.History).SingleAsync(b => b.Id == booking.Id));
        var movedInNewYork = TimeZoneInfo.ConvertTime(moved.StartUtc, NewYork);
        Assert.Equal((moveDay, later), (movedInNewYork.Date, movedInNewYork.ToString("t", Acme)));
        Assert.NotEqual(booking.StartUtc, moved.StartUtc);
        Assert.Contains(moved.History, h => h.Kind == BookingChangeKind.Rescheduled && h.PreviousStartUtc == booking.StartUtc && h.ByUserId != null);
        await context.CloseAsync();
    }

    [Fact]
    public async Task A_guest_moves_their_booking_from_the_emailed_link()
    {
        var seeded = await BookingTestData.SeedAsync(app);
        var day = BookingTestData.Tomorrow.AddDays(4);
        var placed = await app.InTenantAsync("acme", sp => sp.GetRequiredService<BookingLedger>().PlaceAsync(new PlaceBooking(seeded.Service, seeded.Provider, seeded.Customer, day.AddHours(10))));
        var token = await app.InTenantAsync("acme", sp => Task.FromResult(sp.GetRequiredService<BookingLinks>().TokenFor(placed.Value!)));
        var page = await _browser.NewPageAsync();

        await BrowserFixture.RunAsync(page, nameof(A_guest_moves_their_booking_from_the_emailed_link), async () =>
        {
            await page.GotoAsync(new Uri(app.TenantUri("acme"), $"booking/manage?token={Uri.EscapeDataString(token)}").ToString());
            await Assertions.Expect(page.Locator("[data-testid=booking-status]")).ToHaveTextAsync("Confirmed");
            await page.Locator("[data-testid=new-slot]", new() { HasTextRegex = new Regex($"^\\s*{Regex.Escape(new DateTime(2000, 1, 1, 14, 0, 0, DateTimeKind.Unspecified).ToString("t", Acme))}\\s*$") }).ClickAsync();
            await page.Locator("[data-testid=move-booking]").ClickAsync();
            await Assertions.Expect(page.GetByText("Your booking is moved.")).ToBeVisibleAsync();
            await BrowserFixture.SaveScreenshotAsync(page, "portal-booking-moved");
        });

        var moved = await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().Bookings.AsNoTracking()
            .Include(b => b.History).SingleAsync(b => b.Id == placed.Value!.Id));
        Assert.Equal(day.AddHours(14), moved.StartUtc);
        Assert.Contains(moved.History, h => h.Kind == BookingChangeKind.Rescheduled && h.PreviousStartUtc == day.AddHours(10));
    }
}
