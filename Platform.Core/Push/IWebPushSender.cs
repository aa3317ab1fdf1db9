namespace Platform.Core.Push;

/// <summary>
/// Sends a notification to a browser through its Web Push subscription (VAPID, RFC 8292; payload encrypted
/// per RFC 8291). Returns <see cref="PushDelivery.Gone"/> when the subscription no longer exists; throws
/// <see cref="PushDeliveryException"/> for other refusals.
/// </summary>
public interface IWebPushSender
{
    /// <summary>The VAPID public key (base64url) a browser subscribes with (<c>applicationServerKey</c>), or null when push is not configured.</summary>
    string? PublicKey { get; }

    Task<PushDelivery> SendAsync(
        PushSubscription subscription,
        PushNotification notification,
        TimeSpan? timeToLive = null,
        PushUrgency urgency = PushUrgency.Normal,
        CancellationToken cancellationToken = default);
}
