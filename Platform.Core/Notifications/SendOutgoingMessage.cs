using Platform.Core.Events;

namespace Platform.Core.Notifications;

/// <summary>An e-mail or SMS of a notification, queued in the outbox so a failed send is retried and never lost.</summary>
[MessageType("message.send")]
public sealed record SendOutgoingMessage(Guid TenantId, OutgoingMessage Message) : IOutboxMessage
{
    /// <summary>
    /// The delivery key when an outbox handler queued it (the same however often that handler runs for its event): a message
    /// whose key went out already is not sent again. Null: the key is this message's own.
    /// </summary>
    public string? DedupeKey { get; init; }
}
