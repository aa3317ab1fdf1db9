using Microsoft.Extensions.Logging;
using Platform.Core.Notifications;

namespace Platform.Infrastructure.Realtime;

/// <summary>A stored notification on its way to the open circuits of its recipient.</summary>
/// <param name="ShowInBrowser">The recipient wants a system notification when the app is in a background tab.</param>
public sealed record NotificationSignal(Guid TenantId, Guid UserId, NotificationItem Notification, bool ShowInBrowser);

/// <summary>
/// Carries stored notifications to every open circuit of their recipients: in process on one node, through
/// Redis pub/sub across nodes (<c>Redis:Connection</c>). Channel names carry the tenant id.
/// </summary>
public interface INotificationBus
{
    Task PublishAsync(IReadOnlyList<NotificationSignal> signals, CancellationToken ct = default);
}

/// <summary>This node's listeners of notifications, by (tenant, user); a circuit listens for its own user.</summary>
public sealed class NotificationListeners(ILogger<NotificationListeners> logger)
{
    private readonly ListenerSet<(Guid Tenant, Guid User), NotificationSignal> _listeners = new(logger);

    /// <summary>The Redis channel of a tenant's notifications.</summary>
    public static string ChannelOf(Guid tenantId) => RedisTenantTopic.ChannelOf(RedisNotificationBus.Topic, tenantId);

    public IDisposable Add(Guid tenantId, Guid userId, Func<NotificationSignal, Task> listener) => _listeners.Add((tenantId, userId), listener);

    /// <summary>How many listeners this node has for one person (tests and diagnostics).</summary>
    public int CountFor(Guid tenantId, Guid userId) => _listeners.CountFor((tenantId, userId));

    /// <summary>Hands the signal to each listener of its (tenant, user) and returns without waiting for them.</summary>
    public Task DispatchAsync(NotificationSignal signal)
    {
        _listeners.Dispatch((signal.TenantId, signal.UserId), signal);
        return Task.CompletedTask;
    }
}

/// <summary>One node: notifications go straight to this node's listeners.</summary>
public sealed class InProcessNotificationBus(NotificationListeners listeners) : INotificationBus
{
    public async Task PublishAsync(IReadOnlyList<NotificationSignal> signals, CancellationToken ct = default)
    {
        foreach (var signal in signals)
        {
            await listeners.DispatchAsync(signal);
        }
    }
}
