using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Platform.Core.Access;
using Platform.Core.Bookings;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Seeding;
using Platform.Tests.Events;
using Platform.Tests.Notifications;
using Platform.Tests.Support;

namespace Platform.Tests.Bookings;

/// <summary>
/// Every new booking gets one confirmation e-mail, whatever made it: the API (a retry with the same Idempotency-Key
/// included), a phone booking on the staff calendar, the portal. It is the tenant's template, with the invitation and a
/// signed link to the booking on the tenant's own address; a booking waiting for approval is a "request received".
/// </summary>
public sealed partial class BookingConfirmationEmailTests(BookingConfirmationEmailTests.App app) : IClassFixture<BookingConfirmationEmailTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);

    [Fact]
    public async Task A_booking_through_the_api_gets_one_confirmation_even_when_the_request_is_retried()
    {
        var seeded = await BookingTestData.SeedAsync(app);
        var email = await GiveCustomerAnAddressAsync(seeded.Customer);
        using var client = app.CreateClientFor("http://acme.localhost/");
        client.DefaultRequestHeaders.Add("X-Api-Key", DemoAccounts.ApiKeys["acme"]);
        var start = BookingTestData.Tomorrow.AddDays(5).AddHours(9);
        var key = Guid.NewGuid().ToString("N");

        async Task<string> BookAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/bookings") { Content = JsonContent.Create(new { serviceId = seeded.Service, customerId = seeded.Customer, start }) };
            request.Headers.Add("Idempotency-Key", key);
            var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return (await response.JsonAsync()).GetProperty("id").GetString()!;
        }

        var id = Guid.Parse(await BookAsync());
        await AllDeliveredAsync();
        Assert.Equal(id, Guid.Parse(await BookAsync()));
        await AllDeliveredAsync();

        var mail = Assert.Single(Mailbox.To(app.MailFolder, email));
        Assert.Equal("Booking confirmed: Session", mail.Subject);
        Assert.Contains("Your booking with Acme Physiotherapy is confirmed.", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("80.00 USD", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Acme Physiotherapy", mail.HtmlBody, StringComparison.Ordinal); // framed in the tenant's layout
        Assert.Equal(id, await BookingOfLinkAsync(mail));
        Assert.Equal(start.UtcDateTime, (await InvitationAsync(mail)).Start!.AsUtc);
    }

    [Fact]
    public async Task A_phone_booking_for_a_new_caller_gets_one_confirmation_at_the_callers_address()
    {
        var seeded = await BookingTestData.SeedAsync(app);
        var email = $"caller-{Guid.NewGuid():N}@example.com";
        var start = BookingTestData.Tomorrow.AddDays(6).AddHours(11);
        var manager = await app.UserIdAsync("acme", "manager@acme.test");

        // What the calendar's "new booking" dialog does: add the caller (a guest, no account), then book them.
        var placed = await app.AsActorAsync("acme", Actor.Manager(manager), async sp =>
        {
            var caller = await sp.GetRequiredService<CustomerDirectory>().CreateUniqueAsync(new NewCustomer("Cleo Caller", email, null, "Europe/Paris", null));
            Assert.True(caller.Succeeded);
            return await sp.GetRequiredService<BookingLedger>().PlaceAsync(new PlaceBooking(seeded.Service, seeded.Provider, caller.Value!.Id, start));
        });
        Assert.True(placed.Succeeded);
        await AllDeliveredAsync();

        var mail = Assert.Single(Mailbox.To(app.MailFolder, email));
        Assert.Equal("Booking confirmed: Session", mail.Subject);
        Assert.Contains("Hello Cleo Caller", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("(Europe/Paris)", mail.TextBody, StringComparison.Ordinal);
        Assert.Equal(placed.Value!.Id, await BookingOfLinkAsync(mail));
    }

    [Fact]
    public async Task A_portal_booking_gets_one_confirmation()
    {
        var seeded = await BookingTestData.SeedAsync(app);
        var email = $"guest-{Guid.NewGuid():N}@example.com";
        var start = BookingTestData.Tomorrow.AddDays(7).AddHours(13);

        var placed = await app.AsActorAsync("acme", Actor.Anonymous, sp => sp.GetRequiredService<PortalBookings>().PlaceAsync(
            seeded.Service, null, start, new GuestDetails("Greta Guest", email, null, "", "Europe/Berlin")));
        Assert.True(placed.Succeeded);
        await AllDeliveredAsync();

        var mail = Assert.Single(Mailbox.To(app.MailFolder, email));
        Assert.Equal("Booking confirmed: Session", mail.Subject);
        Assert.Equal(placed.Value!.Id, await BookingOfLinkAsync(mail));
    }

    [Fact]
    public async Task A_booking_waiting_for_approval_gets_a_request_received_email()
    {
        var seeded = await BookingTestData.SeedAsync(app, requiresApproval: true);
        var email = await GiveCustomerAnAddressAsync(seeded.Customer);
        var start = BookingTestData.Tomorrow.AddDays(8).AddHours(10);

        var placed = await app.InTenantAsync("acme", sp => sp.GetRequiredService<BookingLedger>().PlaceAsync(new PlaceBooking(seeded.Service, null, seeded.Customer, start)));
        Assert.Equal(BookingStatus.Pending, placed.Value!.Status);
        await AllDeliveredAsync();

        var mail = Assert.Single(Mailbox.To(app.MailFolder, email));
        Assert.Equal("Booking request received: Session", mail.Subject);
        Assert.Contains("Acme Physiotherapy has your request and will confirm it shortly.", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("is confirmed", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_tenants_own_template_words_the_confirmation()
    {
        var seeded = await BookingTestData.SeedAsync(app);
        var email = await GiveCustomerAnAddressAsync(seeded.Customer);
        await app.InTenantAsync("acme", async sp => (await sp.GetRequiredService<Platform.Infrastructure.Notifications.NotificationTemplates>().SaveAsync(
            Platform.Core.Notifications.NotificationKinds.BookingConfirmation, Platform.Core.Notifications.NotificationChannels.Email,
            "See you soon for {{ service }}", "<p>Dear {{ recipient_name }}, {{ service }} at {{ start }}.</p><p><a href=\"{{ url }}\">Your booking</a></p>")).Succeeded);
        try
        {
            var placed = await app.InTenantAsync("acme", sp => sp.GetRequiredService<BookingLedger>().PlaceAsync(new PlaceBooking(seeded.Service, null, seeded.Customer, BookingTestData.Tomorrow.AddDays(9).AddHours(10))));
            await AllDeliveredAsync();

            var mail = Assert.Single(Mailbox.To(app.MailFolder, email));
            Assert.Equal("See you soon for Session", mail.Subject);
            Assert.StartsWith("Dear Pat Parallel, Session at ", mail.TextBody, StringComparison.Ordinal);
            Assert.Equal(placed.Value!.Id, await BookingOfLinkAsync(mail));
            Assert.NotNull(await InvitationAsync(mail));
        }
        finally
        {
            await app.InTenantAsync("acme", async sp =>
            {
                await sp.GetRequiredService<Platform.Infrastructure.Notifications.NotificationTemplates>().ResetAsync(
                    Platform.Core.Notifications.NotificationKinds.BookingConfirmation, Platform.Core.Notifications.NotificationChannels.Email);
                return 0;
            });
        }
    }

    /// <summary>Gives the seeded customer (whose address tests share) an address of this test's own.</summary>
    private Task<string> GiveCustomerAnAddressAsync(Guid customerId) => app.InTenantAsync("acme", async sp =>
    {
        var db = sp.GetRequiredService<PlatformDbContext>();
        var customer = await db.Customers.SingleAsync(c => c.Id == customerId);
        customer.Email = $"customer-{Guid.NewGuid():N}@example.com";
        await db.SaveChangesAsync();
        return customer.Email;
    });

    /// <summary>Until every event and message is handled: the confirmation has then been sent, and any second one would be too.</summary>
    private Task AllDeliveredAsync() => Eventually.HoldsAsync(() => app.InTenantAsync("acme", async sp =>
        !await sp.GetRequiredService<PlatformDbContext>().OutboxMessages.AnyAsync(m => m.Status != Platform.Infrastructure.Events.OutboxStatus.Done)),
        "every outbox message is delivered");

    /// <summary>The booking the e-mail's manage link opens: on the tenant's address, with a token acme accepts.</summary>
    private async Task<Guid?> BookingOfLinkAsync(MimeMessage mail)
    {
        var link = ManageLink().Match(mail.TextBody ?? "");
        Assert.True(link.Success, mail.TextBody);
        var token = Uri.UnescapeDataString(link.Groups["token"].Value);
        return await app.InTenantAsync("acme", sp => Task.FromResult(sp.GetRequiredService<BookingLinks>().BookingIdFrom(token)));
    }

    private static async Task<Ical.Net.CalendarComponents.CalendarEvent> InvitationAsync(MimeMessage mail)
    {
        var attachment = Assert.Single(mail.Attachments.OfType<MimePart>());
        Assert.Equal("booking.ics", attachment.FileName);
        using var content = new MemoryStream();
        await attachment.Content!.DecodeToAsync(content);
        return Assert.Single(Ical.Net.Calendar.Load(Encoding.UTF8.GetString(content.ToArray()))!.Events);
    }

    [GeneratedRegex(@"https?://acme\.localhost(:\d+)?/booking/manage\?token=(?<token>[^\s)]+)")]
    private static partial Regex ManageLink();
}
