using Platform.Core.Events;

namespace Platform.Infrastructure.Reminders;

/// <summary>
/// Asked, before the sweep (ADR 0034), for a tenant's scheduled reminders to move to a new offset. The sweep reads the
/// offset on every pass, so nothing moves any more; the type stays so that such messages still in an outbox are handled.
/// </summary>
[MessageType("reminders.resync")]
public sealed record ResyncReminders(Guid TenantId) : IOutboxMessage;

/// <summary>Nothing to do: the next sweep uses the tenant's new offset.</summary>
public sealed class ReminderResyncHandler : IMessageHandler<ResyncReminders>
{
    public Task HandleAsync(ResyncReminders message, CancellationToken ct) => Task.CompletedTask;
}
