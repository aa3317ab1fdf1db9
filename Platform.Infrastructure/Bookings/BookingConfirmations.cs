using System.Globalization;
using System.Text;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Core.Bookings;
using Platform.Core.Common;
using Platform.Core.Email;
using Platform.Core.Events;
using Platform.Core.Notifications;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Notifications;

namespace Platform.Infrastructure.Bookings;

/// <summary>
/// Signed links that let a customer (a guest too) manage one booking: tenant-bound, tamper-proof
/// (data protection) and expiring a day after the booking ends.
/// </summary>
public sealed class BookingLinks(IDataProtectionProvider protection, ITenantContext tenantContext, TimeProvider clock)
{
    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector("Platform.Bookings.ManageLink").ToTimeLimitedDataProtector();

    public string TokenFor(Booking booking) =>
        _protector.Protect($"{booking.TenantId:N}:{booking.Id:N}", booking.EndUtc.AddDays(1));

    /// <summary>The manage page of <paramref name="booking"/> under the tenant's address <paramref name="root"/>, as e-mails carry it.</summary>
    public string ManageUrl(Uri root, Booking booking) =>
        new Uri(root, $"{BookingConfirmations.ManagePath}?token={Uri.EscapeDataString(TokenFor(booking))}").AbsoluteUri;

    /// <summary>The booking id a token names, when it is genuine, unexpired and of the current tenant.</summary>
    public Guid? BookingIdFrom(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || tenantContext.TenantId is not { } tenantId)
        {
            return null;
        }

        try
        {
            var payload = _protector.Unprotect(token, out var expires);
            var parts = payload.Split(':');
            return expires > clock.GetUtcNow() && parts.Length == 2 && Guid.TryParseExact(parts[0], "N", out var tenant) && tenant == tenantId
                   && Guid.TryParseExact(parts[1], "N", out var booking)
                ? booking
                : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}

/// <summary>
/// What a calendar invitation says of its booking at one moment: the time, whether it still takes place, and its
/// <see cref="Sequence"/> (0 for the first invitation, one more for each change since), so a calendar that has the
/// invitation replaces it with a newer one of the same UID and ignores an older.
/// </summary>
public sealed record InvitationState(DateTimeOffset StartUtc, DateTimeOffset EndUtc, BookingStatus Status, int Sequence, DateTimeOffset Stamp)
{
    /// <summary>Cancelled or declined: the invitation is withdrawn (<c>METHOD:CANCEL</c>).</summary>
    public bool Withdrawn => Status is BookingStatus.Cancelled or BookingStatus.Rejected;
}

/// <summary>
/// The booking as a calendar invitation (RFC 5545/5546), in UTC so every calendar shows it at the right local time. Its UID
/// is the booking's id in every version: <c>METHOD:REQUEST</c> with a higher <c>SEQUENCE</c> moves it, <c>METHOD:CANCEL</c>
/// with <c>STATUS:CANCELLED</c> takes it out of the calendar.
/// </summary>
public static class BookingCalendarFile
{
    public const string FileName = "booking.ics";

    /// <summary>The first invitation of a booking as it is now.</summary>
    public static byte[] Create(Booking booking, string title, string organizer, string? manageUrl, string? address = null) =>
        Create(booking.Id, new InvitationState(booking.StartUtc, booking.EndUtc, booking.Status, 0, booking.CreatedAt), title, organizer, manageUrl, null, null, address);

    /// <summary>
    /// One version of the invitation; <paramref name="organizerEmail"/> and <paramref name="attendeeEmail"/> name the two sides
    /// when known. Its LOCATION is the tenant's business address on one line (calendars look it up on a map), or the
    /// organizer's name when the tenant has none.
    /// </summary>
    public static byte[] Create(Guid bookingId, InvitationState state, string title, string organizer, string? manageUrl, string? organizerEmail, string? attendeeEmail, string? address = null)
    {
        var calendar = new Ical.Net.Calendar();
        calendar.AddProperty("METHOD", state.Withdrawn ? "CANCEL" : "REQUEST");
        var evt = new CalendarEvent
        {
            Uid = bookingId.ToString("D"),
            Sequence = state.Sequence,
            Status = state.Withdrawn ? EventStatus.Cancelled : state.Status == BookingStatus.Pending ? EventStatus.Tentative : EventStatus.Confirmed,
            Summary = title,
            Description = manageUrl is null ? organizer : $"{organizer}\nChange or cancel: {manageUrl}",
            Location = BusinessAddress.OneLine(address) ?? organizer,
            Start = new CalDateTime(state.StartUtc.UtcDateTime, "UTC"),
            End = new CalDateTime(state.EndUtc.UtcDateTime, "UTC"),
            DtStamp = new CalDateTime(state.Stamp.UtcDateTime, "UTC"),
        };
        if (organizerEmail is not null)
        {
            evt.Organizer = new Organizer($"mailto:{organizerEmail}") { CommonName = organizer };
        }

        if (attendeeEmail is not null)
        {
            evt.Attendees.Add(new Attendee($"mailto:{attendeeEmail}") { ParticipationStatus = "ACCEPTED", Role = "REQ-PARTICIPANT" });
        }

        calendar.Events.Add(evt);
        return Encoding.UTF8.GetBytes(new CalendarSerializer().SerializeToString(calendar)!);
    }

