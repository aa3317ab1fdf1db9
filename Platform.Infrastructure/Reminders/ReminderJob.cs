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
/// </summary>
[DisallowConcurrentExecution]
public sealed class ReminderJob(TenantScopeFactory tenantScopes, ILogger<ReminderJob> logger) : IJob
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

        foreach (var sender in scope.ServiceProvider.GetServices<IReminderSender>())
        {
            await sender.SendAsync(booking, ct);
        }

        logger.LogInformation("Reminder of booking {BookingId} of tenant {TenantId} sent", bookingId, tenantId);
    }
}
