using Platform.Core.Events;

namespace Platform.Core.Notifications;

/// <summary>A stored notification to push to one browser subscription, queued in the outbox so a failed send is retried.</summary>
[MessageType("push.send")]
public sealed record SendBrowserPush(Guid TenantId, Guid SubscriptionId, Guid NotificationId) : IOutboxMessage;
