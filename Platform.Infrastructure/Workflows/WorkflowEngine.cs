using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Core.Events;
using Platform.Core.Workflows;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Events;

namespace Platform.Infrastructure.Workflows;

/// <summary>What starts an instance: the trigger, its data (flat <c>name: value</c>), the booking it is about and who caused it.</summary>
public sealed record WorkflowStart(string TriggerType, IReadOnlyDictionary<string, object?> Data, Guid? BookingId = null, Guid? StartedBy = null);

/// <summary>
/// Runs workflow instances of the current tenant (ADR 0030). Each round loads an instance, lets <see cref="WorkflowRun"/>
/// move its tokens, and saves the new state with the round's timeline lines, tasks and queued messages in one save that
/// holds only if nobody saved the instance since it was loaded (<see cref="WorkflowInstance.Revision"/>); a round that
/// loses is thrown away and run again on the winner's state. So a step is recorded, and its e-mail queued, once.
/// Calls outside the database (webhooks, booking changes) are claimed in a round, made after its save, and their result
/// is the next round's input: such a call is made once unless its node dies before the result is saved, and then again.
/// </summary>
public sealed class WorkflowEngine(
    IDbContextFactory<PlatformDbContext> contexts,
    WorkflowDefinitionCache definitions,
    IWorkflowExpressions expressions,
    WorkflowOutsideCalls outside,
    WorkflowTimers timers,
    IOptions<WorkflowOptions> options,
    TimeProvider clock,
    ILogger<WorkflowEngine> logger)
{
    private const int MaxConflicts = 20;

    /// <summary>
    /// Starts the newest version of <paramref name="workflowId"/> (published, not paused) for <paramref name="startKey"/>, and
    /// runs it until it waits. The same key starts one instance: a second call answers with the first instance.
    /// The new instance and its first round are one save (nobody else can hold an instance not yet written), so a start
    /// reads the workflow and writes once; the unique start key turns a second start of the same key into the first's.
    /// </summary>
    public async Task<WorkflowInstance?> StartAsync(Guid workflowId, string startKey, WorkflowStart start, CancellationToken ct = default)
    {
        IReadOnlyList<OutsideCall> claimed;
        WorkflowInstance instance;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            var workflow = await db.Workflows.AsNoTracking().Where(w => w.Id == workflowId)
                .Select(w => new { w.Name, w.LatestVersion, w.IsPaused }).FirstOrDefaultAsync(ct);
            if (workflow is null || workflow.LatestVersion == 0 || workflow.IsPaused)
            {
                return null;
            }

            var definition = await definitions.GetAsync(db, workflowId, workflow.LatestVersion, ct);
            var now = clock.GetUtcNow();
            start = start with { Data = new Dictionary<string, object?>(start.Data, StringComparer.Ordinal) { ["workflow.name"] = workflow.Name } };
            var state = new WorkflowState();
            instance = new WorkflowInstance
            {
                TenantId = db.CurrentTenantId ?? throw new InvalidOperationException("Workflows belong to a tenant."),
                WorkflowId = workflowId,
                Version = workflow.LatestVersion,
                StartKey = startKey,
                TriggerType = start.TriggerType,
                BookingId = start.BookingId,
                StartedBy = start.StartedBy,
                DataJson = WriteData(start.Data),
                StartedAt = now,
                UpdatedAt = now,
                Status = WorkflowInstanceStatus.Running,
            };
            var run = new WorkflowRun(definition, state, start.Data, expressions, options.Value.Limits, now);
            run.Start();
            instance.StateJson = state.Write();
            db.WorkflowInstances.Add(instance);
            if (run.Fault is { } fault)
            {
                Faulted(instance, fault, now);
                claimed = [];
            }
            else
            {
                claimed = await RunAsync(db, instance, [], firstRound: true, ct);
            }

            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Started before with this key (a redelivered event), or by another node at the same moment: that instance
                // is the one, run on from where it is.
                await using var again = await contexts.CreateDbContextAsync(ct);
                var earlier = await again.WorkflowInstances.AsNoTracking().FirstOrDefaultAsync(i => i.WorkflowId == workflowId && i.StartKey == startKey, ct)
                    ?? throw new InvalidOperationException($"Instance of workflow {workflowId} for {startKey} could not be saved.");
                await AdvanceAsync(earlier.Id, ct);
                return earlier;
            }
        }

        logger.LogInformation("Workflow {WorkflowId} version {Version} started instance {InstanceId} ({Trigger})", workflowId, instance.Version, instance.Id, start.TriggerType);
        if (instance.WakeAt is { } wake)
        {
            await timers.ScheduleAsync(instance.Id, wake, ct);
        }

        if (claimed.Count > 0)
        {
            await RunOnAsync(instance.Id, claimed, ct);
        }

        return instance;
    }

    /// <summary>Runs the instance until every token waits (or it ends or faults): decided tasks, due times, ready steps, calls outside.</summary>
    public Task AdvanceAsync(Guid instanceId, CancellationToken ct = default) => RunOnAsync(instanceId, [], ct);

    /// <summary>Runs the instance on, first making the calls outside that a round already claimed.</summary>
    private async Task RunOnAsync(Guid instanceId, IReadOnlyList<OutsideCall> claimed, CancellationToken ct)
    {
        var results = new List<OutsideResult>();
        for (var round = 0; round < options.Value.MaxSteps; round++)
        {
            foreach (var call in claimed)
            {
                results.Add(await outside.CallAsync(call, ct));
            }

            if (round > 0 && claimed.Count == 0)
            {
                return;
            }

            claimed = await RoundAsync(instanceId, results, ct);
            results.Clear();
        }
    }

    /// <summary>One round, run again on the newer state whenever another save of the instance came first.</summary>
    private async Task<IReadOnlyList<OutsideCall>> RoundAsync(Guid instanceId, IReadOnlyList<OutsideResult> results, CancellationToken ct)
    {
        for (var conflict = 0; ; conflict++)
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            var instance = await db.WorkflowInstances.FirstOrDefaultAsync(i => i.Id == instanceId, ct);
            if (instance is null || instance.Status is not (WorkflowInstanceStatus.Running or WorkflowInstanceStatus.Waiting))
            {
                return [];
            }

            var scheduled = instance.WakeAt;
            var claimed = await RunAsync(db, instance, results, firstRound: false, ct);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (conflict < MaxConflicts)
            {
                // Lost to another save of the instance (its revision, or a timeline line of the same number): run on its state.
                if (e is not DbUpdateConcurrencyException && !await ChangedSinceAsync(instanceId, instance.Revision - 1, ct))
                {
                    throw;
                }

                logger.LogDebug("Workflow instance {InstanceId} was saved by someone else first; running the round again", instanceId);
                continue;
            }

            if (instance.WakeAt != scheduled)
            {
                await timers.ScheduleAsync(instance.Id, instance.WakeAt, ct);
            }

            return claimed;
        }
    }

    private async Task<bool> ChangedSinceAsync(Guid instanceId, int revision, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.WorkflowInstances.AsNoTracking().AnyAsync(i => i.Id == instanceId && i.Revision != revision, ct);
    }

    /// <summary>One round on <paramref name="instance"/>; <paramref name="firstRound"/>: it is new, with no timeline yet.</summary>
    private async Task<IReadOnlyList<OutsideCall>> RunAsync(PlatformDbContext db, WorkflowInstance instance, IReadOnlyList<OutsideResult> results, bool firstRound, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var definition = await definitions.GetAsync(db, instance.WorkflowId, instance.Version, ct);
        var state = WorkflowState.Read(instance.StateJson);
        var data = ReadData(instance.DataJson);
        var run = new WorkflowRun(definition, state, data, expressions, options.Value.Limits, now);

        foreach (var result in results)
        {
            _ = result.Error is null ? run.CompleteOutside(result.TokenId, result.Output ?? []) : run.FailOutside(result.TokenId, result.Error);
        }

        var waitingFor = run.WaitingTasks();
        var tasks = waitingFor.Count == 0 ? [] : await db.WorkflowTasks.Where(t => waitingFor.Contains(t.Id)).ToListAsync(ct);
        foreach (var task in tasks.Where(t => t.Status is WorkflowTaskStatus.Approved or WorkflowTaskStatus.Rejected))
        {
            run.Decide(task.Id, task.Status == WorkflowTaskStatus.Approved ? "approved" : "rejected", new JsonObject
            {
                ["decision"] = task.Status == WorkflowTaskStatus.Approved ? "approved" : "rejected",
                ["by"] = task.DecidedBy?.ToString(),
                ["comment"] = task.Comment,
            });
        }

        foreach (var task in tasks.Where(t => t.IsOpen))
        {
            Deadlines(db, instance, task, now);
        }

        run.Wake();
        run.RunReady();

        var claimed = new List<OutsideCall>();
        var sequence = firstRound ? 0 : await db.WorkflowStepRecords.Where(r => r.InstanceId == instance.Id).MaxAsync(r => (int?)r.Sequence, ct) ?? 0;
        foreach (var action in run.Actions)
        {
            switch (action)
            {
                case WorkflowAction.StepRan ran:
                    db.WorkflowStepRecords.Add(new WorkflowStepRecord
                    {
                        InstanceId = instance.Id,
                        Sequence = ++sequence,
                        StepId = ran.Step.Id,
                        StepType = ran.Step.Type,
                        TokenId = ran.TokenId,
                        Port = ran.Port,
                        Attempt = ran.Attempt,
                        At = now,
                        OutputJson = Clip(ran.Output?.ToJsonString(), WorkflowStepRecord.MaxDataLength),
                        Error = Clip(ran.Error, WorkflowInstance.MaxErrorLength),
                        ByUserId = ran.Output?["by"] is JsonValue by && Guid.TryParse(by.GetValue<string>(), out var user) ? user : null,
                    });
                    break;
                case WorkflowAction.TaskOpened opened:
                    OpenTask(db, instance, opened, data, now);
                    break;
                case WorkflowAction.TasksClosed closed:
                    await CloseTasksAsync(db, tasks, closed, now, ct);
                    break;
                case WorkflowAction.EffectQueued effect:
                    db.OutboxMessages.Add(Outbox.Row(new WorkflowStepEffect(instance.TenantId, instance.Id, effect.Step.Id, effect.TokenId), now));
                    break;
                case WorkflowAction.OutsideClaimed call:
                    claimed.Add(new OutsideCall(instance.Id, instance.WorkflowId, instance.BookingId, call.TokenId, call.Step, call.Attempt, data));
                    break;
            }
        }

        instance.StateJson = state.Write();
        instance.UpdatedAt = now;
        instance.Revision++;
        if (run.Completed)
        {
            instance.Status = WorkflowInstanceStatus.Completed;
            instance.EndedAt = now;
        }
        else if (run.Fault is { } fault)
        {
            Faulted(instance, fault, now);
            logger.LogWarning("Workflow instance {InstanceId} faulted at step {StepId}: {Error}", instance.Id, fault.StepId, fault.Error);
        }
        else
        {
            instance.Status = state.Tokens.Any(t => t.Status is WorkflowTokenStatus.Running || (t.Status is WorkflowTokenStatus.Ready && t.DueAt is null))
                ? WorkflowInstanceStatus.Running
                : WorkflowInstanceStatus.Waiting;
        }

        var open = tasks.Where(t => t.IsOpen && !run.Actions.OfType<WorkflowAction.TasksClosed>().Any(c => c.TaskIds.Contains(t.Id)))
            .Concat(db.ChangeTracker.Entries<WorkflowTask>().Where(e => e.State == EntityState.Added).Select(e => e.Entity));
        instance.WakeAt = instance.Status is WorkflowInstanceStatus.Running or WorkflowInstanceStatus.Waiting
            ? new[] { run.NextDue() }.Concat(open.Select(NextDue)).Where(d => d is not null).Min()
            : null;
        return claimed;
    }

    /// <summary>A task's reminder and deadline: remind once, then at the deadline hand it to the escalation role (or tell it is overdue).</summary>
    private void Deadlines(PlatformDbContext db, WorkflowInstance instance, WorkflowTask task, DateTimeOffset now)
    {
        if (task.Status != WorkflowTaskStatus.Open)
        {
            return;
        }

        if (task.DueAt <= now && task.EscalatedAt is null)
        {
            task.EscalatedAt = now;
            task.Revision++;
            if (task.EscalationRole is { } role)
            {
                task.AssigneeRole = role;
                task.AssigneeUserId = null;
                task.DueAt = null;
            }

            db.OutboxMessages.Add(Outbox.Row(new WorkflowTaskNotice(instance.TenantId, task.Id,
                task.EscalationRole is null ? WorkflowTaskNoticeKind.Overdue : WorkflowTaskNoticeKind.Escalated), now));
            logger.LogInformation("Task {TaskId} of instance {InstanceId} passed its deadline; escalated to {Role}", task.Id, instance.Id, task.EscalationRole);
        }
        else if (task.RemindAt <= now && task.RemindedAt is null)
        {
            task.RemindedAt = now;
            task.Revision++;
            db.OutboxMessages.Add(Outbox.Row(new WorkflowTaskNotice(instance.TenantId, task.Id, WorkflowTaskNoticeKind.Reminder), now));
        }
    }

    private static DateTimeOffset? NextDue(WorkflowTask task) =>
        task.Status != WorkflowTaskStatus.Open ? null
        : task.RemindAt is { } remind && task.RemindedAt is null && task.EscalatedAt is null ? remind
        : task.EscalatedAt is null ? task.DueAt
        : null;

    private static void OpenTask(PlatformDbContext db, WorkflowInstance instance, WorkflowAction.TaskOpened opened, IReadOnlyDictionary<string, object?> data, DateTimeOffset now)
    {
        var step = opened.Step;
        var deadline = WorkflowValidator.Duration(step.Deadline);
        var reminder = WorkflowValidator.Duration(step.Reminder);
        var subject = data.GetValueOrDefault("booking.service") is string service
            ? $"{service} for {data.GetValueOrDefault("booking.customer")}"
            : data.GetValueOrDefault("workflow.name") as string ?? "a workflow";
        var title = $"{(string.IsNullOrWhiteSpace(step.Name) ? "Approve" : step.Name.Trim())}: {subject}";
        db.WorkflowTasks.Add(new WorkflowTask
        {
            Id = opened.TaskId,
            WorkflowId = instance.WorkflowId,
            InstanceId = instance.Id,
            StepId = step.Id,
            Title = title.Length > WorkflowTask.MaxTitleLength ? title[..WorkflowTask.MaxTitleLength] : title,
            BookingId = instance.BookingId,
            AssigneeUserId = step.AssigneeUser,
            AssigneeRole = step.AssigneeUser is null ? step.AssigneeRole : null,
            RequestedBy = instance.StartedBy,
            Status = WorkflowTaskStatus.Open,
            CreatedAt = now,
            DueAt = deadline is { } d ? now + d : null,
            RemindAt = reminder is { } r ? now + r : null,
            EscalationRole = step.EscalationRole,
        });
        db.OutboxMessages.Add(Outbox.Row(new WorkflowTaskNotice(instance.TenantId, opened.TaskId, WorkflowTaskNoticeKind.Assigned), now));
    }

    private static async Task CloseTasksAsync(PlatformDbContext db, List<WorkflowTask> loaded, WorkflowAction.TasksClosed closed, DateTimeOffset now, CancellationToken ct)
    {
        var ids = closed.TaskIds.ToList();
        var added = db.ChangeTracker.Entries<WorkflowTask>().Select(e => e.Entity).Where(t => ids.Contains(t.Id));
        var missing = ids.Except(loaded.Select(t => t.Id)).Except(added.Select(t => t.Id)).ToList();
        var more = missing.Count == 0 ? [] : await db.WorkflowTasks.Where(t => missing.Contains(t.Id)).ToListAsync(ct);
        foreach (var task in loaded.Concat(added).Concat(more).Where(t => ids.Contains(t.Id) && t.IsOpen).Distinct())
        {
            task.Status = WorkflowTaskStatus.Closed;
            task.ClosedReason = closed.Reason;
            task.DecidedAt = now;
            task.Revision++;
        }
    }

    private static void Faulted(WorkflowInstance instance, (string StepId, string Error) fault, DateTimeOffset now)
    {
        instance.Status = WorkflowInstanceStatus.Faulted;
        instance.FaultedStep = fault.StepId;
        instance.Error = Clip(fault.Error, WorkflowInstance.MaxErrorLength);
        instance.WakeAt = null;
        instance.UpdatedAt = now;
    }

    private static string? Clip(string? text, int max) => text is { Length: var n } && n > max ? text[..max] : text;

    public static string WriteData(IReadOnlyDictionary<string, object?> data) =>
        new JsonObject(data.Select(p => KeyValuePair.Create(p.Key, WorkflowValues.ToJson(p.Value)))).ToJsonString();

    public static IReadOnlyDictionary<string, object?> ReadData(string json) =>
        (JsonNode.Parse(string.IsNullOrWhiteSpace(json) ? "{}" : json) as JsonObject ?? [])
            .ToDictionary(p => p.Key, p => WorkflowValues.FromJson(p.Value), StringComparer.Ordinal);
}

/// <summary>Published versions never change, so each is read from the database once per process.</summary>
public sealed class WorkflowDefinitionCache
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(Guid, int), WorkflowDefinition> _versions = new();

    public async Task<WorkflowDefinition> GetAsync(PlatformDbContext db, Guid workflowId, int version, CancellationToken ct)
    {
        if (_versions.TryGetValue((workflowId, version), out var known))
        {
            return known;
        }

        var json = await db.WorkflowVersions.AsNoTracking().Where(v => v.WorkflowId == workflowId && v.Number == version).Select(v => v.Json).SingleAsync(ct);
        var definition = WorkflowJson.TryRead(json, out var read, out _, out var error) ? read : throw new JsonException($"Version {version} of workflow {workflowId} is unreadable: {error}");
        if (_versions.Count > 10_000)
        {
            _versions.Clear();
        }

        return _versions[(workflowId, version)] = definition;
    }
}
