using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Platform.Core.Access;
using Platform.Core.Common;
using Platform.Core.Errors;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Access;
using Platform.Infrastructure.Data;

namespace Platform.Infrastructure.Events;

/// <summary>One outbox message as a host admin sees it.</summary>
public sealed record OutboxMessageRow(
    Guid Id, Guid TenantId, string TenantName, string Type, OutboxStatus Status, int Attempts,
    DateTimeOffset CreatedAt, DateTimeOffset? NextAttemptAt, string? LastError, string Payload);

/// <summary>
/// The host's view of the outbox across tenants (an explicit, host-only read): failed messages with
/// their errors, and retrying them. Use only in a host scope, as a host operator (or the platform itself);
/// anyone else reads nothing and may not retry.
/// </summary>
public sealed class OutboxAdministration(
    IDbContextFactory<PlatformDbContext> contexts,
    ITenantContext tenantContext,
    ICurrentActor actors,
    OutboxSignal signal,
    TimeProvider clock,
    ILogger<OutboxAdministration> logger)
{
    public async Task<Page<OutboxMessageRow>> ListAsync(OutboxStatus status, PageRequest page, CancellationToken ct = default)
    {
        RequireHost();
        if (!await IsOperatorAsync(ct))
        {
            return Page<OutboxMessageRow>.Of([], page, 0);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var query = db.OutboxMessages.AsNoTracking().Where(m => m.Status == status);
        var total = await query.CountAsync(ct);
        var items = await query
            .OrderByDescending(m => m.CreatedAt).ThenBy(m => m.Id)
            .Skip(page.Skip).Take(page.Size)
            .Select(m => new OutboxMessageRow(
                m.Id, m.TenantId, db.Tenants.Where(t => t.Id == m.TenantId).Select(t => t.Name).FirstOrDefault() ?? "(deleted tenant)",
                m.Type, m.Status, m.Attempts, m.CreatedAt, m.NextAttemptAt, m.LastError, m.Payload))
            .ToListAsync(ct);
        return Page<OutboxMessageRow>.Of(items, page, total);
    }

    public async Task<int> CountAsync(OutboxStatus status, CancellationToken ct = default)
    {
        RequireHost();
        if (!await IsOperatorAsync(ct))
        {
            return 0;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.OutboxMessages.CountAsync(m => m.Status == status, ct);
    }

    /// <summary>Puts a failed message back in the queue for a fresh round of attempts; handlers that succeeded stay done.</summary>
    public async Task<Outcome<bool>> RetryAsync(Guid id, Guid byUserId, CancellationToken ct = default)
    {
        RequireHost();
        if (!await IsOperatorAsync(ct))
        {
            return Refusals.Forbidden<bool>("Only host operators retry messages.");
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
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

    private async Task<bool> IsOperatorAsync(CancellationToken ct) =>
        (await actors.GetAsync(ct)).Role is ActorRole.HostOperator or ActorRole.System;

    private void RequireHost()
    {
        if (tenantContext.TenantId is not null)
        {
            throw new TenantMismatchException("The outbox across tenants is for the host only.");
        }
    }
}
