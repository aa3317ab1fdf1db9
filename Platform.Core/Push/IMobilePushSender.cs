namespace Platform.Core.Push;

/// <summary>A notification to one mobile app install, addressed by its FCM registration token.</summary>
public sealed record MobilePushMessage(string Token, string Title, string Body, IReadOnlyDictionary<string, string>? Data = null);

/// <summary>
/// Sends notifications to mobile apps through Firebase Cloud Messaging (HTTP v1 API). Returns
/// <see cref="PushDelivery.Gone"/> when the token is no longer registered; throws
/// <see cref="PushDeliveryException"/> for other refusals.
/// </summary>
public interface IMobilePushSender
{
    Task<PushDelivery> SendAsync(MobilePushMessage message, CancellationToken cancellationToken = default);
}
