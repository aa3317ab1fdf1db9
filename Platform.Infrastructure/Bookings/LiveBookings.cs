using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Platform.Core.Access;
using Platform.Core.Events;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Identity;
using Platform.Infrastructure.Realtime;
using StackExchange.Redis;

namespace Platform.Infrastructure.Bookings;

/// <summary>Someone else who has a booking open.</summary>
public sealed record BookingViewerName(Guid UserId, string Name);

/// <summary>An open booking dialog, told who else has the booking open and that the booking changed.</summary>
public interface IBookingViewer
{
    /// <summary>Everyone else (other people, not this person's other tabs) who has the booking open now, by name.</summary>
    void Viewers(IReadOnlyList<BookingViewerName> others);

    /// <summary>The booking changed (someone else, the portal, the API or a workflow): read it again before anything is decided on it.</summary>
    Task ChangedAsync(BookingChangeNews change);
}

/// <summary>
/// The live side of the staff's bookings in a circuit (ADR 0038): news of every change of the tenant's bookings, for the
/// calendar and the bookings list to read again, and who else has a booking open. What a reader then sees is read
/// through <see cref="StaffCalendar"/>, which decides; a signal carries no booking's data.
/// </summary>
public sealed class LiveBookings(BookingFeed feed, StaffCalendar calendar, ICurrentActor actors, IDbContextFactory<PlatformDbContext> contexts, TimeProvider clock)
{
    /// <summary>How often an open dialog says it is still open; three missed beats and it is taken for closed.</summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(20);

    /// <summary>Calls <paramref name="changed"/> for every change of a booking of the tenant, until disposed.</summary>
    public IDisposable OnChanges(Func<BookingChangeNews, Task> changed) =>
        feed.Listen(signal => signal.Change is { } change ? changed(change) : Task.CompletedTask);

    /// <summary>
    /// Opens a booking for viewing by the actor: the others who have it open are told, and <paramref name="viewer"/> hears
    /// of them and of the booking's changes until the viewing is disposed. Null when the actor does not see the booking.
    /// </summary>
    public async Task<BookingViewing?> ViewAsync(Guid bookingId, IBookingViewer viewer, CancellationToken ct = default)
    {
        var actor = await actors.GetAsync(ct);
        if (actor.UserId is not { } userId || !await calendar.SeesAsync(bookingId, ct))
        {
            return null;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var me = new BookingViewerNews(Guid.NewGuid(), userId, await db.DisplayNameAsync(userId, ct), BookingViewerState.Opened);
        var viewing = new BookingViewing(feed, bookingId, me, viewer, clock);
        await viewing.StartAsync();
        return viewing;
    }
}

/// <summary>
/// One open booking dialog's presence: says it opened, answers those who open after it, says it is still there each
/// heartbeat and that it left when disposed. The same on one node and across nodes, as it only speaks through the feed.
/// </summary>
public sealed class BookingViewing : IAsyncDisposable
{
    private readonly BookingFeed _feed;
    private readonly Guid _bookingId;
    private readonly BookingViewerNews _me;
    private readonly IBookingViewer _viewer;
    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, (BookingViewerNews Viewer, DateTimeOffset Seen)> _others = [];
    private IDisposable? _listening;
    private ITimer? _heartbeat;
    private int _disposed;

    internal BookingViewing(BookingFeed feed, Guid bookingId, BookingViewerNews me, IBookingViewer viewer, TimeProvider clock)
    {
        _feed = feed;
        _bookingId = bookingId;
        _me = me;
        _viewer = viewer;
        _clock = clock;
    }

    internal async Task StartAsync()
    {
        _listening = _feed.Listen(HeardAsync);
        await _feed.SendAsync(_bookingId, _me with { State = BookingViewerState.Opened });
        _heartbeat = _clock.CreateTimer(_ => _ = BeatAsync(), null, LiveBookings.Heartbeat, LiveBookings.Heartbeat);
    }

