using System.Globalization;

namespace Platform.Infrastructure.Realtime;

/// <summary>
/// The handlers one circuit has for one kind of signal, behind a single subscription to this node's listeners: made with
/// the first handler, given up when the circuit ends. Each handler stops hearing when its handle is disposed.
/// </summary>
/// <remarks>
/// A signal arrives on a thread of whoever published it, in its culture, and the component then renders in that flow:
/// each handler runs in the culture (formats of dates, times, money) the circuit had when it added the handler.
/// </remarks>
public sealed class CircuitHandlers<TSignal> : IDisposable
{
    private readonly List<Handler> _handlers = [];
    private readonly Lock _gate = new();
    private IDisposable? _subscription;

    /// <summary>Adds a handler; <paramref name="subscribe"/> is called (with the dispatcher) only if nothing is subscribed yet.</summary>
    public IDisposable Add(Func<Func<TSignal, Task>, IDisposable> subscribe, Func<TSignal, Task> handler)
    {
        lock (_gate)
        {
            _subscription ??= subscribe(DispatchAsync);
            _handlers.Add(new Handler(handler, CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture));
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

    private async Task DispatchAsync(TSignal signal)
    {
        Handler[] handlers;
        lock (_gate)
        {
            handlers = [.. _handlers];
        }

        foreach (var handler in handlers)
        {
            CultureInfo.CurrentCulture = handler.Culture;
            CultureInfo.CurrentUICulture = handler.UiCulture;
            await handler.Run(signal);
        }
    }

    private void Remove(Func<TSignal, Task> handler)
    {
        lock (_gate)
        {
            var at = _handlers.FindIndex(h => h.Run == handler);
            if (at >= 0)
            {
                _handlers.RemoveAt(at);
            }
        }
    }

    private sealed record Handler(Func<TSignal, Task> Run, CultureInfo Culture, CultureInfo UiCulture);

    private sealed class Handle(CircuitHandlers<TSignal> owner, Func<TSignal, Task> handler) : IDisposable
    {
        public void Dispose() => owner.Remove(handler);
    }
}
