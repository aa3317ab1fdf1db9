using Microsoft.EntityFrameworkCore;
using Platform.Core.Common;
using Platform.Core.Notifications;
using Platform.Infrastructure.Data;

namespace Platform.Infrastructure.Notifications;

/// <summary>
/// A person's own notifications in the current tenant: what the bell, the notifications page and the API
/// show. Every query is filtered by the tenant (query filter) and by the person, so another person's
/// notification id is simply not there.
/// </summary>
public interface INotificationInbox
{
    /// <summary>One page, newest first; optionally the unread ones only.</summary>
    Task<Page<NotificationItem>> PageAsync(Guid userId, PageRequest page, bool unreadOnly = false, CancellationToken ct = default);

    /// <summary>How many of the person's notifications are unread.</summary>
    Task<int> UnreadCountAsync(Guid userId, CancellationToken ct = default);

    /// <summary>False when the person has no notification with this id.</summary>
    Task<bool> MarkReadAsync(Guid userId, Guid notificationId, CancellationToken ct = default);

    /// <summary>Marks every unread notification of the person read; returns how many.</summary>
    Task<int> MarkAllReadAsync(Guid userId, CancellationToken ct = default);
}

/// <inheritdoc />
public sealed class NotificationInbox(IDbContextFactory<PlatformDbContext> contexts, TimeProvider clock) : INotificationInbox
{
    public async Task<Page<NotificationItem>> PageAsync(Guid userId, PageRequest page, bool unreadOnly = false, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var mine = db.Set<Notification>().AsNoTracking().Where(n => n.UserId == userId);
        var listed = unreadOnly ? mine.Where(n => n.ReadAt == null) : mine;
        var total = await listed.CountAsync(ct);
        var items = await listed
            .OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Skip(page.Skip).Take(page.Size)
            .Select(n => new NotificationItem(n.Id, n.Kind, n.Title, n.Body, n.Link, n.CreatedAt, n.ReadAt != null))
            .ToListAsync(ct);
        return Page<NotificationItem>.Of(items, page, total);
    }

    public async Task<int> UnreadCountAsync(Guid userId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Set<Notification>().CountAsync(n => n.UserId == userId && n.ReadAt == null, ct);
    }

    public async Task<bool> MarkReadAsync(Guid userId, Guid notificationId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var notification = await db.Set<Notification>().SingleOrDefaultAsync(n => n.Id == notificationId && n.UserId == userId, ct);
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

    public async Task<int> MarkAllReadAsync(Guid userId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        DateTimeOffset? now = clock.GetUtcNow();
        // The tenant query filter applies to bulk updates too.
        return await db.Set<Notification>().Where(n => n.UserId == userId && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
    }
}
