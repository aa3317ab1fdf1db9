using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Core.Access;
using Platform.Core.Common;
using Platform.Core.Errors;
using Platform.Core.Events;
using Platform.Core.Workflows;
using Platform.Infrastructure.Access;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Events;
using Platform.Infrastructure.Identity;

namespace Platform.Infrastructure.Workflows;

public sealed record InstanceSummary(
    Guid Id,
    Guid WorkflowId,
    int Version,
    WorkflowInstanceStatus Status,
    string TriggerType,
    Guid? BookingId,
    DateTimeOffset StartedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? EndedAt,
    string? FaultedStep,
    string? Error);

/// <summary>A line of the timeline as the viewer shows it.</summary>
public sealed record InstanceStep(int Sequence, string StepId, string StepType, string? StepName, Guid TokenId, string? Port, int Attempt, DateTimeOffset At, string? Output, string? Error, Guid? ByUserId, string? ByName);

/// <summary>Where a token of the instance stands now.</summary>
public sealed record InstanceToken(Guid Id, string StepId, WorkflowTokenStatus Status, string Path, DateTimeOffset? DueAt, int Attempts, string? Error, Guid? TaskId);

public sealed record InstanceDetail(
    InstanceSummary Instance,
    string WorkflowName,
    IReadOnlyDictionary<string, string> Data,
    IReadOnlyDictionary<string, string> Variables,
    IReadOnlyList<InstanceToken> Tokens,
    IReadOnlyList<InstanceStep> Timeline,
    IReadOnlyList<TaskItem> Tasks,
    WorkflowDefinition Definition);

