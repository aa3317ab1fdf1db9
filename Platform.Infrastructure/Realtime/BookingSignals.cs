using Microsoft.Extensions.Logging;
using Platform.Core.Tenancy;
using StackExchange.Redis;

namespace Platform.Infrastructure.Realtime;

/// <summary>
/// What the open circuits of a tenant hear about one of its bookings (ADR 0038): that it changed, whoever changed it and
/// however (news for the calendar, the bookings list and a dialog that has it open), or who has it open in a dialog.
/// A signal is a nudge, never the data: a circuit that hears it reads again through the use cases, which decide what its
/// user may see.
/// </summary>
public sealed record BookingSignal(Guid TenantId, Guid BookingId)
{
    public BookingChangeNews? Change { get; init; }

    public BookingViewerNews? Viewer { get; init; }
}

/// <summary>A booking changed: the event's type (<c>booking.cancelled</c>), when, by whom (null: a guest or the system), and its times before and after.</summary>
public sealed record BookingChangeNews(string Type, DateTimeOffset At, Guid? ByUserId, DateTimeOffset StartUtc, DateTimeOffset EndUtc)
{
    /// <summary>Where a moved booking was before.</summary>
    public DateTimeOffset? PreviousStartUtc { get; init; }

    public DateTimeOffset? PreviousEndUtc { get; init; }

    /// <summary>Whether the booking was or is in the range: a view of the range shows something else now.</summary>
    public bool Touches(DateTimeOffset fromUtc, DateTimeOffset toUtc) =>
        (StartUtc < toUtc && EndUtc > fromUtc) || (PreviousStartUtc < toUtc && PreviousEndUtc > fromUtc);
}

/// <summary>Someone opened a booking's dialog (others answer <see cref="BookingViewerState.Here"/>), still has it open, or closed it.</summary>
public sealed record BookingViewerNews(Guid SeatId, Guid UserId, string Name, BookingViewerState State);

public enum BookingViewerState
{
    Opened,
    Here,
    Left,
}

/// <summary>Carries booking signals to every node's circuits of the tenant: in process on one node, through Redis pub/sub across nodes.</summary>
public interface IBookingSignals
{
    Task PublishAsync(BookingSignal signal);
}

/// <summary>This node's listeners of booking signals, by tenant.</summary>
public sealed class BookingListeners(ILogger<BookingListeners> logger)
{
    private readonly ListenerSet<Guid, BookingSignal> _listeners = new(logger);

    public IDisposable Add(Guid tenantId, Func<BookingSignal, Task> listener) => _listeners.Add(tenantId, listener);

    /// <summary>How many listeners this node has for a tenant (tests and diagnostics).</summary>
    public int CountFor(Guid tenantId) => _listeners.CountFor(tenantId);

    public Task DispatchAsync(BookingSignal signal)
    {
        _listeners.Dispatch(signal.TenantId, signal);
        return Task.CompletedTask;
    }
}

/// <summary>One node: signals go straight to this node's listeners.</summary>
public sealed class InProcessBookingSignals(BookingListeners listeners) : IBookingSignals
{
    public Task PublishAsync(BookingSignal signal) => listeners.DispatchAsync(signal);
}

/// <summary>Several nodes: a signal goes to its tenant's Redis channel, which every node (this one too) hears.</summary>
public sealed class RedisBookingSignals(IConnectionMultiplexer redis) : IBookingSignals
{
    public const string Topic = "bookings";

    public Task PublishAsync(BookingSignal signal) => RedisTenantTopic.PublishAsync(redis, Topic, signal.TenantId, signal);
}

/// <summary>Subscribes this node to every tenant's booking channel for as long as the app runs.</summary>
public sealed class RedisBookingSubscription(IConnectionMultiplexer redis, BookingListeners listeners, ILogger<RedisBookingSubscription> logger)
    : RedisTenantTopic<BookingSignal>(redis, RedisBookingSignals.Topic, logger)
{
    protected override Guid TenantOf(BookingSignal signal) => signal.TenantId;

    protected override Task DispatchAsync(BookingSignal signal) => listeners.DispatchAsync(signal);
}

/// <summary>
/// A circuit's booking signals: of its own tenant only, heard while it has a handler, sent only on its own tenant's
/// channel. Scoped: one per circuit; it stops listening when the circuit (its scope) ends.
/// </summary>
public sealed class BookingFeed(BookingListeners listeners, IBookingSignals signals, ITenantContext tenant, ILogger<BookingFeed> logger) : IDisposable
{
    private readonly CircuitHandlers<BookingSignal> _handlers = new();

    private Guid TenantId => tenant.TenantId ?? throw new InvalidOperationException("Booking signals belong to a tenant.");

    /// <summary>Calls <paramref name="handler"/> for every signal about the tenant's bookings until the returned handle is disposed.</summary>
    public IDisposable Listen(Func<BookingSignal, Task> handler)
    {
        var tenantId = TenantId;
        return _handlers.Add(dispatch => listeners.Add(tenantId, dispatch), handler);
    }

    /// <summary>Sends a signal about one of the tenant's bookings; a failure (Redis away) is logged, the caller goes on.</summary>
    public async Task SendAsync(Guid bookingId, BookingViewerNews viewer)
    {
        try
        {
            await signals.PublishAsync(new BookingSignal(TenantId, bookingId) { Viewer = viewer });
        }
        catch (Exception e) when (e is RedisException or ObjectDisposedException or TimeoutException)
        {
            logger.LogWarning(e, "Could not say who has booking {BookingId} open", bookingId);
        }
    }

    public void Dispose() => _handlers.Dispose();
}
