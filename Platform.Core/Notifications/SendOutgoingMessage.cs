using Platform.Core.Events;

namespace Platform.Core.Notifications;

/// <summary>An e-mail or SMS of a notification, queued in the outbox so a failed send is retried and never lost.</summary>
[MessageType("message.send")]
public sealed record SendOutgoingMessage(Guid TenantId, OutgoingMessage Message) : IOutboxMessage;
