using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Platform.Core.Bookings;
using Platform.Core.Events;
using Platform.Infrastructure.Data;

namespace Platform.Infrastructure.Reminders;

/// <summary>The tenant's reminder offset changed: every reminder already scheduled must move to the new time.</summary>
[MessageType("reminders.resync")]
public sealed record ResyncReminders(Guid TenantId) : IOutboxMessage;

/// <summary>
/// Re-syncs the reminder of every confirmed future booking of the message's tenant (its scope's query
/// filters keep it to that tenant's bookings), a page of ids at a time in id order, so a tenant with many
/// bookings never loads them all at once. Running it again gives the same schedule.
/// </summary>
public sealed class ReminderResyncHandler(PlatformDbContext db, BookingReminders reminders, TimeProvider clock, ILogger<ReminderResyncHandler> logger)
    : IMessageHandler<ResyncReminders>
{
    public const int PageSize = 200;

    public async Task HandleAsync(ResyncReminders message, CancellationToken ct)
    {
        var synced = 0;
        Guid? after = null;
        while (true)
        {
            var page = await ConfirmedFutureAsync(db.Bookings, clock.GetUtcNow(), after, PageSize, ct);
            foreach (var bookingId in page)
            {
                await reminders.SyncAsync(bookingId, ct);
            }

            synced += page.Count;
            if (page.Count < PageSize)
            {
                break;
            }

            after = page[^1];
        }

        logger.LogInformation("Reminders of {Count} bookings of tenant {TenantId} re-synced to a new offset", synced, message.TenantId);
    }

    /// <summary>One page of a walk through the confirmed bookings starting after <paramref name="now"/>: the ids after <paramref name="after"/>, in id order.</summary>
    public static Task<List<Guid>> ConfirmedFutureAsync(IQueryable<Booking> bookings, DateTimeOffset now, Guid? after, int take, CancellationToken ct = default)
    {
        var query = bookings.AsNoTracking().Where(b => b.Status == BookingStatus.Confirmed && b.StartUtc > now);
        if (after is { } last)
        {
            query = query.Where(b => b.Id.CompareTo(last) > 0);
        }

        return query.OrderBy(b => b.Id).Select(b => b.Id).Take(take).ToListAsync(ct);
    }
}