/// <summary>
/// The current tenant's workflow instances: listed by workflow and status, shown with their timeline, started by hand (a
/// workflow whose trigger is manual, from the App; or api, by a key with <c>workflows:run</c>), retried from the step that
/// faulted, cancelled. Managers and admins read; admins retry and cancel. Another tenant's instance is not found.
/// </summary>
public sealed class WorkflowInstances(
    IDbContextFactory<PlatformDbContext> contexts,
    ICurrentActor actors,
    WorkflowEngine engine,
    WorkflowDefinitionCache definitions,
    WorkflowTimers timers,
    IWorkflowExpressions expressions,
    IOptions<WorkflowOptions> options,
    TimeProvider clock)
{
    public const string InstanceField = "Instance";

    private const string ReadRefused = "Only the business's managers and admins can see workflow runs.";
    private const string ChangeRefused = "Only the business's admins can retry or cancel workflow runs.";

    private static bool MayRead(Actor actor) => actor.ManagesTenant && (actor.Holds(ApiKeyScopes.WorkflowsRead) || actor.Holds(ApiKeyScopes.WorkflowsRun));

    public async Task<Outcome<Page<InstanceSummary>>> ListAsync(Guid workflowId, WorkflowInstanceStatus? status, PageRequest page, CancellationToken ct = default)
    {
        if (!MayRead(await actors.GetAsync(ct)))
        {
            return Refusals.Forbidden<Page<InstanceSummary>>(ReadRefused);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        if (!await db.Workflows.AnyAsync(w => w.Id == workflowId, ct))
        {
            return Outcome<Page<InstanceSummary>>.Fail(ErrorCodes.NotFound, WorkflowDefinitions.WorkflowField, "There is no such workflow.");
        }

        var query = db.WorkflowInstances.AsNoTracking().Where(i => i.WorkflowId == workflowId);
        if (status is { } only)
        {
            query = query.Where(i => i.Status == only);
        }

        var total = await query.Take(PageRequest.MaxCounted + 1).CountAsync(ct);
        var items = await query.OrderByDescending(i => i.StartedAt).ThenByDescending(i => i.Id).Skip(page.Skip).Take(page.Size)
            .Select(i => new InstanceSummary(i.Id, i.WorkflowId, i.Version, i.Status, i.TriggerType, i.BookingId, i.StartedAt, i.UpdatedAt, i.EndedAt, i.FaultedStep, i.Error))
            .ToListAsync(ct);
        return Outcome<Page<InstanceSummary>>.Ok(Page<InstanceSummary>.OfCapped(items, page, total));
    }

    public async Task<Outcome<InstanceDetail>> GetAsync(Guid instanceId, CancellationToken ct = default)
    {
        var actor = await actors.GetAsync(ct);
        if (!MayRead(actor))
        {
            return Refusals.Forbidden<InstanceDetail>(ReadRefused);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var instance = await db.WorkflowInstances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == instanceId, ct);
        if (instance is null)
        {
            return NotFound<InstanceDetail>();
        }

        var definition = await definitions.GetAsync(db, instance.WorkflowId, instance.Version, ct);
        var names = definition.Steps.ToDictionary(s => s.Id, s => s.Name, StringComparer.Ordinal);
        var name = await db.Workflows.Where(w => w.Id == instance.WorkflowId).Select(w => w.Name).SingleAsync(ct);
        var records = await db.WorkflowStepRecords.AsNoTracking().Where(r => r.InstanceId == instanceId).OrderBy(r => r.Sequence).Take(1000).ToListAsync(ct);
        var userIds = records.Select(r => r.ByUserId).OfType<Guid>().Distinct().ToList();
        var people = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var state = WorkflowState.Read(instance.StateJson);
        var taskItems = await WorkflowTasks.OfInstanceAsync(db, actor, instanceId, ct);

        return Outcome<InstanceDetail>.Ok(new InstanceDetail(
            Summary(instance),
            name,
            WorkflowEngine.ReadData(instance.DataJson).ToDictionary(p => p.Key, p => WorkflowValues.Text(p.Value)),
            state.Variables.ToDictionary(p => p.Key, p => WorkflowValues.Text(WorkflowValues.FromJson(p.Value))),
            [.. state.Tokens.Select(t => new InstanceToken(t.Id, t.StepId, t.Status, t.Path, t.DueAt, t.Attempts, t.Error, t.TaskId))],
            [.. records.Select(r => new InstanceStep(r.Sequence, r.StepId, r.StepType, names.GetValueOrDefault(r.StepId), r.TokenId, r.Port, r.Attempt, r.At, r.OutputJson, r.Error,
                r.ByUserId, r.ByUserId is { } by ? people.GetValueOrDefault(by) : null))],
            taskItems,
            definition));
    }

    /// <summary>
    /// Starts a workflow by hand: from the App when its trigger is <c>manual</c>, or through the API when it is <c>api</c>
    /// (managers and admins may start either). <paramref name="input"/> becomes the instance's data as <c>input.*</c>.
    /// </summary>
    public async Task<Outcome<InstanceSummary>> StartAsync(Guid workflowId, IReadOnlyDictionary<string, object?>? input, string? requestKey, CancellationToken ct = default)
    {
        var actor = await actors.GetAsync(ct);
        if (!actor.ManagesTenant || actor.Role == ActorRole.System || !actor.Holds(ApiKeyScopes.WorkflowsRun))
        {
            return Refusals.Forbidden<InstanceSummary>("Only the business's managers and admins (or a key with workflows:run) start workflows.");
        }

        if (input is { Count: > 50 } || input?.Keys.Any(k => k.Length is 0 or > 64) == true)
        {
            return Outcome<InstanceSummary>.Fail(ErrorCodes.ValidationFailed, "input", "The input has at most 50 values, each named with 1 to 64 characters.");
        }

        if (requestKey is { Length: > 100 })
        {
            return Outcome<InstanceSummary>.Fail(ErrorCodes.ValidationFailed, "Idempotency-Key", "The idempotency key is at most 100 characters.");
        }

        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            var workflow = await db.Workflows.AsNoTracking().FirstOrDefaultAsync(w => w.Id == workflowId, ct);
            if (workflow is null)
            {
                return Outcome<InstanceSummary>.Fail(ErrorCodes.NotFound, WorkflowDefinitions.WorkflowField, "There is no such workflow.");
            }

            if (workflow.LatestVersion == 0)
            {
                return Outcome<InstanceSummary>.Fail(ErrorCodes.Conflict, WorkflowDefinitions.WorkflowField, "The workflow has no published version yet; publish it first.");
            }

            if (workflow.PublishedTrigger is not (WorkflowTriggerTypes.Manual or WorkflowTriggerTypes.Api))
            {
                return Outcome<InstanceSummary>.Fail(ErrorCodes.Conflict, WorkflowDefinitions.WorkflowField, "Only workflows whose trigger is manual or api are started by hand; this one starts by itself.");
            }

            if (workflow.IsPaused)
            {
                return Outcome<InstanceSummary>.Fail(ErrorCodes.Conflict, WorkflowDefinitions.WorkflowField, "The workflow is paused.");
            }
        }

        var data = new Dictionary<string, object?>(StringComparer.Ordinal) { ["trigger.type"] = actor.Role == ActorRole.Integration ? WorkflowTriggerTypes.Api : WorkflowTriggerTypes.Manual };
        foreach (var (name, value) in input ?? new Dictionary<string, object?>())
        {
            data[$"input.{name}"] = value;
        }

        var key = requestKey is null ? $"manual:{Guid.CreateVersion7():N}" : $"request:{actor.KeyId?.ToString("N") ?? actor.UserId?.ToString("N")}:{requestKey}";
        var instance = await engine.StartAsync(workflowId, key, new WorkflowStart((string)data["trigger.type"]!, data, null, actor.UserId), ct);
        if (instance is null)
        {
            return Outcome<InstanceSummary>.Fail(ErrorCodes.Conflict, WorkflowDefinitions.WorkflowField, "The workflow could not be started.");
        }

        await using var again = await contexts.CreateDbContextAsync(ct);
        return Outcome<InstanceSummary>.Ok(Summary(await again.WorkflowInstances.AsNoTracking().SingleAsync(i => i.Id == instance.Id, ct)));
    }

    /// <summary>A faulted instance goes on from the step that failed, with its attempts counted afresh; the steps it ran are not run again.</summary>
    public Task<Outcome<InstanceSummary>> RetryAsync(Guid instanceId, CancellationToken ct = default) =>
        ChangeAsync(instanceId, (db, instance, run, now) =>
        {
            if (instance.Status != WorkflowInstanceStatus.Faulted)
            {
                return Outcome<InstanceSummary>.Fail(ErrorCodes.Conflict, InstanceField, "Only a faulted run can be retried.");
            }

            run.Retry();
            instance.Status = WorkflowInstanceStatus.Running;
            instance.Error = null;
            instance.FaultedStep = null;
            db.OutboxMessages.Add(Outbox.Row(new WorkflowAdvance(instance.TenantId, instance.Id), now));
            return null;
        }, ct);

    /// <summary>Stops a run that has not ended: its tokens go, the tasks they waited for close.</summary>
    public Task<Outcome<InstanceSummary>> CancelAsync(Guid instanceId, CancellationToken ct = default) =>
        ChangeAsync(instanceId, (db, instance, run, now) =>
        {
            if (instance.Status is WorkflowInstanceStatus.Completed or WorkflowInstanceStatus.Cancelled)
            {
                return Outcome<InstanceSummary>.Fail(ErrorCodes.Conflict, InstanceField, "This run has ended already.");
            }

            run.Cancel("The run was cancelled by an admin.");
            foreach (var task in db.WorkflowTasks.Where(t => t.InstanceId == instance.Id && (t.Status == WorkflowTaskStatus.Open || t.Status == WorkflowTaskStatus.SentBack)))
            {
                task.Status = WorkflowTaskStatus.Closed;
                task.ClosedReason = "The run was cancelled by an admin.";
                task.DecidedAt = now;
                task.Revision++;
            }

            instance.Status = WorkflowInstanceStatus.Cancelled;
            instance.EndedAt = now;
            instance.WakeAt = null;
            return null;
        }, ct);

    private delegate Outcome<InstanceSummary>? InstanceChange(PlatformDbContext db, WorkflowInstance instance, WorkflowRun run, DateTimeOffset now);

    private async Task<Outcome<InstanceSummary>> ChangeAsync(Guid instanceId, InstanceChange change, CancellationToken ct)
    {
        var actor = await actors.GetAsync(ct);
        if (!actor.IsTenantAdmin)
        {
            return Refusals.Forbidden<InstanceSummary>(ChangeRefused);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var instance = await db.WorkflowInstances.FirstOrDefaultAsync(i => i.Id == instanceId, ct);
        if (instance is null)
        {
            return NotFound<InstanceSummary>();
        }

        var now = clock.GetUtcNow();
        var state = WorkflowState.Read(instance.StateJson);
        var definition = await definitions.GetAsync(db, instance.WorkflowId, instance.Version, ct);
        var run = new WorkflowRun(definition, state, new Dictionary<string, object?>(), expressions, options.Value.Limits, now);
        if (change(db, instance, run, now) is { } refused)
        {
            return refused;
        }

        instance.StateJson = state.Write();
        instance.UpdatedAt = now;
        instance.Revision++;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome<InstanceSummary>.Fail(ErrorCodes.Conflict, InstanceField, "The run moved on a moment ago; look at it again.");
        }

        if (instance.WakeAt is null)
        {
            await timers.ScheduleAsync(instance.Id, null, ct);
        }

        return Outcome<InstanceSummary>.Ok(Summary(instance));
    }

    private static InstanceSummary Summary(WorkflowInstance i) =>
        new(i.Id, i.WorkflowId, i.Version, i.Status, i.TriggerType, i.BookingId, i.StartedAt, i.UpdatedAt, i.EndedAt, i.FaultedStep, i.Error);

    private static Outcome<T> NotFound<T>() => Outcome<T>.Fail(ErrorCodes.NotFound, InstanceField, "There is no such run.");
}
