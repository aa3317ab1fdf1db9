using System.Buffers.Text;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Platform.Core.Access;
using Platform.Core.Common;
using Platform.Core.Errors;
using Platform.Core.Events;
using Platform.Core.Notifications;
using Platform.Core.Push;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Events;

namespace Platform.Infrastructure.Notifications;

/// <summary>
/// The browsers that receive a person's notifications by Web Push. Rows are tenant-filtered and every read and
/// change is for the actor's own id (the signed-in person of the request or circuit, never an id the caller
/// passes), so nobody reaches another person's browsers; an actor who is not a person has none. A short-lived
/// context per call.
/// </summary>
public sealed class BrowserPushSubscriptions(IDbContextFactory<PlatformDbContext> contexts, ICurrentActor actors, IWebPushSender sender, TimeProvider clock)
{
    /// <summary>The key browsers subscribe with; null when this server has no VAPID keys (push is off).</summary>
    public string? PublicKey => sender.PublicKey;

    /// <summary>The actor's browsers, newest first.</summary>
    public async Task<IReadOnlyList<BrowserPushSubscription>> MineAsync(CancellationToken ct = default)
    {
        if (await PersonAsync(ct) is not { } userId)
        {
            return [];
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Set<BrowserPushSubscription>().AsNoTracking()
            .Where(s => s.UserId == userId)
            .OrderByDescending(s => s.CreatedAt)
            .ToListAsync(ct);
    }

    /// <summary>
    /// Stores the browser's subscription JSON (<c>PushSubscription.toJSON()</c>) for the person. The same
    /// browser subscribing again updates its row, and takes it over when another person of the tenant
    /// turned push on there before.
    /// </summary>
    public async Task<Outcome<BrowserPushSubscription>> SaveAsync(string subscriptionJson, string? userAgent, CancellationToken ct = default)
    {
        if (await PersonAsync(ct) is not { } userId)
        {
            return Outcome<BrowserPushSubscription>.Fail(ErrorCodes.Forbidden, "", "Only a signed-in person receives push notifications.");
        }

        if (PublicKey is null)
        {
            return Outcome<BrowserPushSubscription>.Fail(ErrorCodes.ValidationFailed, "Subscription", "Push notifications are not set up on this server.");
        }

        var parsed = subscriptionJson.Length > 4 * BrowserPushSubscription.MaxEndpointLength ? null : PushSubscription.FromJson(subscriptionJson);
        var problem = parsed is null ? "The browser sent something that is not a push subscription." : Problem(parsed);
        if (problem is not null)
        {
            return Outcome<BrowserPushSubscription>.Fail(ErrorCodes.ValidationFailed, "Subscription", problem);
        }

        var agent = string.IsNullOrWhiteSpace(userAgent) ? null : userAgent.Trim()[..Math.Min(userAgent.Trim().Length, BrowserPushSubscription.MaxUserAgentLength)];
        await using var db = await contexts.CreateDbContextAsync(ct);
        var row = await db.Set<BrowserPushSubscription>().FirstOrDefaultAsync(s => s.Endpoint == parsed!.Endpoint, ct);
        if (row is null)
        {
            row = new BrowserPushSubscription { Endpoint = parsed!.Endpoint, P256dh = parsed.P256dh, Auth = parsed.Auth };
            db.Add(row);
        }

        row.UserId = userId;
        row.P256dh = parsed!.P256dh;
        row.Auth = parsed.Auth;
        row.UserAgent = agent;
        row.CreatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return Outcome<BrowserPushSubscription>.Ok(row);
    }

    /// <summary>Removes one of the person's browsers; false when it is not theirs or is gone already.</summary>
    public async Task<bool> RemoveAsync(Guid subscriptionId, CancellationToken ct = default)
    {
        if (await PersonAsync(ct) is not { } userId)
        {
            return false;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Set<BrowserPushSubscription>().Where(s => s.UserId == userId && s.Id == subscriptionId).ExecuteDeleteAsync(ct) > 0;
    }

    /// <summary>Removes the person's subscription of the browser at hand (after it unsubscribed).</summary>
    public async Task<bool> RemoveEndpointAsync(string endpoint, CancellationToken ct = default)
    {
        if (await PersonAsync(ct) is not { } userId)
        {
            return false;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Set<BrowserPushSubscription>().Where(s => s.UserId == userId && s.Endpoint == endpoint).ExecuteDeleteAsync(ct) > 0;
    }

    private async Task<Guid?> PersonAsync(CancellationToken ct) => (await actors.GetAsync(ct)).UserId;

    private static string? Problem(PushSubscription subscription)
    {
        if (subscription.Endpoint.Length > BrowserPushSubscription.MaxEndpointLength)
        {
            return $"The push service address is longer than {BrowserPushSubscription.MaxEndpointLength} characters.";
        }

        var endpoint = new Uri(subscription.Endpoint);
        // Push services are on the internet over HTTPS; plain HTTP only for one on this machine (development and tests).
        if (endpoint.Scheme != Uri.UriSchemeHttps && !(endpoint.IsLoopback || IPAddress.TryParse(endpoint.Host, out var ip) && IPAddress.IsLoopback(ip)))
        {
            return "The push service address must use https.";
        }

        if (!TryDecode(subscription.P256dh, out var key) || key.Length != 65 || key[0] != 0x04)
        {
            return "The browser's push key is not a P-256 public key.";
        }

        if (!TryDecode(subscription.Auth, out var auth) || auth.Length != 16)
        {
            return "The browser's push secret is not 16 bytes.";
        }

        return null;
    }

    private static bool TryDecode(string base64Url, out byte[] bytes)
    {
        bytes = base64Url.Length <= 200 && Base64Url.IsValid(base64Url) ? Base64Url.DecodeFromChars(base64Url) : [];
        return bytes.Length > 0;
    }
}

/// <summary>
/// Pushes one stored notification to one browser. A subscription or notification deleted meanwhile is
/// nothing to do; a push service that says the subscription is gone deletes it; other failures throw, so
/// the outbox tries again later. A push that went out is recorded, so a redelivery after a crash does not push it again.
/// </summary>
public sealed class SendBrowserPushHandler(PlatformDbContext db, IWebPushSender sender, SentMessages sent, OutboxHandling handling, ILogger<SendBrowserPushHandler> logger) : IMessageHandler<SendBrowserPush>
{
    public async Task HandleAsync(SendBrowserPush message, CancellationToken ct)
    {
        var subscription = await db.Set<BrowserPushSubscription>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == message.SubscriptionId, ct);
        var notification = subscription is null || sender.PublicKey is null
            ? null
            : await db.Set<Notification>().AsNoTracking().FirstOrDefaultAsync(n => n.Id == message.NotificationId && n.UserId == subscription.UserId, ct);
        if (subscription is null || notification is null)
        {
            // Removed, moved to another person, or push switched off since it was queued.
            return;
        }

        var push = new PushNotification(notification.Title, notification.Body, notification.Link ?? "app/notifications", notification.Id.ToString("N"));
        var delivery = PushDelivery.Delivered;
        await sent.SendOnceAsync(handling.KeyFor($"push:{subscription.Id:N}"), "Push", async token =>
            delivery = await sender.SendAsync(subscription.ToSubscription(), push, TimeSpan.FromHours(12), cancellationToken: token), ct);
        if (delivery == PushDelivery.Gone)
        {
            await db.Set<BrowserPushSubscription>().Where(s => s.Id == subscription.Id).ExecuteDeleteAsync(ct);
            logger.LogInformation("Push subscription {SubscriptionId} is gone; removed", subscription.Id);
        }
    }
}
