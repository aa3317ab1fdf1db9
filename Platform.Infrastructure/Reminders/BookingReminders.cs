using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Platform.Core.Bookings;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Data;
using Quartz;

namespace Platform.Infrastructure.Reminders;

/// <summary>
/// Keeps each booking's reminder job in the persistent Quartz store in step with the booking: one job
/// per booking, at its start minus the tenant's offset, for confirmed future bookings only. It reads
/// the booking's current state rather than trusting an event's copy, so running it again, or for
/// events handled out of order, gives the same schedule.
/// </summary>
public sealed class BookingReminders(
    PlatformDbContext db,
    ReminderSettingsStore settings,
    ISchedulerFactory schedulers,
    ITenantContext tenantContext,
    TimeProvider clock,
    ILogger<BookingReminders> logger)
{
    public const string Group = "booking-reminders";

    public static JobKey JobOf(Guid bookingId) => new($"booking-{bookingId:N}", Group);

    /// <summary>Schedules, moves or removes the booking's reminder to match the booking as stored now.</summary>
    public async Task SyncAsync(Guid bookingId, CancellationToken ct = default)
    {
        var tenantId = tenantContext.TenantId ?? throw new InvalidOperationException("Reminders belong to a tenant.");
        var scheduler = await schedulers.GetScheduler(ct);
        var booking = await db.Bookings.AsNoTracking().FirstOrDefaultAsync(b => b.Id == bookingId, ct);
        var now = clock.GetUtcNow();
        var fireAt = booking is null ? now : booking.StartUtc - TimeSpan.FromHours(await settings.OffsetHoursAsync(ct));

        // Booked later than the offset before the start: the confirmation has just gone out, no reminder.
        // Reminded already for this start (before the offset changed, or by an earlier sync): not again.
        if (booking is null || booking.Status != BookingStatus.Confirmed || booking.StartUtc <= now || booking.CreatedAt > fireAt
            || await db.Set<SentReminder>().AnyAsync(s => s.BookingId == bookingId && s.StartUtc == booking.StartUtc, ct))
        {
            if (await scheduler.UnscheduleOnceAsync(JobOf(bookingId), ct))
            {
                logger.LogInformation("Reminder of booking {BookingId} removed", bookingId);
            }

            return;
        }

        // Due while nobody could send it (the event was handled late, or the booking moved into the window): send now.
        fireAt = fireAt < now ? now : fireAt;
        await scheduler.ScheduleOnceAsync<ReminderJob>(JobOf(bookingId), new Dictionary<string, string>
        {
            [ReminderJob.TenantKey] = tenantId.ToString(),
            [ReminderJob.BookingKey] = bookingId.ToString(),
            [ReminderJob.StartKey] = booking.StartUtc.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, fireAt, ct);
        logger.LogInformation("Reminder of booking {BookingId} scheduled at {FireAt}", bookingId, fireAt);
    }
}