    private async Task HeardAsync(BookingSignal signal)
    {
        if (signal.BookingId != _bookingId || Volatile.Read(ref _disposed) == 1)
        {
            return;
        }

        if (signal.Change is { } change)
        {
            await _viewer.ChangedAsync(change);
        }

        if (signal.Viewer is not { } other || other.SeatId == _me.SeatId)
        {
            return;
        }

        lock (_gate)
        {
            if (other.State == BookingViewerState.Left)
            {
                _others.Remove(other.SeatId);
            }
            else
            {
                _others[other.SeatId] = (other, _clock.GetUtcNow());
            }
        }

        if (other.State == BookingViewerState.Opened)
        {
            // Someone came in after this dialog opened: they learn of it from this answer.
            await _feed.SendAsync(_bookingId, _me with { State = BookingViewerState.Here });
        }

        _viewer.Viewers(Others());
    }

    private async Task BeatAsync()
    {
        if (Volatile.Read(ref _disposed) == 1)
        {
            return;
        }

        int forgotten;
        lock (_gate)
        {
            // A dialog that stopped saying it is open (its node went away without a word) is forgotten.
            var silent = _others.Where(o => _clock.GetUtcNow() - o.Value.Seen > 3 * LiveBookings.Heartbeat).Select(o => o.Key).ToList();
            silent.ForEach(seat => _others.Remove(seat));
            forgotten = silent.Count;
        }

        if (forgotten > 0)
        {
            _viewer.Viewers(Others());
        }

        await _feed.SendAsync(_bookingId, _me with { State = BookingViewerState.Here });
    }

    /// <summary>The other people with the booking open, once each, by name; this person's own other tabs are not "someone else".</summary>
    private List<BookingViewerName> Others()
    {
        lock (_gate)
        {
            return [.. _others.Values.Select(o => o.Viewer).Where(v => v.UserId != _me.UserId).DistinctBy(v => v.UserId)
                .OrderBy(v => v.Name, StringComparer.CurrentCulture).Select(v => new BookingViewerName(v.UserId, v.Name))];
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _listening?.Dispose();
        if (_heartbeat is not null)
        {
            await _heartbeat.DisposeAsync();
        }

        await _feed.SendAsync(_bookingId, _me with { State = BookingViewerState.Left });
    }
}

/// <summary>
/// Turns every booking event into news for the tenant's open circuits. Registered before the booking events' other
/// handlers, so that news does not wait for e-mails; news that cannot be sent (Redis away) is dropped, never retried: a
/// late nudge is worth less than the message's other handlers.
/// </summary>
public sealed class BookingNewsHandler(IBookingSignals signals, ILogger<BookingNewsHandler> logger) :
    IMessageHandler<BookingCreated>,
    IMessageHandler<BookingConfirmed>,
    IMessageHandler<BookingRejected>,
    IMessageHandler<BookingCancelled>,
    IMessageHandler<BookingRescheduled>,
    IMessageHandler<BookingCompleted>,
    IMessageHandler<BookingNoShow>
{
    public Task HandleAsync(BookingCreated message, CancellationToken ct) => SendAsync(message, News(message));

    public Task HandleAsync(BookingConfirmed message, CancellationToken ct) => SendAsync(message, News(message));

    public Task HandleAsync(BookingRejected message, CancellationToken ct) => SendAsync(message, News(message));

    public Task HandleAsync(BookingCancelled message, CancellationToken ct) => SendAsync(message, News(message));

    public Task HandleAsync(BookingRescheduled message, CancellationToken ct) =>
        SendAsync(message, News(message) with { PreviousStartUtc = message.PreviousStartUtc, PreviousEndUtc = message.PreviousEndUtc });

    public Task HandleAsync(BookingCompleted message, CancellationToken ct) => SendAsync(message, News(message));

    public Task HandleAsync(BookingNoShow message, CancellationToken ct) => SendAsync(message, News(message));

    private static BookingChangeNews News(BookingEvent e) =>
        new(MessageTypeAttribute.NameOf(e.GetType()), e.OccurredAt, e.ByUserId, e.StartUtc, e.EndUtc);

    private async Task SendAsync(BookingEvent e, BookingChangeNews news)
    {
        try
        {
            await signals.PublishAsync(new BookingSignal(e.TenantId, e.BookingId) { Change = news });
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning(ex, "The news of booking {BookingId} ({Type}) did not reach the open calendars", e.BookingId, news.Type);
        }
    }
}
