using Microsoft.EntityFrameworkCore;
using Platform.Core.Access;
using Platform.Core.Common;
using Platform.Core.Notifications;
using Platform.Infrastructure.Data;

namespace Platform.Infrastructure.Notifications;

/// <summary>
/// The signed-in person's own notifications in the current tenant: what the bell, the notifications page and the
/// API show. The person is the actor of the request or circuit, never an id the caller passes; every query is
/// filtered by the tenant (query filter) and by that person, so another person's notification id is simply not
/// there, and an actor who is nobody (an API key, a guest) has none.
/// </summary>
public interface INotificationInbox
{
    /// <summary>One page, newest first; optionally the unread ones only.</summary>
    Task<Page<NotificationItem>> PageAsync(PageRequest page, bool unreadOnly = false, CancellationToken ct = default);

    /// <summary>How many of the person's notifications are unread.</summary>
    Task<int> UnreadCountAsync(CancellationToken ct = default);

    /// <summary>False when the person has no notification with this id.</summary>
    Task<bool> MarkReadAsync(Guid notificationId, CancellationToken ct = default);

    /// <summary>Marks every unread notification of the person read; returns how many.</summary>
    Task<int> MarkAllReadAsync(CancellationToken ct = default);
}

/// <inheritdoc />
public sealed class NotificationInbox(IDbContextFactory<PlatformDbContext> contexts, ICurrentActor actors, TimeProvider clock) : INotificationInbox
{
    public async Task<Page<NotificationItem>> PageAsync(PageRequest page, bool unreadOnly = false, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var mine = (await MineAsync(db, ct)).AsNoTracking();
        var listed = unreadOnly ? mine.Where(n => n.ReadAt == null) : mine;
        var total = await listed.CountAsync(ct);
        var items = await listed
            .OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Skip(page.Skip).Take(page.Size)
            .Select(n => new NotificationItem(n.Id, n.Kind, n.Title, n.Body, n.Link, n.CreatedAt, n.ReadAt != null))
            .ToListAsync(ct);
        return Page<NotificationItem>.Of(items, page, total);
    }

    public async Task<int> UnreadCountAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await (await MineAsync(db, ct)).CountAsync(n => n.ReadAt == null, ct);
    }

    public async Task<bool> MarkReadAsync(Guid notificationId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var notification = await (await MineAsync(db, ct)).SingleOrDefaultAsync(n => n.Id == notificationId, ct);
        if (notification is null)
        {
            return false;
        }

        if (notification.MarkRead(clock.GetUtcNow()))
        {
            await db.SaveChangesAsync(ct);
        }

        return true;
    }

    public async Task<int> MarkAllReadAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        DateTimeOffset? now = clock.GetUtcNow();
        // The tenant query filter applies to bulk updates too.
        return await (await MineAsync(db, ct)).Where(n => n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
    }

    /// <summary>The actor's notifications; none for an actor who is not a signed-in person.</summary>
    private async Task<IQueryable<Notification>> MineAsync(PlatformDbContext db, CancellationToken ct) =>
        (await actors.GetAsync(ct)).UserId is { } userId
            ? db.Set<Notification>().Where(n => n.UserId == userId)
            : db.Set<Notification>().Where(n => false);
}
