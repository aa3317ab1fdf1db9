using Microsoft.EntityFrameworkCore;
using Platform.Core.Bookings;
using Platform.Core.Common;
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
/// of their <see cref="NotificationKinds.BookingReminder"/> preference (e-mail until they choose). The wording
/// is the tenant's template for the kind (the defaults in <see cref="DefaultTemplates"/> otherwise).
/// </summary>
public sealed record ReminderRecipient(Customer Customer, NotificationChannels Channels, string? Phone, TenantInfo Tenant, IReadOnlyDictionary<string, string> Values)
{
    public static async Task<ReminderRecipient> ForAsync(PlatformDbContext db, ITenantContext tenantContext, Booking booking, CancellationToken ct)
    {
        var tenant = tenantContext.Tenant ?? throw new InvalidOperationException("Reminders belong to a tenant.");
        var service = await db.Services.AsNoTracking().Where(s => s.Id == booking.ServiceId).Select(s => s.Name).SingleAsync(ct);
        var provider = await db.Providers.AsNoTracking().Where(p => p.Id == booking.ProviderId).Select(p => p.DisplayName).SingleAsync(ct);
        var customer = await db.Customers.AsNoTracking().SingleAsync(c => c.Id == booking.CustomerId, ct);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(TimeZones.IsValidIana(customer.TimeZone) ? customer.TimeZone : tenant.TimeZone);
        var when = $"{LocalText.LongDateTime(TimeZoneInfo.ConvertTime(booking.StartUtc, zone).DateTime, TenantCultures.Of(tenant.Culture))} ({zone.Id})";

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

        var values = new Dictionary<string, string>
        {
            ["recipient_name"] = customer.Name,
            ["tenant_name"] = tenant.Name,
            ["title"] = "Booking reminder",
            ["body"] = $"{service} with {provider}, {when}. We look forward to seeing you.",
            ["service"] = service,
            ["provider"] = provider,
            ["customer"] = customer.Name,
            ["start"] = when,
        };
        return new ReminderRecipient(customer, channels, string.IsNullOrWhiteSpace(phone) ? null : phone.Trim(), tenant, values);
    }
}

/// <summary>The reminder e-mail, in the tenant's colours; to guests, and to account holders who keep e-mail.</summary>
public sealed class EmailReminderSender(PlatformDbContext db, IEmailSender email, NotificationTemplates templates, ITenantContext tenantContext) : IReminderSender
{
    public async Task SendAsync(Booking booking, CancellationToken ct)
    {
        var r = await ReminderRecipient.ForAsync(db, tenantContext, booking, ct);
        if (!r.Channels.HasFlag(NotificationChannels.Email))
        {
            return;
        }

        var mail = await templates.RenderAsync(NotificationKinds.BookingReminder, NotificationChannels.Email, r.Values, await EmailBranding.ForAsync(r.Tenant, db, ct), ct);
        await email.SendAsync(new EmailMessage(r.Customer.Email, mail.Subject, mail.Html!, mail.Text) { FromName = r.Tenant.Name }, ct);
    }
}

/// <summary>The reminder text message, to account holders who chose SMS for booking reminders and have a phone number.</summary>
public sealed class SmsReminderSender(PlatformDbContext db, ISmsSender sms, NotificationTemplates templates, ITenantContext tenantContext) : IReminderSender
{
    public async Task SendAsync(Booking booking, CancellationToken ct)
    {
        var r = await ReminderRecipient.ForAsync(db, tenantContext, booking, ct);
        if (!r.Channels.HasFlag(NotificationChannels.Sms) || r.Phone is null)
        {
            return;
        }

        var text = await templates.RenderAsync(NotificationKinds.BookingReminder, NotificationChannels.Sms, r.Values, await EmailBranding.ForAsync(r.Tenant, db, ct), ct);
        await sms.SendAsync(new SmsMessage(r.Phone, text.Text), ct);
    }
}
