namespace Platform.Core.Push;

/// <summary>
/// What a push notification shows: the service worker displays <paramref name="Title"/> and <paramref name="Body"/>
/// and opens <paramref name="Url"/> (relative to the tenant's address, or absolute) when it is clicked.
/// Notifications with the same <paramref name="Tag"/> replace each other on the device.
/// </summary>
public sealed record PushNotification(string Title, string Body, string? Url = null, string? Tag = null);

/// <summary>How a push service should treat a message (RFC 8030 <c>Urgency</c>).</summary>
public enum PushUrgency
{
    VeryLow,
    Low,
    Normal,
    High,
}

/// <summary>What became of a push message the push service answered.</summary>
public enum PushDelivery
{
    /// <summary>The push service accepted it.</summary>
    Delivered,

    /// <summary>The subscription or device token no longer exists (HTTP 404/410, FCM <c>UNREGISTERED</c>): delete it.</summary>
    Gone,
}
