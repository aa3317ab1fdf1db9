using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Core.Common;
using Platform.Core.Events;
using Platform.Core.Identity;
using Platform.Core.Notifications;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Events;

namespace Platform.Infrastructure.Notifications;

/// <summary>
/// Turns booking events into notifications: the provider hears of new, cancelled and moved bookings on their
/// calendar, managers of new bookings on the team and of bookings waiting for approval, customers with a portal
/// account of confirmations and changes (in-app, text and push by their preferences; their e-mail, with the updated
/// invitation, is <see cref="Bookings.BookingConfirmations"/>', which also tells guests). Nobody is told here of what they
/// did themselves. Staff messages name the customer and link to the booking on the calendar. Runs in the event's tenant
/// scope, after the commit.
/// </summary>
public sealed class BookingNotifications(PlatformDbContext db, NotificationPublisher publisher, ITenantContext tenantContext, ILogger<BookingNotifications> logger) :
    IMessageHandler<BookingCreated>,
    IMessageHandler<BookingConfirmed>,
    IMessageHandler<BookingRejected>,
    IMessageHandler<BookingCancelled>,
    IMessageHandler<BookingRescheduled>
{
    public async Task HandleAsync(BookingCreated e, CancellationToken ct)
    {
        if (await FactsAsync(e, ct) is not { } f)
        {
            return;
        }

        await ToProviderAsync(e, f, NotificationKinds.BookingCreated, $"New booking: {f.Customer}", $"{f.Service} on {When(e.StartUtc, f.ProviderZone)}.", ct);
        if (e.Status != Core.Bookings.BookingStatus.Pending)
        {
            // Managers oversee every calendar; the provider and whoever booked it know already.
            await PublishAsync(new NotificationRequest(NotificationKinds.BookingTeamCreated, new NotificationAudience.Role(PlatformRoles.Manager),
                $"New booking: {f.Customer}", $"{f.Service} with {f.Provider} on {When(e.StartUtc, f.ProviderZone)}.", CalendarLink(e, f))
            {
                Values = Values(e, f, f.ProviderZone),
                Except = [.. new[] { f.ProviderUserId, e.ByUserId }.OfType<Guid>()],
            }, ct);
        }
        else
        {
            await PublishAsync(new NotificationRequest(NotificationKinds.BookingAwaitingApproval, new NotificationAudience.Role(PlatformRoles.Manager),
                $"Waiting for approval: {f.Customer}", $"{f.Service} with {f.Provider} on {When(e.StartUtc, f.ProviderZone)}.", CalendarLink(e, f))
            { Values = Values(e, f, f.ProviderZone) }, ct);
        }
    }

    public async Task HandleAsync(BookingConfirmed e, CancellationToken ct)
    {
        if (await FactsAsync(e, ct) is { } f)
        {
            await ToCustomerAsync(e, f, NotificationKinds.BookingConfirmed, "Your booking is confirmed", $"{f.Service} with {f.Provider} on {When(e.StartUtc, f.CustomerZone)}.", ct);
        }
    }

    public async Task HandleAsync(BookingRejected e, CancellationToken ct)
    {
        if (await FactsAsync(e, ct) is { } f)
        {
            await ToCustomerAsync(e, f, NotificationKinds.BookingChanged, "Your booking request was declined",
                $"{f.Service} on {When(e.StartUtc, f.CustomerZone)}: {e.Reason}", ct);
        }
    }

    public async Task HandleAsync(BookingCancelled e, CancellationToken ct)
    {
        if (await FactsAsync(e, ct) is not { } f)
        {
            return;
        }

        await ToProviderAsync(e, f, NotificationKinds.BookingCancelled, $"Cancelled: {f.Customer}", $"{f.Service} on {When(e.StartUtc, f.ProviderZone)}. Reason: {e.Reason}", ct);
        await ToCustomerAsync(e, f, NotificationKinds.BookingChanged, "Your booking was cancelled", $"{f.Service} on {When(e.StartUtc, f.CustomerZone)}. Reason: {e.Reason}", ct);
    }

    public async Task HandleAsync(BookingRescheduled e, CancellationToken ct)
    {
        if (await FactsAsync(e, ct) is not { } f)
        {
            return;
        }

        await ToProviderAsync(e, f, NotificationKinds.BookingRescheduled, $"Moved: {f.Customer}",
            $"{f.Service} is now on {When(e.StartUtc, f.ProviderZone)} (was {When(e.PreviousStartUtc, f.ProviderZone)}).", ct);
        await ToCustomerAsync(e, f, NotificationKinds.BookingChanged, "Your booking has moved",
            $"{f.Service} with {f.Provider} is now on {When(e.StartUtc, f.CustomerZone)}.", ct);
    }

    /// <summary>The names and zones a message needs; null when the booking is gone (nothing to tell).</summary>
    private Task<Facts?> FactsAsync(BookingEvent e, CancellationToken ct) =>
        (from b in db.Bookings.AsNoTracking().Where(b => b.Id == e.BookingId)
         join s in db.Services on b.ServiceId equals s.Id
         join p in db.Providers on b.ProviderId equals p.Id
         join c in db.Customers on b.CustomerId equals c.Id
         select new Facts(s.Name, p.DisplayName, p.UserId, p.TimeZone, c.Name, c.UserId, c.TimeZone)).FirstOrDefaultAsync(ct);

    private Task ToProviderAsync(BookingEvent e, Facts f, string kind, string title, string body, CancellationToken ct) =>
        f.ProviderUserId is { } user && user != e.ByUserId
            ? PublishAsync(new NotificationRequest(kind, new NotificationAudience.User(user), title, body, CalendarLink(e, f)) { Values = Values(e, f, f.ProviderZone) }, ct)
            : Task.CompletedTask;

    private Task ToCustomerAsync(BookingEvent e, Facts f, string kind, string title, string body, CancellationToken ct) =>
        f.CustomerUserId is { } user && user != e.ByUserId
            ? PublishAsync(new NotificationRequest(kind, new NotificationAudience.User(user), title, body, "my/bookings")
            {
                Values = Values(e, f, f.CustomerZone),
                // The customer's e-mail carries the updated invitation: BookingConfirmations sends it, guests' too.
                Without = NotificationChannels.Email,
            }, ct)
            : Task.CompletedTask;

    private async Task PublishAsync(NotificationRequest request, CancellationToken ct)
    {
        var outcome = await publisher.PublishAsync(request, ct);
        if (!outcome.Succeeded)
        {
            // A recipient who left the tenant is not a reason to retry the event forever.
            logger.LogWarning("Booking notification {Kind} not published: {Errors}", request.Kind, string.Join("; ", outcome.Errors.SelectMany(x => x.Value)));
        }
    }

    /// <summary>The booking on the staff calendar: its day, and its id for the calendar to open it.</summary>
    private static string CalendarLink(BookingEvent e, Facts f) =>
        $"app/calendar?date={TimeZoneInfo.ConvertTime(e.StartUtc, TimeZoneInfo.FindSystemTimeZoneById(f.ProviderZone)):yyyy-MM-dd}&booking={e.BookingId:D}";

    /// <summary>"Monday, December 7 at 9:00 AM" in the tenant's culture, in <paramref name="zone"/>.</summary>
    private string When(DateTimeOffset utc, string zone)
    {
        var culture = TenantCultures.Of(tenantContext.Tenant?.Culture);
        var local = TimeZoneInfo.ConvertTime(utc, TimeZoneInfo.FindSystemTimeZoneById(zone)).DateTime;
        return $"{LocalText.DayName(local, culture)} at {LocalText.Time(local, culture)}";
    }

    private Dictionary<string, string> Values(BookingEvent e, Facts f, string zone) => new()
    {
        ["service"] = f.Service,
        ["provider"] = f.Provider,
        ["customer"] = f.Customer,
        ["start"] = When(e.StartUtc, zone),
    };

    private sealed record Facts(string Service, string Provider, Guid? ProviderUserId, string ProviderZone, string Customer, Guid? CustomerUserId, string CustomerZone);
}

public static class BookingNotificationRegistration
{
    /// <summary>The notifications of booking events, and the customer's e-mail of every step with its updated invitation.</summary>
    public static IServiceCollection AddBookingNotifications(this IServiceCollection services) => services
        .AddMessageHandler<BookingCreated, BookingNotifications>()
        .AddMessageHandler<BookingCreated, Bookings.BookingConfirmations>()
        .AddMessageHandler<BookingConfirmed, BookingNotifications>()
        .AddMessageHandler<BookingConfirmed, Bookings.BookingConfirmations>()
        .AddMessageHandler<BookingRejected, BookingNotifications>()
        .AddMessageHandler<BookingRejected, Bookings.BookingConfirmations>()
        .AddMessageHandler<BookingCancelled, BookingNotifications>()
        .AddMessageHandler<BookingCancelled, Bookings.BookingConfirmations>()
        .AddMessageHandler<BookingRescheduled, BookingNotifications>()
        .AddMessageHandler<BookingRescheduled, Bookings.BookingConfirmations>();
}
