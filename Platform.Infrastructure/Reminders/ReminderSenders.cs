using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Platform.Core.Bookings;
using Platform.Core.Email;
using Platform.Core.Notifications;
using Platform.Core.Sms;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Notifications;

namespace Platform.Infrastructure.Reminders;

/// <summary>
/// One way of reminding a customer of a booking, run in the booking's tenant scope. Each sender asks
/// <see cref="ReminderRecipient"/> whether the customer wants it: e-mail and SMS are the two there are.
/// </summary>
public interface IReminderSender
{
    Task SendAsync(Booking booking, CancellationToken ct);
}

/// <summary>
/// Who a reminder goes to and how: a guest by e-mail; a customer with a portal account by the channels
/// of their <see cref="NotificationKinds.BookingReminder"/> preference (e-mail until they choose).
/// </summary>
public sealed record ReminderRecipient(Customer Customer, NotificationChannels Channels, string? Phone, string Service, string Provider, string When, string TenantName)
{
    public static async Task<ReminderRecipient> ForAsync(PlatformDbContext db, ITenantContext tenantContext, Booking booking, CancellationToken ct)
    {
        var tenant = tenantContext.Tenant ?? throw new InvalidOperationException("Reminders belong to a tenant.");
        var service = await db.Services.AsNoTracking().Where(s => s.Id == booking.ServiceId).Select(s => s.Name).SingleAsync(ct);
        var provider = await db.Providers.AsNoTracking().Where(p => p.Id == booking.ProviderId).Select(p => p.DisplayName).SingleAsync(ct);
        var customer = await db.Customers.AsNoTracking().SingleAsync(c => c.Id == booking.CustomerId, ct);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(TimeZones.IsValidIana(customer.TimeZone) ? customer.TimeZone : tenant.TimeZone);
        var when = $"{TimeZoneInfo.ConvertTime(booking.StartUtc, zone).ToString("dddd d MMMM yyyy, HH:mm", CultureInfo.InvariantCulture)} ({zone.Id})";

        var channels = NotificationChannels.Email;
        var phone = customer.Phone;
        if (customer.UserId is { } userId)
        {
            var kind = NotificationKinds.Find(NotificationKinds.BookingReminder)!;
            channels = (await NotificationPreferences.ForRecipientsAsync(db, kind, [userId], ct))[userId];
            if (string.IsNullOrWhiteSpace(phone))
            {
                phone = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.PhoneNumber).SingleOrDefaultAsync(ct);
            }
        }

        return new ReminderRecipient(customer, channels, string.IsNullOrWhiteSpace(phone) ? null : phone.Trim(), service, provider, when, tenant.Name);
    }
}

/// <summary>The reminder e-mail: what, with whom, when in the customer's time zone; to guests, and to account holders who keep e-mail.</summary>
public sealed class EmailReminderSender(PlatformDbContext db, IEmailSender email, ITenantContext tenantContext) : IReminderSender
{
    public async Task SendAsync(Booking booking, CancellationToken ct)
    {
        var r = await ReminderRecipient.ForAsync(db, tenantContext, booking, ct);
        if (!r.Channels.HasFlag(NotificationChannels.Email))
        {
            return;
        }

        var html = $"""
            <p>Hello {WebUtility.HtmlEncode(r.Customer.Name)},</p>
            <p>A reminder of your booking with {WebUtility.HtmlEncode(r.TenantName)}:</p>
            <p><strong>{WebUtility.HtmlEncode(r.Service)}</strong> with {WebUtility.HtmlEncode(r.Provider)}<br>{WebUtility.HtmlEncode(r.When)}</p>
            <p>We look forward to seeing you.</p>
            """;
        var text = $"Hello {r.Customer.Name},\n\nA reminder of your booking with {r.TenantName}:\n\n{r.Service} with {r.Provider}\n{r.When}\n\nWe look forward to seeing you.\n";
        await email.SendAsync(new EmailMessage(r.Customer.Email, $"Reminder: {r.Service} on {r.When}", html, text) { FromName = r.TenantName }, ct);
    }
}

/// <summary>The reminder text message, to account holders who chose SMS for booking reminders and have a phone number.</summary>
public sealed class SmsReminderSender(PlatformDbContext db, ISmsSender sms, ITenantContext tenantContext) : IReminderSender
{
    public async Task SendAsync(Booking booking, CancellationToken ct)
    {
        var r = await ReminderRecipient.ForAsync(db, tenantContext, booking, ct);
        if (!r.Channels.HasFlag(NotificationChannels.Sms) || r.Phone is null)
        {
            return;
        }

        await sms.SendAsync(new SmsMessage(r.Phone, $"{r.TenantName}: reminder of {r.Service} with {r.Provider}, {r.When}."), ct);
    }
}
