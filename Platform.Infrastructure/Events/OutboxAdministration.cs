using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Platform.Core.Common;
using Platform.Core.Errors;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Data;

namespace Platform.Infrastructure.Events;

/// <summary>One outbox message as a host admin sees it.</summary>
public sealed record OutboxMessageRow(
    Guid Id, Guid TenantId, string TenantName, string Type, OutboxStatus Status, int Attempts,
    DateTimeOffset CreatedAt, DateTimeOffset? NextAttemptAt, string? LastError, string Payload);

public sealed record OutboxPage(IReadOnlyList<OutboxMessageRow> Items, int Total);

/// <summary>
/// The host's view of the outbox across tenants (an explicit, host-only read): failed messages with
/// their errors, and retrying them. Use only in a host scope.
/// </summary>
public sealed class OutboxAdministration(PlatformDbContext db, ITenantContext tenantContext, OutboxSignal signal, TimeProvider clock, ILogger<OutboxAdministration> logger)
{
    public const int MaxPageSize = 100;

    public async Task<OutboxPage> ListAsync(OutboxStatus status, int page, int pageSize, CancellationToken ct = default)
    {
        RequireHost();
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        page = Math.Max(0, page);
        var query = db.OutboxMessages.AsNoTracking().Where(m => m.Status == status);
        var total = await query.CountAsync(ct);
        var items = await query
            .OrderByDescending(m => m.CreatedAt).ThenBy(m => m.Id)
            .Skip(page * pageSize).Take(pageSize)
            .Select(m => new OutboxMessageRow(
                m.Id, m.TenantId, db.Tenants.Where(t => t.Id == m.TenantId).Select(t => t.Name).FirstOrDefault() ?? "(deleted tenant)",
                m.Type, m.Status, m.Attempts, m.CreatedAt, m.NextAttemptAt, m.LastError, m.Payload))
            .ToListAsync(ct);
        return new OutboxPage(items, total);
    }

    public Task<int> CountAsync(OutboxStatus status, CancellationToken ct = default)
    {
        RequireHost();
        return db.OutboxMessages.CountAsync(m => m.Status == status, ct);
    }

    /// <summary>Puts a failed message back in the queue for a fresh round of attempts; handlers that succeeded stay done.</summary>
    public async Task<Outcome<bool>> RetryAsync(Guid id, Guid byUserId, CancellationToken ct = default)
    {
        RequireHost();
        var now = clock.GetUtcNow();
        var changed = await db.OutboxMessages.Where(m => m.Id == id && m.Status == OutboxStatus.Failed)
            .ExecuteUpdateAsync(m => m
                .SetProperty(x => x.Status, OutboxStatus.Pending)
                .SetProperty(x => x.Attempts, 0)
                .SetProperty(x => x.NextAttemptAt, now), ct);
        if (changed == 0)
        {
            return await db.OutboxMessages.AnyAsync(m => m.Id == id, ct)
                ? Outcome<bool>.Fail(ErrorCodes.Conflict, "Status", "Only a failed message can be retried; this one is not failed (any more).")
                : Outcome<bool>.Fail(ErrorCodes.NotFound, "Id", "There is no such message.");
        }

        logger.LogInformation("Outbox message {MessageId} retried by host admin {UserId}", id, byUserId);
        signal.Notify();
        return Outcome<bool>.Ok(true);
    }

    private void RequireHost()
    {
        if (tenantContext.TenantId is not null)
        {
            throw new TenantMismatchException("The outbox across tenants is for the host only.");
        }
    }
}
