using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Core.Bookings;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Tenancy;
using Quartz;

namespace Platform.Infrastructure.Reminders;

/// <summary>
/// Sends one booking's reminder through every <see cref="IReminderSender"/>, in the booking's tenant scope. A booking that
/// changed since it was found due (cancelled, moved) gets nothing. A <see cref="SentReminder"/> written before sending
/// makes a reminder go once per booking and start, however many passes or nodes find it due.
/// </summary>
public static class ReminderDelivery
{
    /// <summary>Sends the reminder; false when the booking changed or another pass sent it first.</summary>
    public static async Task<bool> SendAsync(IServiceProvider tenantScope, Guid bookingId, DateTimeOffset start, CancellationToken ct)
    {
        var db = tenantScope.GetRequiredService<PlatformDbContext>();
        var clock = tenantScope.GetRequiredService<TimeProvider>();
        var logger = tenantScope.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ReminderDelivery));
        var booking = await db.Bookings.AsNoTracking().FirstOrDefaultAsync(b => b.Id == bookingId, ct);
        if (booking is null || booking.Status != BookingStatus.Confirmed || booking.StartUtc != start)
        {
            logger.LogInformation("Reminder of booking {BookingId} skipped: the booking changed", bookingId);
            return false;
        }

        // Claim this booking's reminder for this start before sending: the unique key lets one sender through.
        db.Add(new SentReminder { BookingId = bookingId, StartUtc = start, SentAt = clock.GetUtcNow() });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            if (!await db.Set<SentReminder>().AsNoTracking().AnyAsync(s => s.BookingId == bookingId && s.StartUtc == start, ct))
            {
                throw;
            }

            logger.LogInformation("Reminder of booking {BookingId} skipped: it was sent already", bookingId);
            return false;
        }

        try
        {
            foreach (var sender in tenantScope.GetServices<IReminderSender>())
            {
                await sender.SendAsync(booking, ct);
            }
        }
        catch
        {
            // Not sent: give the claim back, so a later pass sends it.
            await db.Set<SentReminder>().Where(s => s.BookingId == bookingId && s.StartUtc == start).ExecuteDeleteAsync(CancellationToken.None);
            throw;
        }

        logger.LogInformation("Reminder of booking {BookingId} sent", bookingId);
        return true;
    }
}

/// <summary>
/// A reminder job from before the sweep (ADR 0034), still in a job store written by an older version: it fires once and
/// sends through <see cref="ReminderDelivery"/>, which the sweep would have done too, at most once between them.
/// </summary>
[DisallowConcurrentExecution]
public sealed class ReminderJob(TenantScopeFactory tenantScopes) : IJob
{
    public const string TenantKey = "tenantId";
    public const string BookingKey = "bookingId";
    public const string StartKey = "startUtcTicks";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var data = context.MergedJobDataMap;
        await using var scope = await tenantScopes.CreateAsync(Guid.Parse(data.GetString(TenantKey)!), cancellationToken);
        await ReminderDelivery.SendAsync(scope.ServiceProvider, Guid.Parse(data.GetString(BookingKey)!),
            new DateTimeOffset(long.Parse(data.GetString(StartKey)!, CultureInfo.InvariantCulture), TimeSpan.Zero), cancellationToken);
    }
}
