using Microsoft.EntityFrameworkCore;
using Platform.Core.Access;
using Platform.Core.Common;
using Platform.Core.Errors;
using Platform.Core.Notifications;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Data;

namespace Platform.Infrastructure.Notifications;

/// <summary>One row of someone's preferences: a kind, the channels chosen, and whether they are still the defaults.</summary>
public sealed record NotificationPreferenceRow(NotificationKindInfo Kind, NotificationChannels Channels, bool IsDefault);

/// <summary>
/// Each person's channels per kind of notification, in the current tenant; the kind's defaults until they choose.
/// A person reads and changes their own only: the id is the actor's (the signed-in person of the request or
/// circuit), never one the caller passes. Handlers read recipients' channels through <see cref="ForRecipientsAsync"/>.
/// </summary>
public sealed class NotificationPreferences(IDbContextFactory<PlatformDbContext> contexts, ICurrentActor actors, ITenantContext tenantContext)
{
    /// <summary>The actor's channels for the kinds that reach them (staff kinds for staff, customer kinds for customers); none for an actor who is not a person.</summary>
    public async Task<IReadOnlyList<NotificationPreferenceRow>> MineAsync(CancellationToken ct = default)
    {
        if (await actors.GetAsync(ct) is not { UserId: { } userId } actor)
        {
            return [];
        }

        return await ForPersonAsync(userId, ReadersOf(actor), ct);
    }

    /// <summary>Stores the actor's channels for one kind that reaches them (browser needs in-app).</summary>
    public async Task<Outcome<NotificationChannels>> SaveMineAsync(string kind, NotificationChannels channels, CancellationToken ct = default)
    {
        var tenantId = tenantContext.TenantId ?? throw new InvalidOperationException("Preferences belong to a tenant.");
        if (await actors.GetAsync(ct) is not { UserId: { } userId } actor)
        {
            return Outcome<NotificationChannels>.Fail(ErrorCodes.Forbidden, "", "Only a signed-in person has notification preferences.");
        }

        if (NotificationKinds.Find(kind) is not { HasPreference: true } info || (info.Readers & ReadersOf(actor)) == 0)
        {
            return Outcome<NotificationChannels>.Fail(ErrorCodes.ValidationFailed, "Kind", "There is no such kind of notification for you.");
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        if (!await db.Users.AnyAsync(u => u.Id == userId, ct))
        {
            return Outcome<NotificationChannels>.Fail(ErrorCodes.NotFound, "", "You are not a member of this business.");
        }

        var normalized = await StageAsync(db, tenantId, userId, kind, channels, ct);
        await db.SaveChangesAsync(ct);
        return Outcome<NotificationChannels>.Ok(normalized);
    }

    /// <summary>Staff read the kinds that reach staff; everyone else (customers) the customers' kinds.</summary>
    private static NotificationReaders ReadersOf(Actor actor) => actor.IsTenantStaff ? NotificationReaders.Staff : NotificationReaders.Customers;

    internal async Task<IReadOnlyList<NotificationPreferenceRow>> ForPersonAsync(Guid userId, NotificationReaders readers, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var chosen = await db.Set<NotificationPreference>().AsNoTracking().Where(p => p.UserId == userId).ToDictionaryAsync(p => p.Kind, p => p.Channels, ct);
        return NotificationKinds.All
            .Where(k => k.HasPreference && (k.Readers & readers) != 0)
            .Select(k => chosen.TryGetValue(k.Kind, out var channels) ? new NotificationPreferenceRow(k, channels, false) : new NotificationPreferenceRow(k, k.Defaults, true))
            .ToList();
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
