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
/// Fires once per booking (Quartz's clustered store gives each trigger to one node) and sends the
/// reminder through every <see cref="IReminderSender"/>, in the booking's tenant scope. A booking that
/// changed since the job was scheduled (cancelled, moved) gets nothing: its own sync replaced or removed the job.
/// A <see cref="SentReminder"/> written before sending makes a reminder go once per booking and start, however
/// often its job is scheduled again (a late event, a changed offset) or fired.
/// </summary>
[DisallowConcurrentExecution]
public sealed class ReminderJob(TenantScopeFactory tenantScopes, TimeProvider clock, ILogger<ReminderJob> logger) : IJob
{
    public const string TenantKey = "tenantId";
    public const string BookingKey = "bookingId";
    public const string StartKey = "startUtcTicks";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var data = context.MergedJobDataMap;
        var tenantId = Guid.Parse(data.GetString(TenantKey)!);
        var bookingId = Guid.Parse(data.GetString(BookingKey)!);
        var start = new DateTimeOffset(long.Parse(data.GetString(StartKey)!, CultureInfo.InvariantCulture), TimeSpan.Zero);

        var ct = cancellationToken;
        await using var scope = await tenantScopes.CreateAsync(tenantId, ct);
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var booking = await db.Bookings.AsNoTracking().FirstOrDefaultAsync(b => b.Id == bookingId, ct);
        if (booking is null || booking.Status != BookingStatus.Confirmed || booking.StartUtc != start)
        {
            logger.LogInformation("Reminder of booking {BookingId} of tenant {TenantId} skipped: the booking changed", bookingId, tenantId);
            return;
        }

        // Claim this booking's reminder for this start before sending: the unique key lets one firing through.
        var sent = new SentReminder { BookingId = bookingId, StartUtc = start, SentAt = clock.GetUtcNow() };
        db.Add(sent);
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

            logger.LogInformation("Reminder of booking {BookingId} of tenant {TenantId} skipped: it was sent already", bookingId, tenantId);
            return;
        }

        try
        {
            foreach (var sender in scope.ServiceProvider.GetServices<IReminderSender>())
            {
                await sender.SendAsync(booking, ct);
            }
        }
        catch
        {
            // Not sent: give the claim back, so a later sync of the booking may schedule it again.
            await db.Set<SentReminder>().Where(s => s.BookingId == bookingId && s.StartUtc == start).ExecuteDeleteAsync(CancellationToken.None);
            throw;
        }

        logger.LogInformation("Reminder of booking {BookingId} of tenant {TenantId} sent", bookingId, tenantId);
    }
}
