using Platform.Core.Events;
using Platform.Infrastructure.Data;

namespace Platform.Infrastructure.Events;

/// <summary>Enqueues a message into the scope's DbContext: it is written by the next save, in that save's transaction.</summary>
public sealed class Outbox(PlatformDbContext db, TimeProvider clock) : IOutbox
{
    public void Enqueue(IOutboxMessage message) => db.OutboxMessages.Add(Row(message, clock.GetUtcNow()));

    /// <summary>The row that stores a message.</summary>
    public static OutboxMessage Row(IOutboxMessage message, DateTimeOffset now)
    {
        if (message.TenantId == Guid.Empty)
        {
            throw new InvalidOperationException($"A {message.GetType().Name} must name its tenant.");
        }

        return new OutboxMessage
        {
            TenantId = message.TenantId,
            Type = MessageTypeAttribute.NameOf(message.GetType()),
            Payload = MessageTypes.Serialize(message),
            CreatedAt = now,
        };
    }
}
