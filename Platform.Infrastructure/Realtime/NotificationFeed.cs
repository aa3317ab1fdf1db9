namespace Platform.Infrastructure.Realtime;

/// <summary>
/// A circuit's live feed of its user's notifications. Scoped: one per circuit, listening for one
/// (tenant, user) at a time, and it stops listening when the circuit (its scope) ends.
/// </summary>
public sealed class NotificationFeed(NotificationListeners listeners) : IDisposable
{
    private readonly CircuitHandlers<NotificationSignal> _handlers = new();
    private readonly Lock _gate = new();
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

            _listeningFor = (tenantId, userId);
        }

        return _handlers.Add(dispatch => listeners.Add(tenantId, userId, dispatch), handler);
    }

    public void Dispose() => _handlers.Dispose();
}
