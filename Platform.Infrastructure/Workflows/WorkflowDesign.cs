using Microsoft.EntityFrameworkCore;
using Platform.Core.Access;
using Platform.Core.Common;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Access;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Identity;

namespace Platform.Infrastructure.Workflows;

/// <summary>
/// Opens a workflow's draft in the designer for the current actor (ADR 0036): managers and admins of the workflow's
/// business get a seat in its room, where admins may edit and managers look; anyone else, and anyone of another
/// business, is refused as if the workflow did not exist for them, and so never hears its room.
/// </summary>
public sealed class WorkflowDesign(
    WorkflowDefinitions definitions,
    DesignRooms rooms,
    ITenantContext tenant,
    ICurrentActor actors,
    IDbContextFactory<PlatformDbContext> contexts)
{
    public async Task<Outcome<DesignSeat>> JoinAsync(Guid workflowId, IDesignListener listener, CancellationToken ct = default)
    {
        var draft = await definitions.GetDraftAsync(workflowId, ct);
        if (!draft.Succeeded)
        {
            return new Outcome<DesignSeat>(null, draft.Errors, draft.Code);
        }

        var actor = await actors.GetAsync(ct);
        if (tenant.TenantId is not { } tenantId || actor.UserId is not { } userId)
        {
            return Refusals.Forbidden<DesignSeat>(WorkflowAccess.ReadRefused);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var stored = new StoredDraft(draft.Value!.Definition, draft.Value.Workflow.UpdatedAt);
        var seat = await rooms.SeatAsync(tenantId, workflowId, stored, userId, await db.DisplayNameAsync(userId, ct), WorkflowAccess.MayChange(actor), listener);
        return Outcome<DesignSeat>.Ok(seat);
    }
}
