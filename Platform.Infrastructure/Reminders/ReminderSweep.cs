using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Core.Bookings;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Events;
using Platform.Infrastructure.Tenancy;

namespace Platform.Infrastructure.Reminders;

/// <summary>One reminder due now: the booking, its tenant and the start it reminds of.</summary>
public sealed record DueReminder(Guid TenantId, Guid BookingId, DateTimeOffset StartUtc);

/// <summary>
/// Finds the reminders due across every tenant and sends them. Confirmed bookings that start between now and the longest
/// offset any tenant uses, with no reminder sent for their start, are read a page at a time in start order (the index on
/// status and start bounds the read), and each is checked against its tenant's offset. Every node may sweep: the
/// <see cref="SentReminder"/> each send claims first lets one of them through.
/// </summary>
public sealed class ReminderSweep(TenantScopeFactory tenantScopes, TimeProvider clock, ILogger<ReminderSweep> logger)
{
    public const int PageSize = 500;

    /// <summary>The reminders due at <paramref name="at"/> and not yet sent, in start order.</summary>
    public Task<IReadOnlyList<DueReminder>> DueAsync(DateTimeOffset at, CancellationToken ct = default) => DueAsync(at, PageSize, ct);

    /// <summary>The reminders due at <paramref name="at"/>, read <paramref name="pageSize"/> bookings at a time.</summary>
    public async Task<IReadOnlyList<DueReminder>> DueAsync(DateTimeOffset at, int pageSize, CancellationToken ct = default)
    {
        await using var host = tenantScopes.CreateHost();
        var db = host.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var offsets = await db.Set<ReminderSettings>().IgnoreQueryFilters([PlatformDbContext.TenantFilter]).AsNoTracking()
            .ToDictionaryAsync(s => s.TenantId, s => s.OffsetHours, ct);
        var horizon = at + TimeSpan.FromHours(offsets.Values.Append(ReminderSettings.DefaultOffsetHours).Max());
        var sent = db.Set<SentReminder>().IgnoreQueryFilters([PlatformDbContext.TenantFilter]);
        var due = new List<DueReminder>();
        (DateTimeOffset Start, Guid Id)? after = null;
        while (true)
        {
            var query = db.Bookings.IgnoreQueryFilters([PlatformDbContext.TenantFilter]).AsNoTracking()
                .Where(b => b.Status == BookingStatus.Confirmed && b.StartUtc > at && b.StartUtc <= horizon
                    && !sent.Any(s => s.BookingId == b.Id && s.StartUtc == b.StartUtc));
            if (after is { } last)
            {
                var (start, id) = last;
                query = query.Where(b => b.StartUtc > start || (b.StartUtc == start && b.Id.CompareTo(id) > 0));
            }

            var page = await query.OrderBy(b => b.StartUtc).ThenBy(b => b.Id).Take(pageSize)
                .Select(b => new { b.Id, b.TenantId, b.StartUtc, b.CreatedAt }).ToListAsync(ct);
            foreach (var booking in page)
            {
                var offset = offsets.GetValueOrDefault(booking.TenantId, ReminderSettings.DefaultOffsetHours);
                if (ReminderRule.DueAt(BookingStatus.Confirmed, booking.StartUtc, booking.CreatedAt, offset) <= at)
                {
                    due.Add(new DueReminder(booking.TenantId, booking.Id, booking.StartUtc));
                }
            }

            if (page.Count < pageSize)
            {
                return due;
            }

            after = (page[^1].StartUtc, page[^1].Id);
        }
    }

    /// <summary>Sends every reminder due now; returns how many went out. One that fails is tried again on the next pass.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct = default)
    {
        var sent = 0;
        foreach (var reminder in await DueAsync(clock.GetUtcNow(), ct))
        {
            try
            {
                await using var scope = await tenantScopes.CreateAsync(reminder.TenantId, ct);
                if (await ReminderDelivery.SendAsync(scope.ServiceProvider, reminder.BookingId, reminder.StartUtc, ct))
                {
                    sent++;
                }
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                logger.LogError(ex, "Reminder of booking {BookingId} of tenant {TenantId} failed; the next pass tries again", reminder.BookingId, reminder.TenantId);
            }
        }

        return sent;
    }
}

/// <summary>
/// The reminder sweep on every node where jobs run (<c>Jobs:Enabled</c>): every <see cref="ReminderOptions.SweepInterval"/>
/// it sends the reminders that fell due (ADR 0034).
/// </summary>
public sealed class ReminderSweepService(IServiceScopeFactory scopes, IOptions<ReminderOptions> options, TimeProvider clock, ILogger<ReminderSweepService> logger)
    : PeriodicService(clock)
{
    protected override TimeSpan? Interval => options.Value.Enabled ? options.Value.SweepInterval : null;

    protected override async Task PassAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ReminderSweep>().SendDueAsync(ct);
    }

    protected override void LogFailure(Exception exception) => logger.LogError(exception, "The reminder sweep failed; the next pass tries again");
}

/// <summary>The <c>Reminders</c> configuration section.</summary>
public sealed class ReminderOptions
{
    public const string Section = "Reminders";

    /// <summary>How often the sweep looks for due reminders: a reminder goes out at most this long after its time.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Whether this node sweeps: <c>Jobs:Enabled</c>, like Quartz's jobs.</summary>
    public bool Enabled { get; set; } = true;
}
