using Microsoft.EntityFrameworkCore;
using Platform.Core.Access;
using Platform.Core.Common;
using Platform.Core.Errors;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Access;
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
/// The reminder of one booking at one start time was sent (or is being sent): written before it is sent, unique per
/// booking and start, so a second sender (another node's sweep, an overlapping pass) finds it and sends nothing. A
/// booking moved to another time may get a reminder for its new time.
/// </summary>
public sealed class SentReminder : ITenantOwned
{
    public Guid TenantId { get; init; }

    public Guid BookingId { get; init; }

    public DateTimeOffset StartUtc { get; init; }

    public DateTimeOffset SentAt { get; init; }
}

/// <summary>
/// Reads and changes the current tenant's reminder offset (App → Settings → Reminders), a short-lived context per call.
/// Anyone may read it (jobs do); only the tenant's admins change it.
/// </summary>
public sealed class ReminderSettingsStore(IDbContextFactory<PlatformDbContext> contexts, ICurrentActor actors)
{
    public async Task<int> OffsetHoursAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Set<ReminderSettings>().AsNoTracking().Select(s => (int?)s.OffsetHours).FirstOrDefaultAsync(ct) ?? ReminderSettings.DefaultOffsetHours;
    }

    /// <summary>Saves a new offset; the next sweep uses it for every confirmed future booking of the tenant.</summary>
    public async Task<Outcome<int>> SetOffsetHoursAsync(int hours, CancellationToken ct = default)
    {
        if (!(await actors.GetAsync(ct)).IsTenantAdmin)
        {
            return Refusals.Forbidden<int>("Only the tenant's admins change when reminders go out.");
        }

        if (hours is < ReminderSettings.MinOffsetHours or > ReminderSettings.MaxOffsetHours)
        {
            return Outcome<int>.Fail(ErrorCodes.ValidationFailed, nameof(ReminderSettings.OffsetHours),
                $"Send reminders {ReminderSettings.MinOffsetHours} to {ReminderSettings.MaxOffsetHours} hours before a booking.");
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
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

        await db.SaveChangesAsync(ct);
        return Outcome<int>.Ok(hours);
    }
}
