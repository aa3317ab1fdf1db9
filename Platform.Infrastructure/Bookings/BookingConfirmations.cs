using System.Globalization;
using System.Net;
using System.Text;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Platform.Core.Bookings;
using Platform.Core.Email;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Data;

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

/// <summary>Sends the customer the confirmation (or "awaiting approval") e-mail with the .ics and the manage link.</summary>
public sealed class BookingConfirmations(PlatformDbContext db, IEmailSender email, BookingLinks links, ITenantContext tenantContext)
{
    /// <param name="manageUrl">Absolute URL of the portal's manage page; the token is appended.</param>
    public async Task SendAsync(Guid bookingId, string manageUrl, CancellationToken ct = default)
    {
        var tenant = tenantContext.Tenant ?? throw new InvalidOperationException("Confirmations belong to a tenant.");
        var booking = await db.Bookings.AsNoTracking().SingleAsync(b => b.Id == bookingId, ct);
        var service = await db.Services.AsNoTracking().Where(s => s.Id == booking.ServiceId).Select(s => s.Name).SingleAsync(ct);
        var provider = await db.Providers.AsNoTracking().Where(p => p.Id == booking.ProviderId).Select(p => p.DisplayName).SingleAsync(ct);
        var customer = await db.Customers.AsNoTracking().SingleAsync(c => c.Id == booking.CustomerId, ct);

        var link = manageUrl + (manageUrl.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "token=" + Uri.EscapeDataString(links.TokenFor(booking));
        var zone = TimeZoneInfo.FindSystemTimeZoneById(TimeZones.IsValidIana(customer.TimeZone) ? customer.TimeZone : tenant.TimeZone);
        var local = TimeZoneInfo.ConvertTime(booking.StartUtc, zone);
        var when = $"{local.ToString("dddd d MMMM yyyy, HH:mm", CultureInfo.InvariantCulture)} ({zone.Id})";
        var pending = booking.Status == BookingStatus.Pending;
        var subject = pending ? $"Booking request received: {service}" : $"Booking confirmed: {service}";
        var lead = pending
            ? $"{tenant.Name} has your request and will confirm it shortly."
            : $"Your booking with {tenant.Name} is confirmed.";
        var html = $"""
            <p>Hello {WebUtility.HtmlEncode(customer.Name)},</p>
            <p>{WebUtility.HtmlEncode(lead)}</p>
            <p><strong>{WebUtility.HtmlEncode(service)}</strong> with {WebUtility.HtmlEncode(provider)}<br>{WebUtility.HtmlEncode(when)}<br>{booking.Price.Amount.ToString("0.00", CultureInfo.InvariantCulture)} {booking.Price.Currency}</p>
            <p><a href="{WebUtility.HtmlEncode(link)}">Change or cancel this booking</a></p>
            <p>The attached invitation adds it to your calendar.</p>
            """;
        var text = $"Hello {customer.Name},\n\n{lead}\n\n{service} with {provider}\n{when}\n{booking.Price}\n\nChange or cancel: {link}\n";
        var ics = BookingCalendarFile.Create(booking, $"{service} with {provider}", tenant.Name, link);
        await email.SendAsync(new EmailMessage(customer.Email, subject, html, text)
        {
            FromName = tenant.Name,
            Attachments = [new EmailAttachment("booking.ics", "text/calendar", ics)],
        }, ct);
    }
}