    /// <summary>The attachment's content type, with the method a mail client reads to update its calendar.</summary>
    public static string ContentType(InvitationState state) => $"text/calendar; charset=utf-8; method={(state.Withdrawn ? "CANCEL" : "REQUEST")}";
}

/// <summary>
/// Tells the customer, guests included, of every step of their booking by e-mail, whoever took it and through whatever
/// channel (portal, manage link, calendar, API): made (the confirmation, or "request received" while it waits for
/// approval), approved, declined, moved, cancelled. Each e-mail is the tenant's template of its kind, framed in its
/// branding, with the signed manage link and the calendar invitation as it now stands (same UID, a higher SEQUENCE each
/// change, <c>METHOD:CANCEL</c> once it no longer takes place).
/// The confirmation of a new booking goes to everyone (<see cref="NotificationKinds.BookingConfirmation"/> has no
/// preference); the changes go to guests always and to account holders when their preference for
/// <see cref="NotificationKinds.BookingConfirmed"/> or <see cref="NotificationKinds.BookingChanged"/> holds e-mail (ADR 0015);
/// their other channels are <see cref="Notifications.BookingNotifications"/>'. The address is the customer record's.
/// Queued as outgoing messages with the handler run's key, so a redelivered event e-mails nobody twice (ADR 0017).
/// </summary>
public sealed class BookingConfirmations(
    IDbContextFactory<PlatformDbContext> contexts,
    NotificationTemplates templates,
    INotificationDelivery delivery,
    BookingLinks links,
    TenantAddresses addresses,
    ITenantContext tenantContext,
    IOptions<Email.EmailOptions> email,
    ILogger<BookingConfirmations> logger) :
    IMessageHandler<BookingCreated>,
    IMessageHandler<BookingConfirmed>,
    IMessageHandler<BookingRejected>,
    IMessageHandler<BookingCancelled>,
    IMessageHandler<BookingRescheduled>
{
    /// <summary>The portal page a manage link opens, relative to the tenant's address; the token is its query.</summary>
    public const string ManagePath = "booking/manage";

    public Task HandleAsync(BookingCreated e, CancellationToken ct) => e.Status == BookingStatus.Pending
        ? SendAsync(e, e.Status, new Change(NotificationKinds.BookingConfirmation, "Booking request received", t => $"{t} has your request and will confirm it shortly.") { Pending = true }, ct)
        : SendAsync(e, e.Status, new Change(NotificationKinds.BookingConfirmation, "Booking confirmed", t => $"Your booking with {t} is confirmed."), ct);

    public Task HandleAsync(BookingConfirmed e, CancellationToken ct) =>
        SendAsync(e, BookingStatus.Confirmed, new Change(NotificationKinds.BookingConfirmed, "Your booking is confirmed", t => $"{t} has confirmed your booking."), ct);

    public Task HandleAsync(BookingRejected e, CancellationToken ct) =>
        SendAsync(e, BookingStatus.Rejected, new Change(NotificationKinds.BookingChanged, "Your booking request was declined", t => $"{t} could not accept your booking request.") { Reason = e.Reason }, ct);

    public Task HandleAsync(BookingCancelled e, CancellationToken ct) =>
        SendAsync(e, BookingStatus.Cancelled, new Change(NotificationKinds.BookingChanged, "Your booking was cancelled", t => $"Your booking with {t} is cancelled.") { Reason = e.Reason }, ct);

    public Task HandleAsync(BookingRescheduled e, CancellationToken ct) =>
        SendAsync(e, e.Status, new Change(NotificationKinds.BookingChanged, "Your booking has moved", t => $"Your booking with {t} has moved to a new time.") { PreviousStartUtc = e.PreviousStartUtc }, ct);

    /// <summary>One step to tell: the template's kind, its title and sentence (given the tenant's name), and what else it shows.</summary>
    private sealed record Change(string Kind, string Title, Func<string, string> Body)
    {
        public bool Pending { get; init; }

        public string? Reason { get; init; }

        public DateTimeOffset? PreviousStartUtc { get; init; }
    }

    private async Task SendAsync(BookingEvent e, BookingStatus status, Change change, CancellationToken ct)
    {
        var tenant = tenantContext.Tenant ?? throw new InvalidOperationException("Booking e-mails belong to a tenant.");
        await using var db = await contexts.CreateDbContextAsync(ct);
        // The booking with the names the e-mail shows, in one read.
        var found = await (
            from b in db.Bookings.AsNoTracking()
            where b.Id == e.BookingId
            join s in db.Services on b.ServiceId equals s.Id
            join p in db.Providers on b.ProviderId equals p.Id
            join c in db.Customers on b.CustomerId equals c.Id
            select new { Booking = b, Service = s.Name, Provider = p.DisplayName, Customer = c }).SingleOrDefaultAsync(ct);
        if (found is null)
        {
            return; // gone before the event was handled: nothing to tell
        }

        var (booking, service, provider, customer) = (found.Booking, found.Service, found.Provider, found.Customer);
        if (string.IsNullOrWhiteSpace(customer.Email))
        {
            logger.LogInformation("Booking {BookingId} has no customer e-mail: {Kind} not sent", booking.Id, change.Kind);
            return;
        }

        var chosen = await ChosenChannelsAsync(db, customer, change.Kind, ct);
        if (chosen is { } channels && !channels.HasFlag(NotificationChannels.Email))
        {
            return;
        }

        var link = links.ManageUrl(await addresses.RootAsync(ct), booking);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(TimeZones.IsValidIana(customer.TimeZone) ? customer.TimeZone : tenant.TimeZone);
        string When(DateTimeOffset utc) => $"{LocalText.LongDateTime(TimeZoneInfo.ConvertTime(utc, zone).DateTime, TenantCultures.Of(tenant.Culture))} ({zone.Id})";
        var state = new InvitationState(e.StartUtc, e.EndUtc, status, await SequenceAsync(db, e, ct), e.OccurredAt);
        var values = new Dictionary<string, string>
        {
            ["recipient_name"] = customer.Name,
            ["tenant_name"] = tenant.Name,
            ["title"] = change.Title,
            ["body"] = change.Body(tenant.Name),
            ["url"] = link,
            ["service"] = service,
            ["provider"] = provider,
            ["customer"] = customer.Name,
            ["start"] = When(e.StartUtc),
            ["price"] = $"{booking.Price.Amount.ToString("0.00", CultureInfo.InvariantCulture)} {booking.Price.Currency}",
        };
        // Only set when they hold: Liquid's "if" holds for any string, the empty one too.
        if (change.Pending)
        {
            values["pending"] = "true";
        }

        if (state.Withdrawn)
        {
            values["cancelled"] = "true";
        }

        if (!string.IsNullOrWhiteSpace(change.Reason))
        {
            values["reason"] = change.Reason.Trim();
        }

        if (change.PreviousStartUtc is { } previous)
        {
            values["previous_start"] = When(previous);
        }

        if (BusinessAddress.OneLine(tenant.Address) is { } address)
        {
            values["address"] = address;
        }

        // A guest, or a message nobody chooses, has no settings for the footer to point at.
        var mail = await templates.RenderAsync(change.Kind, NotificationChannels.Email, values, await EmailBranding.ForAsync(tenant, db, ct), chosen is not null, ct);
        var ics = BookingCalendarFile.Create(booking.Id, state, $"{service} with {provider}", tenant.Name, link, email.Value.FromAddress, customer.Email, tenant.Address);
        await delivery.DeliverAsync(new OutgoingMessage(tenant.Id, NotificationChannels.Email, customer.Email, tenant.Name, mail.Subject, mail.Text, mail.Html)
        {
            Attachments = [new EmailAttachment(BookingCalendarFile.FileName, BookingCalendarFile.ContentType(state), ics)],
        }, ct);
    }

    /// <summary>
    /// The account holder's channels for the kind, or null when they have no choice: a guest gets every e-mail (no
    /// preferences, ADR 0015), and the confirmation of a new booking has no preference, so everyone gets it.
    /// </summary>
    private static async Task<NotificationChannels?> ChosenChannelsAsync(PlatformDbContext db, Customer customer, string kind, CancellationToken ct)
    {
        if (NotificationKinds.Find(kind) is not { HasPreference: true } info || customer.UserId is not { } userId
            || !await db.Users.AnyAsync(u => u.Id == userId, ct))
        {
            return null;
        }

        var channels = await NotificationPreferences.ForRecipientsAsync(db, info, [userId], ct);
        return channels[userId];
    }

    /// <summary>
    /// The invitation's SEQUENCE for this event: the number of changes the booking's history holds up to it (its creation
    /// is 0). The history only grows, so a redelivered event gets the same number and a later change a higher one.
    /// </summary>
    private static async Task<int> SequenceAsync(PlatformDbContext db, BookingEvent e, CancellationToken ct) =>
        e is BookingCreated ? 0 : Math.Max(0, await db.Set<BookingChange>().CountAsync(c => c.BookingId == e.BookingId && c.At <= e.OccurredAt, ct) - 1);
}
