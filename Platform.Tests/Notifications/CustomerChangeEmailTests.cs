using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Platform.Core.Access;
using Platform.Core.Bookings;
using Platform.Core.Notifications;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Notifications;
using Platform.Infrastructure.Seeding;
using Platform.Tests.Bookings;
using Platform.Tests.Events;
using Platform.Tests.Support;

namespace Platform.Tests.Notifications;

/// <summary>
/// Issue 11, defect 1: every step of a booking reaches its customer by e-mail, guests included, whoever took it and
/// through whatever channel (staff over the API with a cookie or an API key, the guest by the manage link), each with the
/// manage link and the invitation as it now stands: the same UID as the first, a higher SEQUENCE each time, METHOD:CANCEL
/// once it no longer takes place. Account holders get them by their preference; a redelivered event e-mails nobody twice.
/// </summary>
public abstract partial class CustomerChangeEmailTests(QuickDispatchApp app)
{
    private static readonly DateTimeOffset Day = BookingTestData.Tomorrow.AddDays(12);

    [Fact]
    public async Task A_guest_hears_of_each_staff_action_over_the_api_with_the_invitation_updated()
    {
        var seeded = await BookingTestData.SeedAsync(app, requiresApproval: true);
        var (guest, id) = await GuestBooksAsync(seeded, Day.AddHours(9));
        var first = await InvitationAsync(await MailAsync(guest, "Booking request received"));
        Assert.Equal(("REQUEST", 0, "TENTATIVE"), (first.Method, first.Event.Sequence, first.Event.Status));

        using var manager = await app.SignedInAsync("http://acme.localhost/", "manager@acme.test");
        Assert.Equal(HttpStatusCode.OK, (await manager.PostAsJsonAsync($"api/v1/bookings/{id}/confirm", new { })).StatusCode);
        var confirmed = await MailAsync(guest, "Your booking for Session is confirmed");
        Assert.Contains("Acme Physiotherapy has confirmed your booking.", confirmed.TextBody, StringComparison.Ordinal);
        Assert.Equal(id, await BookingOfLinkAsync(confirmed));
        var approved = await InvitationAsync(confirmed);
        Assert.Equal((first.Event.Uid, "REQUEST", 1, "CONFIRMED"), (approved.Event.Uid, approved.Method, approved.Event.Sequence, approved.Event.Status));

        Assert.Equal(HttpStatusCode.OK, (await manager.PostAsJsonAsync($"api/v1/bookings/{id}/reschedule", new { start = Day.AddHours(11) })).StatusCode);
        var moved = await MailAsync(guest, "Your booking has moved: Session");
        Assert.Equal(id, await BookingOfLinkAsync(moved));
        var update = await InvitationAsync(moved);
        Assert.Equal((first.Event.Uid, "REQUEST", 2), (update.Event.Uid, update.Method, update.Event.Sequence));
        Assert.Equal(Day.AddHours(11).UtcDateTime, update.Event.Start!.AsUtc);

        Assert.Equal(HttpStatusCode.OK, (await manager.PostAsJsonAsync($"api/v1/bookings/{id}/cancel", new { reason = "The clinic is closed that day" })).StatusCode);
        var cancelled = await MailAsync(guest, "Your booking was cancelled: Session");
        Assert.Contains("Reason: The clinic is closed that day", cancelled.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("notification settings", cancelled.HtmlBody, StringComparison.Ordinal); // a guest has none
        Assert.Equal(id, await BookingOfLinkAsync(cancelled));
        var withdrawn = await InvitationAsync(cancelled);
        Assert.Equal((first.Event.Uid, "CANCEL", 3, "CANCELLED"), (withdrawn.Event.Uid, withdrawn.Method, withdrawn.Event.Sequence, withdrawn.Event.Status));
        Assert.Equal("text/calendar", Attachment(cancelled).ContentType.MimeType);
        Assert.Equal("CANCEL", Attachment(cancelled).ContentType.Parameters["method"]);

        await app.AllDeliveredAsync();
        Assert.Equal(4, Mailbox.To(app.MailFolder, guest).Count);
    }

    [Fact]
    public async Task A_declined_request_withdraws_the_guests_invitation()
    {
        var seeded = await BookingTestData.SeedAsync(app, requiresApproval: true);
        var (guest, id) = await GuestBooksAsync(seeded, Day.AddHours(13));
        var first = await InvitationAsync(await MailAsync(guest, "Booking request received"));

        using var api = app.CreateClientFor("http://acme.localhost/");
        api.DefaultRequestHeaders.Add("X-Api-Key", DemoAccounts.ApiKeys["acme"]);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync($"api/v1/bookings/{id}/reject", new { reason = "No therapist free" })).StatusCode);

