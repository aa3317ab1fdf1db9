using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Platform.Infrastructure.Realtime;

/// <summary>
/// This node's listeners of one kind of signal, by key (a tenant, or a tenant's user). Whatever bus is in use delivers
/// here; a circuit adds a listener and removes it when it ends. A listener that is busy or gone (a browser closed before
/// its circuit dropped) holds up neither the publisher nor the other listeners.
/// </summary>
public sealed class ListenerSet<TKey, TSignal>(ILogger logger)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Listeners> _byKey = new();

    public IDisposable Add(TKey key, Func<TSignal, Task> listener)
    {
        _byKey.AddOrUpdate(key, _ => new([listener]), (_, current) => new([.. current.Items, listener]));
        return new Removal(() =>
        {
            while (_byKey.TryGetValue(key, out var current))
            {
                var remaining = current.Items.Where(l => l != listener).ToArray();
                var done = remaining.Length == 0
                    ? _byKey.TryRemove(new KeyValuePair<TKey, Listeners>(key, current))
                    : _byKey.TryUpdate(key, new(remaining), current);
                if (done)
                {
                    return;
                }
            }
        });
    }

    /// <summary>How many listeners this node has for a key (tests and diagnostics).</summary>
    public int CountFor(TKey key) => _byKey.TryGetValue(key, out var l) ? l.Items.Length : 0;

    /// <summary>Hands the signal to each listener of its key and returns without waiting for them.</summary>
    public void Dispatch(TKey key, TSignal signal)
    {
        if (_byKey.TryGetValue(key, out var listeners))
        {
            foreach (var listener in listeners.Items)
            {
                _ = Task.Run(() => NotifyAsync(listener, key, signal));
            }
        }
    }

    private async Task NotifyAsync(Func<TSignal, Task> listener, TKey key, TSignal signal)
    {
        try
        {
            await listener(signal);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "A listener of {Signal} for {Key} failed", typeof(TSignal).Name, key);
        }
    }

    private sealed record Listeners(Func<TSignal, Task>[] Items);

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
