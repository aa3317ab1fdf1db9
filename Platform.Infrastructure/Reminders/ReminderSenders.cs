using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Platform.Core.Bookings;
using Platform.Core.Email;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Data;

namespace Platform.Infrastructure.Reminders;

/// <summary>
/// One way of reminding a customer of a booking, run in the booking's tenant scope. E-mail is the
/// one there is; an SMS sender that honours the customer's notification preferences is the seam
/// for the notification center: register another <see cref="IReminderSender"/>.
/// </summary>
public interface IReminderSender
{
    Task SendAsync(Booking booking, CancellationToken ct);
}

/// <summary>The reminder e-mail: what, with whom, when in the customer's time zone.</summary>
public sealed class EmailReminderSender(PlatformDbContext db, IEmailSender email, ITenantContext tenantContext) : IReminderSender
{
    public async Task SendAsync(Booking booking, CancellationToken ct)
    {
        var tenant = tenantContext.Tenant ?? throw new InvalidOperationException("Reminders belong to a tenant.");
        var service = await db.Services.AsNoTracking().Where(s => s.Id == booking.ServiceId).Select(s => s.Name).SingleAsync(ct);
        var provider = await db.Providers.AsNoTracking().Where(p => p.Id == booking.ProviderId).Select(p => p.DisplayName).SingleAsync(ct);
        var customer = await db.Customers.AsNoTracking().SingleAsync(c => c.Id == booking.CustomerId, ct);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(TimeZones.IsValidIana(customer.TimeZone) ? customer.TimeZone : tenant.TimeZone);
        var when = $"{TimeZoneInfo.ConvertTime(booking.StartUtc, zone).ToString("dddd d MMMM yyyy, HH:mm", CultureInfo.InvariantCulture)} ({zone.Id})";
        var html = $"""
            <p>Hello {WebUtility.HtmlEncode(customer.Name)},</p>
            <p>A reminder of your booking with {WebUtility.HtmlEncode(tenant.Name)}:</p>
            <p><strong>{WebUtility.HtmlEncode(service)}</strong> with {WebUtility.HtmlEncode(provider)}<br>{WebUtility.HtmlEncode(when)}</p>
            <p>We look forward to seeing you.</p>
            """;
        var text = $"Hello {customer.Name},\n\nA reminder of your booking with {tenant.Name}:\n\n{service} with {provider}\n{when}\n\nWe look forward to seeing you.\n";
        await email.SendAsync(new EmailMessage(customer.Email, $"Reminder: {service} on {when}", html, text) { FromName = tenant.Name }, ct);
    }
}
