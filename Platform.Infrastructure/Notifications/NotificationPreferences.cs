using Microsoft.EntityFrameworkCore;
using Platform.Core.Common;
using Platform.Core.Errors;
using Platform.Core.Notifications;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Data;

namespace Platform.Infrastructure.Notifications;

/// <summary>One row of someone's preferences: a kind, the channels chosen, and whether they are still the defaults.</summary>
public sealed record NotificationPreferenceRow(NotificationKindInfo Kind, NotificationChannels Channels, bool IsDefault);

/// <summary>Each person's channels per kind of notification, in the current tenant; the kind's defaults until they choose.</summary>
public sealed class NotificationPreferences(IDbContextFactory<PlatformDbContext> contexts, ITenantContext tenantContext)
{
    public async Task<IReadOnlyList<NotificationPreferenceRow>> ForUserAsync(Guid userId, NotificationReaders readers, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var chosen = await db.Set<NotificationPreference>().AsNoTracking().Where(p => p.UserId == userId).ToDictionaryAsync(p => p.Kind, p => p.Channels, ct);
        return NotificationKinds.All
            .Where(k => k.HasPreference && (k.Readers & readers) != 0)
            .Select(k => chosen.TryGetValue(k.Kind, out var channels) ? new NotificationPreferenceRow(k, channels, false) : new NotificationPreferenceRow(k, k.Defaults, true))
            .ToList();
    }

    /// <summary>Stores the person's channels for one kind (browser needs in-app). The person must be of this tenant.</summary>
    public async Task<Outcome<NotificationChannels>> SaveAsync(Guid userId, string kind, NotificationChannels channels, CancellationToken ct = default)
    {
        var tenantId = tenantContext.TenantId ?? throw new InvalidOperationException("Preferences belong to a tenant.");
        if (NotificationKinds.Find(kind) is not { HasPreference: true })
        {
            return Outcome<NotificationChannels>.Fail("Kind", "There is no such kind of notification.");
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        if (!await db.Users.AnyAsync(u => u.Id == userId, ct))
        {
            return Outcome<NotificationChannels>.Fail(ErrorCodes.NotFound, "UserId", "There is no such person here.");
        }

        var normalized = await StageAsync(db, tenantId, userId, kind, channels, ct);
        await db.SaveChangesAsync(ct);
        return Outcome<NotificationChannels>.Ok(normalized);
    }

    /// <summary>Adds or changes one preference in <paramref name="db"/> without saving, so a caller can save several at once.</summary>
    internal static async Task<NotificationChannels> StageAsync(PlatformDbContext db, Guid tenantId, Guid userId, string kind, NotificationChannels channels, CancellationToken ct)
    {
        var normalized = NotificationKinds.Normalize(channels);
        var preference = await db.Set<NotificationPreference>().SingleOrDefaultAsync(p => p.UserId == userId && p.Kind == kind, ct);
        if (preference is null)
        {
            db.Add(new NotificationPreference { TenantId = tenantId, UserId = userId, Kind = kind, Channels = normalized });
        }
        else
        {
            preference.Channels = normalized;
        }

        return normalized;
    }

    /// <summary>The channels of each recipient for one kind, defaults filled in.</summary>
    internal static async Task<Dictionary<Guid, NotificationChannels>> ForRecipientsAsync(PlatformDbContext db, NotificationKindInfo kind, IReadOnlyCollection<Guid> userIds, CancellationToken ct)
    {
        var chosen = await db.Set<NotificationPreference>().AsNoTracking()
            .Where(p => p.Kind == kind.Kind && userIds.Contains(p.UserId))
            .ToDictionaryAsync(p => p.UserId, p => p.Channels, ct);
        return userIds.ToDictionary(id => id, id => chosen.TryGetValue(id, out var channels) ? channels : kind.Defaults);
    }
}
