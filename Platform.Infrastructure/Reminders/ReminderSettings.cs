using Microsoft.EntityFrameworkCore;
using Platform.Core.Common;
using Platform.Core.Errors;
using Platform.Core.Events;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Data;

namespace Platform.Infrastructure.Reminders;

/// <summary>A tenant's reminder settings; a tenant without a row uses the defaults.</summary>
public sealed class ReminderSettings : ITenantOwned
{
    public const int DefaultOffsetHours = 24;
    public const int MinOffsetHours = 1;
    public const int MaxOffsetHours = 168;

    public Guid TenantId { get; init; }

    /// <summary>How long before a confirmed booking starts its reminder goes out.</summary>
    public int OffsetHours { get; set; } = DefaultOffsetHours;
}

/// <summary>
/// The reminder of one booking at one start time was sent (or is being sent): written by the job before it
/// sends, unique per booking and start, so a second firing (another node, a late re-sync, a changed offset)
/// finds it and sends nothing. A booking moved to another time may get a reminder for its new time.
/// </summary>
public sealed class SentReminder : ITenantOwned
{
    public Guid TenantId { get; init; }

    public Guid BookingId { get; init; }

    public DateTimeOffset StartUtc { get; init; }

    public DateTimeOffset SentAt { get; init; }
}

/// <summary>Reads and changes the current tenant's reminder offset (App → Settings → Reminders).</summary>
public sealed class ReminderSettingsStore(PlatformDbContext db, IOutbox outbox, ITenantContext tenantContext)
{
    public async Task<int> OffsetHoursAsync(CancellationToken ct = default) =>
        await db.Set<ReminderSettings>().AsNoTracking().Select(s => (int?)s.OffsetHours).FirstOrDefaultAsync(ct) ?? ReminderSettings.DefaultOffsetHours;

    /// <summary>
    /// Saves a new offset and, in the same transaction, asks for the reminders already scheduled to move to it
    /// (<see cref="ResyncReminders"/>), so every confirmed future booking of the tenant follows the new offset.
    /// </summary>
    public async Task<Outcome<int>> SetOffsetHoursAsync(int hours, CancellationToken ct = default)
    {
        if (hours is < ReminderSettings.MinOffsetHours or > ReminderSettings.MaxOffsetHours)
        {
            return Outcome<int>.Fail(ErrorCodes.ValidationFailed, nameof(ReminderSettings.OffsetHours),
                $"Send reminders {ReminderSettings.MinOffsetHours} to {ReminderSettings.MaxOffsetHours} hours before a booking.");
        }

        var settings = await db.Set<ReminderSettings>().FirstOrDefaultAsync(ct);
        if ((settings?.OffsetHours ?? ReminderSettings.DefaultOffsetHours) == hours)
        {
            return Outcome<int>.Ok(hours);
        }

        if (settings is null)
        {
            db.Add(new ReminderSettings { OffsetHours = hours });
        }
        else
        {
            settings.OffsetHours = hours;
        }

        var tenantId = tenantContext.TenantId ?? throw new InvalidOperationException("Reminder settings belong to a tenant.");
        outbox.Enqueue(new ResyncReminders(tenantId));

        await db.SaveChangesAsync(ct);
        return Outcome<int>.Ok(hours);
    }
}
