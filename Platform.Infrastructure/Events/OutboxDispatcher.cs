using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Core.Events;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Tenancy;

namespace Platform.Infrastructure.Events;

/// <summary>
/// Delivers outbox messages to their handlers, each in the message's tenant scope. Messages are
/// claimed with a conditional update (a row changes only while it is due and unleased, so only one
/// dispatcher's update changes it), so any number of dispatchers on any number of nodes handle each
/// message once. The messages of a batch are handled up to <see cref="OutboxOptions.Concurrency"/> at a time, those of one
/// subject (<see cref="ISequencedMessage"/>) in the order they were written. A failing handler is
/// retried with exponential backoff; handlers that already succeeded are not run again; after
/// <see cref="OutboxOptions.MaxAttempts"/> the message is marked failed for a host admin to retry.
/// </summary>
public sealed class OutboxDispatcher(
    TenantScopeFactory tenantScopes,
    MessageTypes types,
    OutboxNode node,
    IOptions<OutboxOptions> options,
    TimeProvider clock,
    ILogger<OutboxDispatcher> logger)
{
    /// <summary>This dispatcher's name in <see cref="OutboxMessage.ClaimedBy"/>: its node's stable name and an id of its own.</summary>
    public string Name { get; } = node.DispatcherName();

    /// <summary>Claims and handles the messages due now; returns how many this dispatcher handled (successfully or not).</summary>
    public async Task<int> DispatchDueAsync(CancellationToken ct = default)
    {
        var settings = options.Value;
        await using var scope = tenantScopes.CreateHost();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var now = clock.GetUtcNow();
        var due = await db.OutboxMessages.AsNoTracking().Where(IsDue(now)).OrderBy(m => m.CreatedAt)
            .Select(m => m.Id).Take(settings.BatchSize).ToListAsync(ct);
        if (due.Count == 0)
        {
            return 0;
        }

        // One conditional update claims the batch: each row is taken only while it is still due and
        // unleased, checked under the row's write lock, so of racing dispatchers exactly one gets it.
        var lease = new LeaseEnd(now + settings.Lease);
        var claimed = await db.OutboxMessages.Where(m => due.Contains(m.Id)).Where(IsDue(now))
            .ExecuteUpdateAsync(m => m.SetProperty(x => x.ClaimedBy, Name).SetProperty(x => x.ClaimedUntil, lease.Until), ct);
        if (claimed == 0)
        {
            return 0;
        }

        // While the batch runs, a heartbeat renews the claims still held, so a batch may take longer than its lease, and a
        // dead node's claims (no longer renewed) run out within one lease.
        using var working = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var heartbeat = settings.LeaseRenewal > TimeSpan.Zero ? RenewWhileWorkingAsync(lease, working.Token) : Task.CompletedTask;
        try
        {
            var mine = await db.OutboxMessages.AsNoTracking()
                .Where(m => due.Contains(m.Id) && m.ClaimedBy == Name)
                .OrderBy(m => m.CreatedAt).ToListAsync(ct);
            var handled = 0;
            await Parallel.ForEachAsync(Lanes(mine), new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = ct }, async (lane, _) =>
            {
                await using var laneScope = tenantScopes.CreateHost();
                var laneDb = laneScope.ServiceProvider.GetRequiredService<PlatformDbContext>();
                foreach (var (row, message) in lane)
                {
                    // Should the heartbeat have fallen behind (a database that did not answer), the lease may have run out and another
                    // dispatcher may have taken this row since: once half the lease is gone, renew the row, still ours and still
                    // pending, right before handling it, or leave it. (Earlier, nobody else can have it.)
                    var current = clock.GetUtcNow();
                    if (current > lease.Until - (settings.Lease / 2))
                    {
                        var renewed = current + settings.Lease;
                        if (await Mine(laneDb, row.Id).Where(m => m.Status == OutboxStatus.Pending)
                                .ExecuteUpdateAsync(m => m.SetProperty(x => x.ClaimedUntil, renewed), ct) == 0)
                        {
                            continue;
                        }
                    }

                    await HandleAsync(laneDb, row, message, ct);
                    Interlocked.Increment(ref handled);
                }
            });

            return handled;
        }
        finally
        {
            await working.CancelAsync();
            await heartbeat;
        }
    }

    /// <summary>
    /// Releases the claims of this node's earlier dispatchers, which died with their process (a node's name is held by one
    /// process at a time), so they are due at once instead of after their lease; returns how many.
    /// </summary>
    public async Task<int> ReclaimAsync(CancellationToken ct = default)
    {
        var prefix = node.ClaimPrefix;
        await using var scope = tenantScopes.CreateHost();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var released = await db.OutboxMessages
            .Where(m => m.Status == OutboxStatus.Pending && m.ClaimedBy != null && m.ClaimedBy.StartsWith(prefix) && m.ClaimedBy != Name)
            .ExecuteUpdateAsync(m => m.SetProperty(x => x.ClaimedBy, (string?)null).SetProperty(x => x.ClaimedUntil, (DateTimeOffset?)null), ct);
        if (released > 0)
        {
            logger.LogWarning("Outbox node {Node} took back {Count} messages its dispatcher held when it stopped", node.Name, released);
        }

        return released;
    }

    /// <summary>Gives up the claims this dispatcher still holds (on shutdown), so another node need not wait out their lease.</summary>
    public async Task<int> ReleaseAsync(CancellationToken ct = default)
    {
        await using var scope = tenantScopes.CreateHost();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        return await db.OutboxMessages.Where(m => m.ClaimedBy == Name && m.Status == OutboxStatus.Pending)
            .ExecuteUpdateAsync(m => m.SetProperty(x => x.ClaimedBy, (string?)null).SetProperty(x => x.ClaimedUntil, (DateTimeOffset?)null), ct);
    }

    /// <summary>Every <see cref="OutboxOptions.LeaseRenewal"/>, extends the lease of every pending message this dispatcher holds.</summary>
    private async Task RenewWhileWorkingAsync(LeaseEnd lease, CancellationToken ct)
    {
        var settings = options.Value;
        using var timer = new PeriodicTimer(settings.LeaseRenewal, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                try
                {
                    await using var scope = tenantScopes.CreateHost();
                    var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
                    var renewed = clock.GetUtcNow() + settings.Lease;
                    await db.OutboxMessages.Where(m => m.ClaimedBy == Name && m.Status == OutboxStatus.Pending)
                        .ExecuteUpdateAsync(m => m.SetProperty(x => x.ClaimedUntil, renewed), ct);
                    lease.Until = renewed;
                }
                catch (Exception ex) when (!ct.IsCancellationRequested)
                {
                    // The rows are still checked one by one before handling; the next beat tries again.
                    logger.LogWarning(ex, "The outbox dispatcher {Dispatcher} could not renew its leases", Name);
                }
            }
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            // The batch is done.
        }
    }

    /// <summary>When the claims of the running batch end, as far as this dispatcher knows; the heartbeat moves it on.</summary>
    private sealed class LeaseEnd(DateTimeOffset until)
    {
        private long _ticks = until.UtcTicks;

        public DateTimeOffset Until
        {
            get => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);
            set => Interlocked.Exchange(ref _ticks, value.UtcTicks);
        }
    }

    private static Expression<Func<OutboxMessage, bool>> IsDue(DateTimeOffset now) => m =>
        m.Status == OutboxStatus.Pending &&
        (m.NextAttemptAt == null || m.NextAttemptAt <= now) &&
        (m.ClaimedUntil == null || m.ClaimedUntil < now);

    /// <summary>
    /// The batch as lanes handled side by side: the messages of one subject in one lane, in the order they were written; every
    /// other message a lane of its own. A row that cannot be read gets its own lane, where reading it again fails it.
    /// </summary>
    private List<List<(OutboxMessage Row, IOutboxMessage? Message)>> Lanes(List<OutboxMessage> rows)
    {
        var lanes = new List<List<(OutboxMessage, IOutboxMessage?)>>();
        var bySubject = new Dictionary<Guid, List<(OutboxMessage, IOutboxMessage?)>>();
        foreach (var row in rows)
        {
            IOutboxMessage? message;
            try
            {
                message = types.Read(row.Type, row.Payload);
            }
            catch (Exception)
            {
                message = null;
            }

            if (message is ISequencedMessage sequenced)
            {
                if (!bySubject.TryGetValue(sequenced.SequenceKey, out var lane))
                {
                    bySubject[sequenced.SequenceKey] = lane = [];
                    lanes.Add(lane);
                }

                lane.Add((row, message));
            }
            else
            {
                lanes.Add([(row, message)]);
            }
        }

        return lanes;
    }

    private async Task HandleAsync(PlatformDbContext db, OutboxMessage row, IOutboxMessage? read, CancellationToken ct)
    {
        var completed = row.CompletedHandlers;
        var current = "(reading the message)";
        try
        {
            var message = read ?? types.Read(row.Type, row.Payload)
                ?? throw new InvalidOperationException($"No message type is registered as '{row.Type}'.");
            if (message.TenantId != row.TenantId)
            {
                throw new InvalidOperationException("The message names another tenant than its row.");
            }

            await using var tenantScope = await tenantScopes.CreateAsync(row.TenantId, ct);
            var handlers = types.HandlersFor(message, tenantScope.ServiceProvider);
            var handling = tenantScope.ServiceProvider.GetRequiredService<OutboxHandling>();
            for (var i = 0; i < handlers.Count; i++)
            {
                var marker = $"|{handlers[i].Name}|";
                if (completed.Contains(marker, StringComparison.Ordinal))
                {
                    continue;
                }

                current = handlers[i].Name;
                handling.Enter(row.Id, current);
                await handlers[i].RunAsync(ct);
                completed = completed.Length == 0 ? marker : completed + handlers[i].Name + "|";
                if (i < handlers.Count - 1)
                {
                    // Remember the success before the next handler runs, so a retry skips this one.
                    await Mine(db, row.Id).ExecuteUpdateAsync(m => m.SetProperty(x => x.CompletedHandlers, completed), ct);
                }
            }

            var now = clock.GetUtcNow();
            await Mine(db, row.Id).ExecuteUpdateAsync(m => m
                .SetProperty(x => x.Status, OutboxStatus.Done)
                .SetProperty(x => x.CompletedHandlers, completed)
                .SetProperty(x => x.ProcessedAt, now)
                .SetProperty(x => x.Attempts, x => x.Attempts + 1)
                .SetProperty(x => x.ClaimedBy, (string?)null)
                .SetProperty(x => x.ClaimedUntil, (DateTimeOffset?)null), ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            await RecordFailureAsync(db, row, completed, current, ex, ct);
        }
    }

    private async Task RecordFailureAsync(PlatformDbContext db, OutboxMessage row, string completed, string handler, Exception ex, CancellationToken ct)
    {
        var settings = options.Value;
        var attempts = row.Attempts + 1;
        var failed = attempts >= settings.MaxAttempts;
        var next = clock.GetUtcNow() + settings.Backoff(attempts);
        var error = $"{handler}: {ex.GetType().Name}: {ex.Message}";
        error = error.Length > OutboxMessage.MaxErrorLength ? error[..OutboxMessage.MaxErrorLength] : error;
        await Mine(db, row.Id).ExecuteUpdateAsync(m => m
            .SetProperty(x => x.Attempts, attempts)
            .SetProperty(x => x.CompletedHandlers, completed)
            .SetProperty(x => x.Status, failed ? OutboxStatus.Failed : OutboxStatus.Pending)
            .SetProperty(x => x.NextAttemptAt, next)
            .SetProperty(x => x.LastError, error)
            .SetProperty(x => x.ClaimedBy, (string?)null)
            .SetProperty(x => x.ClaimedUntil, (DateTimeOffset?)null), ct);
        if (failed)
        {
            logger.LogError(ex, "Outbox message {MessageId} ({MessageType}) of tenant {TenantId} failed for good after {Attempts} attempts in {Handler}",
                row.Id, row.Type, row.TenantId, attempts, handler);
        }
        else
        {
            logger.LogWarning(ex, "Outbox message {MessageId} ({MessageType}) of tenant {TenantId} failed in {Handler}; attempt {Attempts}, next at {NextAttemptAt}",
                row.Id, row.Type, row.TenantId, handler, attempts, next);
        }
    }

    /// <summary>The row while this dispatcher still owns it: a dispatcher whose lease ran out changes nothing.</summary>
    private IQueryable<OutboxMessage> Mine(PlatformDbContext db, Guid id) => db.OutboxMessages.Where(m => m.Id == id && m.ClaimedBy == Name);
}
