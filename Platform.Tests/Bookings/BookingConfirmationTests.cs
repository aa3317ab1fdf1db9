using System.Text;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Platform.Core.Bookings;
using Platform.Core.Common;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Data;
using Platform.Tests.Support;

namespace Platform.Tests.Bookings;

public class BookingConfirmationTests(BookingConfirmationTests.App app) : IClassFixture<BookingConfirmationTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);

    private static readonly DateTimeOffset Start = BookingTestData.Tomorrow.AddDays(4).AddHours(15);

    [Fact]
    public void The_calendar_file_carries_the_booking_in_utc_with_its_id()
    {
        var booking = new Booking { StartUtc = Start, EndUtc = Start.AddMinutes(45), Price = new Money(70m, "USD"), CreatedAt = Start.AddDays(-2) };

        var text = Encoding.UTF8.GetString(BookingCalendarFile.Create(booking, "Follow-up with Sam", "Acme Physiotherapy", "https://acme.example/manage?token=x"));
        var parsed = Ical.Net.Calendar.Load(text)!;

        var evt = Assert.Single(parsed.Events);
        Assert.Equal(booking.Id.ToString("D"), evt.Uid);
        Assert.Equal(Start.UtcDateTime, evt.Start!.AsUtc);
        Assert.Equal(Start.AddMinutes(45).UtcDateTime, evt.End!.AsUtc);
        Assert.Equal("Follow-up with Sam", evt.Summary);
        Assert.Contains("DTSTART:" + Start.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_manage_link_names_its_booking_only_in_its_own_tenant_and_only_untampered()
    {
        var booking = new Booking { TenantId = await app.TenantIdAsync("acme"), StartUtc = Start, EndUtc = Start.AddHours(1), Price = new Money(1m, "USD") };
        var token = await app.InTenantAsync("acme", sp => Task.FromResult(sp.GetRequiredService<BookingLinks>().TokenFor(booking)));

        Assert.Equal(booking.Id, await app.InTenantAsync("acme", sp => Task.FromResult(sp.GetRequiredService<BookingLinks>().BookingIdFrom(token))));
        Assert.Null(await app.InTenantAsync("globex", sp => Task.FromResult(sp.GetRequiredService<BookingLinks>().BookingIdFrom(token))));
        var tampered = token[..^4] + (token[^4] == 'A' ? 'B' : 'A') + token[^3..];
        Assert.Null(await app.InTenantAsync("acme", sp => Task.FromResult(sp.GetRequiredService<BookingLinks>().BookingIdFrom(tampered))));
        Assert.Null(await app.InTenantAsync("acme", sp => Task.FromResult(sp.GetRequiredService<BookingLinks>().BookingIdFrom("not-a-token"))));

        var ended = new Booking { TenantId = booking.TenantId, StartUtc = DateTimeOffset.UtcNow.AddDays(-3), EndUtc = DateTimeOffset.UtcNow.AddDays(-3).AddHours(1), Price = new Money(1m, "USD") };
        var expired = await app.InTenantAsync("acme", sp => Task.FromResult(sp.GetRequiredService<BookingLinks>().TokenFor(ended)));
        Assert.Null(await app.InTenantAsync("acme", sp => Task.FromResult(sp.GetRequiredService<BookingLinks>().BookingIdFrom(expired))));
    }

    [Fact]
    public async Task The_customer_gets_an_email_in_their_own_time_zone_with_the_invitation_attached()
    {
        var seeded = await BookingTestData.SeedAsync(app);
        await app.InTenantAsync("acme", async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            var customer = await db.Customers.FindAsync(seeded.Customer);
            customer!.TimeZone = "Asia/Tokyo";
            customer.Email = "tokyo@example.com";
            return await db.SaveChangesAsync();
        });
        var booked = await app.InTenantAsync("acme", sp => sp.GetRequiredService<BookingLedger>().PlaceAsync(new PlaceBooking(seeded.Service, null, seeded.Customer, Start)));

        // Sent by the handler of the booking's creation, through the outbox.
        var message = await Mailbox.WaitForLatestAsync(app.MailFolder, "tokyo@example.com", "Booking confirmed");
        Assert.Equal("Booking confirmed: Session", message.Subject);
        var tokyo = TimeZoneInfo.ConvertTime(Start, TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"));
        Assert.Contains(tokyo.ToString("t", System.Globalization.CultureInfo.GetCultureInfo("en-US")) + " (Asia/Tokyo)", message.TextBody, StringComparison.Ordinal); // in acme's culture
        var link = System.Text.RegularExpressions.Regex.Match(message.TextBody ?? "", @"https?://acme\.localhost(:\d+)?/booking/manage\?token=(?<token>[^\s)]+)");
        Assert.True(link.Success, message.TextBody);
        Assert.Equal(booked.Value!.Id, await app.InTenantAsync("acme", sp => Task.FromResult(sp.GetRequiredService<BookingLinks>().BookingIdFrom(Uri.UnescapeDataString(link.Groups["token"].Value)))));

        var attachment = Assert.Single(message.Attachments.OfType<MimePart>());
        Assert.Equal("booking.ics", attachment.FileName);
        using var content = new MemoryStream();
        await attachment.Content!.DecodeToAsync(content);
        var evt = Assert.Single(Ical.Net.Calendar.Load(Encoding.UTF8.GetString(content.ToArray()))!.Events);
        Assert.Equal(Start.UtcDateTime, evt.Start!.AsUtc);
    }
}
