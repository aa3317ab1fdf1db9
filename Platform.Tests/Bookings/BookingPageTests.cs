using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Bookings;
using Platform.Core.Errors;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Data;
using Platform.Tests.Support;

namespace Platform.Tests.Bookings;

/// <summary>The booking page over HTTP and its reader: frame headers, the confirmation's own address, deep links, the month of free days.</summary>
public sealed class BookingPageTests(BookingPageTests.App app) : IClassFixture<BookingPageTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);

    private static readonly TimeZoneInfo Utc = TimeZoneInfo.Utc;

    [Theory]
    [InlineData("http://acme.localhost/")]
    [InlineData("http://localhost/t/acme/")]
    public async Task Only_the_embeddable_booking_pages_may_be_framed_by_other_sites(string address)
    {
        using var client = app.CreateClientFor(address);
        foreach (var path in new[] { "embed/book", "embed/book?service=initial-assessment", "embed/book/confirmed?token=nonsense" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.False(response.Headers.Contains("X-Frame-Options"), path);
            var csp = response.Headers.GetValues("Content-Security-Policy").Single();
            Assert.Contains("frame-ancestors *", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        }

        foreach (var path in new[] { "book", "book/confirmed?token=nonsense", "booking/manage?token=nonsense", "embedded", "" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_resize_script_for_host_pages_is_served()
    {
        using var client = app.CreateClientFor("http://acme.localhost/");
        var response = await client.GetAsync("js/booking-embed.js");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("platform-booking:height", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("book?service=no-such-service&provider=not-an-id")]
    [InlineData("book?service=0190aaaa-0000-7000-8000-00000000abcd&provider=0190aaaa-0000-7000-8000-00000000abcd")]
    [InlineData("book?service=%00%ff&provider=")]
    [InlineData("embed/book?service=initial-assessment&provider=nobody")]
    [InlineData("book?service=initial-assessment&date=2026-13-45")]
    [InlineData("embed/book?date=%00%ff")]
    [InlineData("book/confirmed")]
    [InlineData("book/confirmed?token=&zone=Mars/Olympus")]
    public async Task Deep_links_and_confirmations_with_unknown_ids_answer_the_page(string path)
    {
        using var client = app.CreateClientFor("http://acme.localhost/");
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_confirmation_has_an_address_of_its_own_with_time_zone_price_provider_and_calendar_links()
    {
        var (token, booking) = await PlaceAsync("acme");
        using var client = app.CreateClientFor("http://acme.localhost/");
        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"book/confirmed?token={Uri.EscapeDataString(token)}&zone=Europe%2FBerlin"));

        Assert.Contains("data-testid=\"booking-confirmed\"", html, StringComparison.Ordinal);
        Assert.Contains("Session", html, StringComparison.Ordinal);
        Assert.Contains(booking.Provider, html, StringComparison.Ordinal);
        Assert.Contains("(Europe/Berlin)", html, StringComparison.Ordinal);
        Assert.Contains("$80.00", html, StringComparison.Ordinal);
        var start = TimeZoneInfo.ConvertTime(booking.StartUtc, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));
        Assert.Contains(start.ToString("t", System.Globalization.CultureInfo.GetCultureInfo("en-US")), html, StringComparison.Ordinal); // acme writes en-US
        Assert.Contains($"https://calendar.google.com/calendar/render?action=TEMPLATE&text=Session%20with%20", html, StringComparison.Ordinal);
        Assert.Contains($"dates={booking.StartUtc.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}/", html, StringComparison.Ordinal);
        Assert.Contains("https://outlook.live.com/calendar/0/deeplink/compose?", html, StringComparison.Ordinal);
        Assert.Contains($"booking/ics?token={Uri.EscapeDataString(token)}", html, StringComparison.Ordinal);

        // The Apple / .ics button's address answers the booking's invitation.
        var ics = await client.GetAsync($"booking/ics?token={Uri.EscapeDataString(token)}");
        Assert.Equal("text/calendar", ics.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_request_waiting_for_approval_is_not_shown_as_booked()
    {
        var (token, _) = await PlaceAsync("acme", requiresApproval: true);
        using var client = app.CreateClientFor("http://acme.localhost/");
        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"book/confirmed?token={Uri.EscapeDataString(token)}"));

        Assert.Contains("Request received", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"pending-icon\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("You're booked", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_tenants_confirmation_link_shows_nothing_of_the_booking()
    {
        var (token, booking) = await PlaceAsync("acme");
        using var client = app.CreateClientFor("http://globex.localhost/");
        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"book/confirmed?token={Uri.EscapeDataString(token)}"));

        Assert.Contains("data-testid=\"confirmation-missing\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain(booking.Provider, html, StringComparison.Ordinal);
        Assert.Null(await app.InTenantAsync("globex", sp => sp.GetRequiredService<PortalBookings>().ConfirmationAsync(token)));
    }

    [Fact]
    public async Task A_month_of_free_days_leaves_out_the_days_without_times_and_lists_each_days_times_as_the_day_query_does()
    {
        var seeded = await BookingTestData.SeedAsync(app, capacity: 3);
        var first = DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(1);
        first = new DateOnly(first.Year, first.Month, 1);
        var closed = first.AddDays(9);
        await app.InTenantAsync("acme", async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            db.Add(new HoursOverride { ProviderId = seeded.Provider, Date = closed });
            await db.SaveChangesAsync();
            return 0;
        });
        var booked = first.AddDays(3).ToDateTime(new TimeOnly(10, 0));
        await app.InTenantAsync("acme", sp => sp.GetRequiredService<BookingLedger>().PlaceAsync(
            new PlaceBooking(seeded.Service, seeded.Provider, seeded.Customer, new DateTimeOffset(booked, TimeSpan.Zero))));

        var month = await app.InTenantAsync("acme", sp => sp.GetRequiredService<PortalBookings>().MonthAsync(seeded.Service, seeded.Provider, first.AddDays(14), Utc));

        Assert.True(month.Succeeded);
        Assert.Equal(first, month.Value!.First);
        Assert.False(month.Value.IsFree(closed));
        Assert.Empty(month.Value.On(closed));
        Assert.True(month.Value.IsFree(closed.AddDays(1)));
        Assert.All(month.Value.Days.Keys, d => Assert.Equal(first.Month, d.Month));
        Assert.Equal(2, month.Value.On(first.AddDays(3)).Single(s => s.Start.UtcDateTime == booked).RemainingCapacity);
        for (var day = first; day < first.AddMonths(1); day = day.AddDays(1))
        {
            var single = await app.InTenantAsync("acme", sp => sp.GetRequiredService<PortalBookings>().SlotsAsync(seeded.Service, seeded.Provider, day, Utc));
            Assert.Equal(single.Value!.Select(s => s.Start), month.Value.On(day).Select(s => s.Start));
        }
    }

    [Fact]
    public async Task A_month_is_read_in_the_visitors_zone()
    {
        var seeded = await BookingTestData.SeedAsync(app);
        var first = DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(1);
        first = new DateOnly(first.Year, first.Month, 1);
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

        var month = await app.InTenantAsync("acme", sp => sp.GetRequiredService<PortalBookings>().MonthAsync(seeded.Service, seeded.Provider, first, tokyo));

        // The provider works around the clock in UTC: in Tokyo every slot of a day falls on that local day, from its midnight.
        var day = month.Value!.On(first.AddDays(2));
        Assert.Equal(first.AddDays(2).ToDateTime(TimeOnly.MinValue), TimeZoneInfo.ConvertTime(day[0].Start, tokyo).DateTime);
        Assert.All(day, s => Assert.Equal(first.AddDays(2), DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(s.Start, tokyo).DateTime)));
    }

    [Fact]
    public async Task Another_tenants_service_has_no_month()
    {
        var seeded = await BookingTestData.SeedAsync(app);
        var month = await app.InTenantAsync("globex", sp => sp.GetRequiredService<PortalBookings>().MonthAsync(seeded.Service, null, DateOnly.FromDateTime(DateTime.UtcNow), Utc));
        Assert.Equal(ErrorCodes.NotFound, month.Code);
    }

    [Fact]
    public async Task Services_on_the_booking_page_carry_description_capacity_slug_and_provider_bios()
    {
        var provider = await app.InTenantAsync("acme", async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            var sam = await db.Providers.FirstAsync(p => p.DisplayName.StartsWith("Sam"));
            sam.Bio = "Sports physiotherapist, ten years in practice.";
            await db.SaveChangesAsync();
            return sam.Id;
        });

        var services = await app.InTenantAsync("acme", sp => sp.GetRequiredService<PortalBookings>().ServicesAsync());

        var group = services.Single(s => s.Name == "Group mobility class");
        Assert.Equal(6, group.Capacity);
        Assert.Equal("group-mobility-class", group.Slug);
        Assert.Equal("Gentle strength and mobility in a small group.", group.Description);
        Assert.Equal("Sports physiotherapist, ten years in practice.", group.Providers.Single(p => p.Id == provider).Bio);
    }

    private async Task<(string Token, BookingConfirmation Booking)> PlaceAsync(string slug, bool requiresApproval = false)
    {
        var seeded = await BookingTestData.SeedAsync(app, slug: slug);
        var start = BookingTestData.Tomorrow.AddDays(2).AddHours(13);
        return await app.InTenantAsync(slug, async sp =>
        {
            if (requiresApproval)
            {
                var db = sp.GetRequiredService<PlatformDbContext>();
                await db.Services.Where(s => s.Id == seeded.Service).ExecuteUpdateAsync(u => u.SetProperty(s => s.RequiresApproval, true));
            }

            var placed = await sp.GetRequiredService<BookingLedger>().PlaceAsync(new PlaceBooking(seeded.Service, seeded.Provider, seeded.Customer, start));
            var token = sp.GetRequiredService<BookingLinks>().TokenFor(placed.Value!);
            return (token, (await sp.GetRequiredService<PortalBookings>().ConfirmationAsync(token))!);
        });
    }
}
