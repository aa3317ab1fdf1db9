using System.Collections.Concurrent;
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

/// <summary>
/// This node's listeners, by (tenant, user). Whatever bus is in use delivers here; a circuit adds a listener
/// for its own user and removes it when the circuit ends.
/// </summary>
public sealed class NotificationListeners(ILogger<NotificationListeners> logger)
{
    private readonly ConcurrentDictionary<(Guid Tenant, Guid User), ImmutableListeners> _byUser = new();

    /// <summary>The Redis channel of a tenant's notifications.</summary>
    public static string ChannelOf(Guid tenantId) => $"platform:tenant:{tenantId:N}:notifications";

    public IDisposable Add(Guid tenantId, Guid userId, Func<NotificationSignal, Task> listener)
    {
        var key = (tenantId, userId);
        _byUser.AddOrUpdate(key, _ => new([listener]), (_, current) => new([.. current.Items, listener]));
        return new Removal(() =>
        {
            while (_byUser.TryGetValue(key, out var current))
            {
                var remaining = current.Items.Where(l => l != listener).ToArray();
                var done = remaining.Length == 0
                    ? _byUser.TryRemove(new KeyValuePair<(Guid, Guid), ImmutableListeners>(key, current))
                    : _byUser.TryUpdate(key, new(remaining), current);
                if (done)
                {
                    return;
                }
            }
        });
    }

    /// <summary>How many listeners this node has for one person (tests and diagnostics).</summary>
    public int CountFor(Guid tenantId, Guid userId) => _byUser.TryGetValue((tenantId, userId), out var l) ? l.Items.Length : 0;

    /// <summary>
    /// Hands the signal to each listener of its (tenant, user) and returns without waiting for them: a circuit
    /// that is busy or gone (its browser closed, the circuit not yet dropped) must hold up neither the publisher
    /// nor the user's other tabs.
    /// </summary>
    public Task DispatchAsync(NotificationSignal signal)
    {
        if (_byUser.TryGetValue((signal.TenantId, signal.UserId), out var listeners))
        {
            foreach (var listener in listeners.Items)
            {
                _ = Task.Run(() => NotifyAsync(listener, signal));
            }
        }

        return Task.CompletedTask;
    }

    private async Task NotifyAsync(Func<NotificationSignal, Task> listener, NotificationSignal signal)
    {
        try
        {
            await listener(signal);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "A notification listener of user {UserId} in tenant {TenantId} failed", signal.UserId, signal.TenantId);
        }
    }

    private sealed record ImmutableListeners(Func<NotificationSignal, Task>[] Items);

    private sealed class Removal(Action remove) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                remove();
            }
        }
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
