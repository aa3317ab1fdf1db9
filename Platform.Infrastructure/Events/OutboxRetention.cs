using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Tenancy;

namespace Platform.Infrastructure.Events;

/// <summary>
/// Deletes delivered outbox messages once they are older than <see cref="OutboxOptions.RetainDeliveredFor"/>,
/// in batches of <see cref="OutboxOptions.CleanupBatchSize"/>. Pending and failed messages are never deleted:
/// the first are still to be delivered, the second wait for a host admin's retry.
/// </summary>
public sealed class OutboxRetention(
    TenantScopeFactory tenantScopes,
    IOptions<OutboxOptions> options,
    TimeProvider clock,
    ILogger<OutboxRetention> logger)
{
    /// <summary>Deletes the delivered messages past retention; returns how many.</summary>
    public async Task<int> DeleteDeliveredAsync(CancellationToken ct = default)
    {
        var settings = options.Value;
        var cutoff = clock.GetUtcNow() - settings.RetainDeliveredFor;
        await using var scope = tenantScopes.CreateHost();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();

        var deleted = 0;
        while (true)
        {
            // CreatedAt is never after ProcessedAt: the condition on it changes nothing but lets the (Status, CreatedAt) index find the rows.
            var batch = await db.OutboxMessages
                .Where(m => m.Status == OutboxStatus.Done && m.CreatedAt < cutoff && m.ProcessedAt < cutoff)
                .Take(settings.CleanupBatchSize)
                .ExecuteDeleteAsync(ct);
            deleted += batch;
            if (batch < settings.CleanupBatchSize)
            {
                break;
            }
        }

        if (deleted > 0)
        {
            logger.LogInformation("Deleted {Deleted} delivered outbox messages processed before {Cutoff}", deleted, cutoff);
        }

        return deleted;
    }
}

/// <summary>Runs <see cref="OutboxRetention"/> every <see cref="OutboxOptions.CleanupInterval"/> on nodes that dispatch the outbox.</summary>
public sealed class OutboxRetentionService(
    OutboxRetention retention,
    IOptions<OutboxOptions> options,
    TimeProvider clock,
    ILogger<OutboxRetentionService> logger) : PeriodicService(clock)
{
    protected override TimeSpan? Interval => options.Value.DispatcherEnabled ? options.Value.CleanupInterval : null;

    protected override Task PassAsync(CancellationToken ct) => retention.DeleteDeliveredAsync(ct);

    protected override void LogFailure(Exception exception) =>
        logger.LogError(exception, "The outbox clean-up could not delete delivered messages");
}