        var declined = await MailAsync(guest, "Your booking request was declined: Session");
        Assert.Contains("Reason: No therapist free", declined.TextBody, StringComparison.Ordinal);
        var withdrawn = await InvitationAsync(declined);
        Assert.Equal((first.Event.Uid, "CANCEL", 1, "CANCELLED"), (withdrawn.Event.Uid, withdrawn.Method, withdrawn.Event.Sequence, withdrawn.Event.Status));
    }

    [Fact]
    public async Task A_staff_member_who_moves_and_cancels_a_booking_on_their_calendar_tells_the_guest()
    {
        // Sam (staff, not a manager) acts on a booking on his own calendar, over the API with his cookie.
        var (service, samProvider) = await app.InTenantAsync("acme", async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            var sam = await db.Users.Where(u => u.Email == "sam@acme.test").Select(u => u.Id).SingleAsync();
            var provider = await db.Providers.Where(p => p.UserId == sam).SingleAsync();
            var offered = await db.Services.Where(s => s.Offerings.Any(o => o.ProviderId == provider.Id) && !s.RequiresApproval).Select(s => s.Id).FirstAsync();
            return (offered, provider.Id);
        });
        var from = BookingTestData.Tomorrow.AddDays(20);
        var slots = await app.InTenantAsync("acme", sp => sp.GetRequiredService<AvailabilityQuery>().FindAsync(new AvailabilityRequest(service, samProvider, from, from.AddDays(7))));
        var (guest, id) = await GuestBooksAsync(new SeededBooking(service, samProvider, Guid.Empty), slots.Value![0].Start);
        var first = await InvitationAsync(await MailAsync(guest, "Booking confirmed"));

        using var sam = await app.SignedInAsync("http://acme.localhost/", "sam@acme.test");
        var later = slots.Value![^1].Start;
        Assert.Equal(HttpStatusCode.OK, (await sam.PostAsJsonAsync($"api/v1/bookings/{id}/reschedule", new { start = later })).StatusCode);
        var moved = await InvitationAsync(await MailAsync(guest, "Your booking has moved"));
        Assert.Equal((first.Event.Uid, "REQUEST", 1, later.UtcDateTime), (moved.Event.Uid, moved.Method, moved.Event.Sequence, moved.Event.Start!.AsUtc));

        Assert.Equal(HttpStatusCode.OK, (await sam.PostAsJsonAsync($"api/v1/bookings/{id}/cancel", new { reason = "Sam is ill" })).StatusCode);
        var cancelled = await InvitationAsync(await MailAsync(guest, "Your booking was cancelled"));
        Assert.Equal((first.Event.Uid, "CANCEL", 2), (cancelled.Event.Uid, cancelled.Method, cancelled.Event.Sequence));
    }

    [Fact]
    public async Task A_guest_who_moves_then_cancels_by_the_emailed_link_gets_the_updated_invitation_each_time()
    {
        var seeded = await BookingTestData.SeedAsync(app);
        var (guest, id) = await GuestBooksAsync(seeded, Day.AddHours(15));
        var confirmation = await MailAsync(guest, "Booking confirmed");
        var first = await InvitationAsync(confirmation);
        var token = TokenOf(confirmation);

        // What the manage page does for the holder of the link: no account, no sign-in.
        var moved = await app.AsActorAsync("acme", Actor.Anonymous, sp => sp.GetRequiredService<BookingLedger>().RescheduleByLinkAsync(token, Day.AddHours(17)));
        Assert.True(moved.Succeeded);
        var update = await InvitationAsync(await MailAsync(guest, "Your booking has moved"));
        Assert.Equal((first.Event.Uid, "REQUEST", 1, Day.AddHours(17).UtcDateTime), (update.Event.Uid, update.Method, update.Event.Sequence, update.Event.Start!.AsUtc));

        var cancelled = await app.AsActorAsync("acme", Actor.Anonymous, sp => sp.GetRequiredService<BookingLedger>().ChangeByLinkAsync(token, BookingAction.Cancel, "Cancelled by the customer online."));
        Assert.True(cancelled.Succeeded);
        var withdrawal = await MailAsync(guest, "Your booking was cancelled");
        Assert.Equal(id, await BookingOfLinkAsync(withdrawal));
        var withdrawn = await InvitationAsync(withdrawal);
        Assert.Equal((first.Event.Uid, "CANCEL", 2, "CANCELLED"), (withdrawn.Event.Uid, withdrawn.Method, withdrawn.Event.Sequence, withdrawn.Event.Status));
    }

    [Fact]
    public async Task An_account_holder_gets_the_change_by_email_with_the_invitation_by_their_preference_and_once()
    {
        var seeded = await BookingTestData.SeedAsync(app);
        var (erinCustomer, erinUser) = await app.InTenantAsync("acme", async sp =>
        {
            var c = await sp.GetRequiredService<PlatformDbContext>().Customers.Where(c => c.Email == "erin@example.com").Select(c => new { c.Id, c.UserId }).SingleAsync();
            return (c.Id, c.UserId!.Value);
        });
        var placed = await app.InTenantAsync("acme", sp => sp.GetRequiredService<BookingLedger>().PlaceAsync(new PlaceBooking(seeded.Service, seeded.Provider, erinCustomer, Day.AddHours(8))));
        var id = placed.Value!.Id;
        var first = await InvitationAsync(await MailAsync("erin@example.com", "Booking confirmed", b => b == id));

        // Defaults (in-app and e-mail): the move is one e-mail, the one with the invitation, and one notification.
        using var api = app.CreateClientFor("http://acme.localhost/");
        api.DefaultRequestHeaders.Add("X-Api-Key", DemoAccounts.ApiKeys["acme"]);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync($"api/v1/bookings/{id}/reschedule", new { start = Day.AddHours(10) })).StatusCode);
        var moved = await InvitationAsync(await MailAsync("erin@example.com", "Your booking has moved", b => b == id));
        Assert.Equal((first.Event.Uid, 1), (moved.Event.Uid, moved.Event.Sequence));
        await app.AllDeliveredAsync();
        Assert.Single(await MailsAboutAsync("erin@example.com", id, "moved"));
        Assert.Single(await app.AllNotificationsAsync(), n => n.UserId == erinUser && n.Title == "Your booking has moved");

        // In-app only: the cancellation is in the bell, not in the inbox.
        Assert.True((await app.AsActorAsync("acme", Actor.Customer(erinUser), sp => sp.GetRequiredService<NotificationPreferences>().SaveMineAsync(NotificationKinds.BookingChanged, NotificationChannels.InApp))).Succeeded);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync($"api/v1/bookings/{id}/cancel", new { reason = "Closed" })).StatusCode);
        await app.AllDeliveredAsync();
        Assert.Contains(await app.AllNotificationsAsync(), n => n.UserId == erinUser && n.Title == "Your booking was cancelled");
        Assert.Empty(await MailsAboutAsync("erin@example.com", id, "cancelled"));
    }

    [Fact]
    public async Task A_redelivered_change_emails_the_guest_once()
    {
        var seeded = await BookingTestData.SeedAsync(app);
        var (guest, id) = await GuestBooksAsync(seeded, Day.AddHours(19));
        await MailAsync(guest, "Booking confirmed");
        using var api = app.CreateClientFor("http://acme.localhost/");
        api.DefaultRequestHeaders.Add("X-Api-Key", DemoAccounts.ApiKeys["acme"]);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync($"api/v1/bookings/{id}/cancel", new { reason = "Closed" })).StatusCode);
        await MailAsync(guest, "Your booking was cancelled");
        await app.AllDeliveredAsync();

        // Handled again from the start, as after a crash before the record that it was done: the event, then its sends.
        await app.ReopenAsync(m => m.Type == "booking.cancelled" && m.Payload.Contains(id.ToString()));
        await app.AllDeliveredAsync();
        await app.ReopenAsync(m => m.Type == "message.send" && m.Payload.Contains(guest));
        await app.AllDeliveredAsync();

        Assert.Single(Mailbox.To(app.MailFolder, guest), m => m.Subject!.StartsWith("Your booking was cancelled", StringComparison.Ordinal));
        Assert.Equal(2, Mailbox.To(app.MailFolder, guest).Count);
    }

    [Fact]
    public async Task Managers_hear_of_new_bookings_on_the_team_in_the_app_and_by_email_naming_the_customer_with_a_link()
    {
        var seeded = await BookingTestData.SeedAsync(app);
        var manager = await app.UserIdAsync("acme", "manager@acme.test");
        var (guest, id) = await GuestBooksAsync(seeded, Day.AddHours(21), "Nora Newcomer");

        await Eventually.HoldsAsync(async () => (await app.AllNotificationsAsync()).Any(n => n.UserId == manager && n.Kind == NotificationKinds.BookingTeamCreated
            && n.Title == "New booking: Nora Newcomer" && n.Link!.EndsWith($"&booking={id}", StringComparison.Ordinal)), "the manager is told in the app");
        var mail = await MailAsync("manager@acme.test", "New booking: Nora Newcomer");
        Assert.Contains("Customer: Nora Newcomer", mail.TextBody, StringComparison.Ordinal);
        var link = Mailbox.Link(mail, "/app/calendar");
        Assert.Equal("acme.localhost", link.Host);
        Assert.EndsWith($"&booking={id}", link.Query, StringComparison.Ordinal);
        Assert.Contains("#1565C0", mail.HtmlBody, StringComparison.Ordinal); // acme's colour frames it

        // A booking the manager makes is not news to them; globex's managers hear nothing of acme's bookings.
        using var staff = await app.SignedInAsync("http://acme.localhost/", "manager@acme.test");
        var own = await staff.PostAsJsonAsync("api/v1/bookings", new { serviceId = seeded.Service, customerId = seeded.Customer, start = Day.AddHours(23) });
        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
        await app.AllDeliveredAsync();
        Assert.DoesNotContain(await app.AllNotificationsAsync(), n => n.UserId == manager && n.Kind == NotificationKinds.BookingTeamCreated && n.Title == "New booking: Pat Parallel");
        var globexManager = await app.UserIdAsync("globex", "manager@globex.test");
        Assert.DoesNotContain(await app.AllNotificationsAsync(), n => n.UserId == globexManager && n.Title.Contains("Nora Newcomer", StringComparison.Ordinal));
        Assert.DoesNotContain(Mailbox.To(app.MailFolder, "manager@globex.test"), m => m.Subject!.Contains("Nora Newcomer", StringComparison.Ordinal));
    }

    /// <summary>A guest (no account) books on the portal with an address of this test's own.</summary>
    private async Task<(string Email, Guid BookingId)> GuestBooksAsync(SeededBooking seeded, DateTimeOffset start, string name = "Greta Guest")
    {
        var email = $"guest-{Guid.NewGuid():N}@example.com";
        var placed = await app.AsActorAsync("acme", Actor.Anonymous, sp => sp.GetRequiredService<PortalBookings>().PlaceAsync(
            seeded.Service, seeded.Provider, start, new GuestDetails(name, email, null, "", "Europe/Berlin")));
        Assert.True(placed.Succeeded, string.Join("; ", placed.Errors.SelectMany(e => e.Value)));
        return (email, placed.Value!.Id);
    }

    private async Task<MimeMessage> MailAsync(string to, string subject, Func<Guid?, bool>? about = null)
    {
        if (about is null)
        {
            return await Mailbox.WaitForLatestAsync(app.MailFolder, to, subject);
        }

        MimeMessage? found = null;
        await Eventually.HoldsAsync(async () =>
        {
            List<MimeMessage> inbox;
            try
            {
                inbox = [.. Mailbox.To(app.MailFolder, to)];
            }
            catch (Exception e) when (e is IOException or FormatException)
            {
                return false; // a message still being written: read again
            }

            foreach (var mail in inbox.Where(m => m.Subject!.Contains(subject, StringComparison.Ordinal)).Reverse())
            {
                if (about(await BookingOfLinkAsync(mail)))
                {
                    found = mail;
                    return true;
                }
            }

            return false;
        }, $"an e-mail '{subject}' to {to}");
        return found!;
    }

    private async Task<List<MimeMessage>> MailsAboutAsync(string to, Guid bookingId, string subject)
    {
        var about = new List<MimeMessage>();
        foreach (var mail in Mailbox.To(app.MailFolder, to).Where(m => m.Subject!.Contains(subject, StringComparison.Ordinal)))
        {
            if (await BookingOfLinkAsync(mail) == bookingId)
            {
                about.Add(mail);
            }
        }

        return about;
    }

    private static MimePart Attachment(MimeMessage mail)
    {
        var attachment = Assert.Single(mail.Attachments.OfType<MimePart>());
        Assert.Equal(BookingCalendarFile.FileName, attachment.FileName);
        return attachment;
    }

    /// <summary>The invitation an e-mail carries: the calendar's METHOD and its one event.</summary>
    public static async Task<(string Method, Ical.Net.CalendarComponents.CalendarEvent Event)> InvitationAsync(MimeMessage mail)
    {
        using var content = new MemoryStream();
        await Attachment(mail).Content!.DecodeToAsync(content);
        var calendar = Ical.Net.Calendar.Load(Encoding.UTF8.GetString(content.ToArray()))!;
        return (calendar.Method ?? "", Assert.Single(calendar.Events));
    }

    private static string TokenOf(MimeMessage mail)
    {
        var link = ManageLink().Match(mail.TextBody ?? "");
        Assert.True(link.Success, mail.TextBody);
        return Uri.UnescapeDataString(link.Groups["token"].Value);
    }

    private Task<Guid?> BookingOfLinkAsync(MimeMessage mail)
    {
        var token = TokenOf(mail);
        return app.InTenantAsync("acme", sp => Task.FromResult(sp.GetRequiredService<BookingLinks>().BookingIdFrom(token)));
    }

    [GeneratedRegex(@"https?://acme\.localhost(:\d+)?/booking/manage\?token=(?<token>[^\s)]+)")]
    private static partial Regex ManageLink();
}

public sealed class CustomerChangeEmailSqliteTests(QuickDispatchSqliteApp app) : CustomerChangeEmailTests(app), IClassFixture<QuickDispatchSqliteApp>;

public sealed class CustomerChangeEmailPostgresTests(QuickDispatchPostgresApp app) : CustomerChangeEmailTests(app), IClassFixture<QuickDispatchPostgresApp>;
