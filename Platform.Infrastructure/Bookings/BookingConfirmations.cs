using System.Globalization;
using System.Text;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Platform.Core.Bookings;
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

/// <summary>The booking as a calendar invitation (RFC 5545), in UTC so every calendar shows it at the right local time.</summary>
public static class BookingCalendarFile
{
    public static byte[] Create(Booking booking, string title, string organizer, string? manageUrl)
    {
        var calendar = new Ical.Net.Calendar();
        calendar.AddProperty("METHOD", "PUBLISH");
        calendar.Events.Add(new CalendarEvent
        {
            Uid = booking.Id.ToString("D"),
            Summary = title,
            Description = manageUrl is null ? organizer : $"{organizer}\nChange or cancel: {manageUrl}",
            Location = organizer,
            Start = new CalDateTime(booking.StartUtc.UtcDateTime, "UTC"),
            End = new CalDateTime(booking.EndUtc.UtcDateTime, "UTC"),
            DtStamp = new CalDateTime(booking.CreatedAt.UtcDateTime, "UTC"),
        });
        return Encoding.UTF8.GetBytes(new CalendarSerializer().SerializeToString(calendar)!);
    }
}

/// <summary>
/// Sends the customer the confirmation (or, while it waits for approval, "request received") e-mail of every new booking,
/// whatever made it (portal, phone, API, later workflows): a handler of <see cref="BookingCreated"/>, so each booking gets
/// it once. The wording is the tenant's <see cref="NotificationKinds.BookingConfirmation"/> template; the .ics invitation
/// is attached and the signed manage link points at the tenant's own address. Guests get it too: it goes to the
/// customer record's e-mail. It is queued as an outgoing message, so a failed send is retried.
/// </summary>
public sealed class BookingConfirmations(
    IDbContextFactory<PlatformDbContext> contexts,
    NotificationTemplates templates,
    INotificationDelivery delivery,
    BookingLinks links,
    TenantAddresses addresses,
    ITenantContext tenantContext,
    ILogger<BookingConfirmations> logger) : IMessageHandler<BookingCreated>
{
    /// <summary>The portal page a manage link opens, relative to the tenant's address; the token is its query.</summary>
    public const string ManagePath = "booking/manage";

    public async Task HandleAsync(BookingCreated e, CancellationToken ct)
    {
        var tenant = tenantContext.Tenant ?? throw new InvalidOperationException("Confirmations belong to a tenant.");
        await using var db = await contexts.CreateDbContextAsync(ct);
        var booking = await db.Bookings.AsNoTracking().SingleOrDefaultAsync(b => b.Id == e.BookingId, ct);
        if (booking is null)
        {
            return; // gone before the event was handled: nothing to confirm
        }

        var service = await db.Services.AsNoTracking().Where(s => s.Id == booking.ServiceId).Select(s => s.Name).SingleAsync(ct);
        var provider = await db.Providers.AsNoTracking().Where(p => p.Id == booking.ProviderId).Select(p => p.DisplayName).SingleAsync(ct);
        var customer = await db.Customers.AsNoTracking().SingleAsync(c => c.Id == booking.CustomerId, ct);
        if (string.IsNullOrWhiteSpace(customer.Email))
        {
            logger.LogInformation("Booking {BookingId} has no customer e-mail: no confirmation sent", booking.Id);
            return;
        }

        var link = new Uri(await addresses.RootAsync(ct), $"{ManagePath}?token={Uri.EscapeDataString(links.TokenFor(booking))}").AbsoluteUri;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(TimeZones.IsValidIana(customer.TimeZone) ? customer.TimeZone : tenant.TimeZone);
        var when = $"{TimeZoneInfo.ConvertTime(booking.StartUtc, zone).ToString("dddd d MMMM yyyy, HH:mm", CultureInfo.InvariantCulture)} ({zone.Id})";
        // The wording of the moment it was made: a request confirmed since still was a request when it arrived.
        var pending = e.Status == BookingStatus.Pending;
        var values = new Dictionary<string, string>
        {
            ["recipient_name"] = customer.Name,
            ["tenant_name"] = tenant.Name,
            ["title"] = pending ? "Booking request received" : "Booking confirmed",
            ["body"] = pending ? $"{tenant.Name} has your request and will confirm it shortly." : $"Your booking with {tenant.Name} is confirmed.",
            ["url"] = link,
            ["service"] = service,
            ["provider"] = provider,
            ["customer"] = customer.Name,
            ["start"] = when,
            ["price"] = $"{booking.Price.Amount.ToString("0.00", CultureInfo.InvariantCulture)} {booking.Price.Currency}",
        };
        if (pending)
        {
            // Only set while pending: Liquid's "if" holds for any string, the empty one too.
            values["pending"] = "true";
        }

        var mail = await templates.RenderAsync(NotificationKinds.BookingConfirmation, NotificationChannels.Email, values, await EmailBranding.ForAsync(tenant, db, ct), ct);
        var ics = BookingCalendarFile.Create(booking, $"{service} with {provider}", tenant.Name, link);
        await delivery.DeliverAsync(new OutgoingMessage(tenant.Id, NotificationChannels.Email, customer.Email, tenant.Name, mail.Subject, mail.Text, mail.Html)
        {
            Attachments = [new EmailAttachment("booking.ics", "text/calendar", ics)],
        }, ct);
    }
}
