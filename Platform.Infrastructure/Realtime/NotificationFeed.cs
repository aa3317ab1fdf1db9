namespace Platform.Infrastructure.Realtime;

/// <summary>
/// A circuit's live feed of its user's notifications. Scoped: one per circuit, listening for one
/// (tenant, user) at a time, and it stops listening when the circuit (its scope) ends.
/// </summary>
public sealed class NotificationFeed(NotificationListeners listeners) : IDisposable
{
    private readonly List<Func<NotificationSignal, Task>> _handlers = [];
    private readonly Lock _gate = new();
    private IDisposable? _subscription;
    private (Guid Tenant, Guid User)? _listeningFor;

    /// <summary>Starts listening for the user (once per circuit) and calls <paramref name="handler"/> for each new notification.</summary>
    public IDisposable Listen(Guid tenantId, Guid userId, Func<NotificationSignal, Task> handler)
    {
        lock (_gate)
        {
            if (_listeningFor is { } current && current != (tenantId, userId))
            {
                throw new InvalidOperationException("A circuit listens for one user only.");
            }

            if (_subscription is null)
            {
                _listeningFor = (tenantId, userId);
                _subscription = listeners.Add(tenantId, userId, DispatchAsync);
            }

            _handlers.Add(handler);
        }

        return new Handle(this, handler);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _handlers.Clear();
            _subscription?.Dispose();
            _subscription = null;
        }
    }

    private async Task DispatchAsync(NotificationSignal signal)
    {
        Func<NotificationSignal, Task>[] handlers;
        lock (_gate)
        {
            handlers = [.. _handlers];
        }

        foreach (var handler in handlers)
        {
            await handler(signal);
        }
    }

    private void Remove(Func<NotificationSignal, Task> handler)
    {
        lock (_gate)
        {
            _handlers.Remove(handler);
        }
    }

    private sealed class Handle(NotificationFeed feed, Func<NotificationSignal, Task> handler) : IDisposable
    {
        public void Dispose() => feed.Remove(handler);
    }
}
