using Microsoft.EntityFrameworkCore;
using Platform.Core.Access;
using Platform.Core.Common;
using Platform.Core.Errors;
using Platform.Core.Events;
using Platform.Core.Identity;
using Platform.Infrastructure.Access;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Events;

namespace Platform.Infrastructure.Workflows;

/// <summary>Which tasks a list shows: open ones for me (mine, my roles', sent back to me) or what I decided, sent back or handed on.</summary>
public enum TaskInbox
{
    Open,
    History,
}

public enum TaskDecision
{
    Approve,
    Reject,
}

/// <summary>An approval task as the inbox shows it, with what the current person may do with it.</summary>
public sealed record TaskItem(
    Guid Id,
    string Title,
    Guid WorkflowId,
    string WorkflowName,
    Guid InstanceId,
    string StepId,
    WorkflowTaskStatus Status,
    Guid? AssigneeUserId,
    string? AssigneeName,
    string? AssigneeRole,
    Guid? BookingId,
    DateTimeOffset? BookingStartUtc,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DueAt,
    DateTimeOffset? EscalatedAt,
    string? Comment,
    string? DecidedByName,
    DateTimeOffset? DecidedAt,
    string? ClosedReason,
    bool MayDecide,
    bool MayResubmit,
    bool MaySendBack);

/// <summary>A member of staff a task can be handed to: enough to choose them, nothing more.</summary>
public sealed record TaskDelegate(Guid UserId, string DisplayName, IReadOnlyList<string> Roles);

/// <summary>What happened to one task of a bulk decision.</summary>
public sealed record TaskDecisionResult(Guid TaskId, bool Succeeded, string? Error);

/// <summary>
/// The approvals inbox of the current person: tasks assigned to them or to a role they hold (a manager holds Staff's, an
/// admin Manager's too), tasks sent back to them, and what they decided. Deciding (approve, reject, send back) is for
/// the assignee, and one person decides at most one task of an instance, so two approvals take two people. Each change
/// is saved with a <see cref="WorkflowAdvance"/> in the outbox, which runs the instance on. Another tenant's task is not found.
/// </summary>
public sealed class WorkflowTasks(IDbContextFactory<PlatformDbContext> contexts, ICurrentActor actors, TimeProvider clock)
{
    public const string TaskField = "Task";
    public const string CommentField = "Comment";

    private const string StaffOnly = "Only the business's staff have approval tasks.";

    public async Task<Outcome<Page<TaskItem>>> ListAsync(TaskInbox inbox, PageRequest page, CancellationToken ct = default)
    {
        var actor = await actors.GetAsync(ct);
        if (PersonOf(actor) is not { } me)
        {
            return Refusals.Forbidden<Page<TaskItem>>(StaffOnly);
        }

        var roles = RolesOf(actor);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var tasks = inbox == TaskInbox.Open
            ? db.WorkflowTasks.AsNoTracking().Where(t =>
                (t.Status == WorkflowTaskStatus.Open && (t.AssigneeUserId == me || (t.AssigneeUserId == null && roles.Contains(t.AssigneeRole!))))
                || (t.Status == WorkflowTaskStatus.SentBack && t.RequestedBy == me))
            : db.WorkflowTasks.AsNoTracking().Where(t => t.DecidedBy == me || t.DelegatedBy == me);
        var total = await tasks.CountAsync(ct);
        var ordered = inbox == TaskInbox.Open
            ? tasks.OrderBy(t => t.DueAt == null).ThenBy(t => t.DueAt).ThenBy(t => t.CreatedAt).ThenBy(t => t.Id)
            : tasks.OrderByDescending(t => t.DecidedAt ?? t.DelegatedAt ?? t.CreatedAt).ThenByDescending(t => t.Id);
        var rows = await ordered.Skip(page.Skip).Take(page.Size).ToListAsync(ct);
        var items = await ItemsAsync(db, actor, rows, ct);
        return Outcome<Page<TaskItem>>.Ok(Page<TaskItem>.Of(items, page, total));
    }

    public async Task<Outcome<TaskItem>> GetAsync(Guid taskId, CancellationToken ct = default)
    {
        var actor = await actors.GetAsync(ct);
        if (PersonOf(actor) is null && !actor.ManagesTenant)
        {
            return Refusals.Forbidden<TaskItem>(StaffOnly);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await VisibleAsync(db.WorkflowTasks.AsNoTracking(), actor, taskId, ct) is not { } task)
        {
            return NotFound<TaskItem>();
        }

        return Outcome<TaskItem>.Ok((await ItemsAsync(db, actor, [task], ct))[0]);
    }

    /// <summary>The tasks of one run, oldest first, for its viewer; the caller has checked that the actor may see the run.</summary>
    internal static async Task<IReadOnlyList<TaskItem>> OfInstanceAsync(PlatformDbContext db, Actor actor, Guid instanceId, CancellationToken ct)
    {
        var rows = await db.WorkflowTasks.AsNoTracking().Where(t => t.InstanceId == instanceId).OrderBy(t => t.CreatedAt).ThenBy(t => t.Id).ToListAsync(ct);
        return await ItemsAsync(db, actor, rows, ct);
    }

    /// <summary>Approves or rejects; a rejection needs a comment, which the requester and the timeline see.</summary>
    public Task<Outcome<TaskItem>> DecideAsync(Guid taskId, TaskDecision decision, string? comment, CancellationToken ct = default) =>
        ChangeAsync(taskId, comment, requireComment: decision == TaskDecision.Reject, async (db, actor, me, task, text, now) =>
        {
            if (await MayDecideAsync(db, actor, me, task, ct) is { } refused)
            {
                return refused;
            }

            task.Status = decision == TaskDecision.Approve ? WorkflowTaskStatus.Approved : WorkflowTaskStatus.Rejected;
            task.DecidedBy = me;
            task.DecidedAt = now;
            task.Comment = text;
            db.OutboxMessages.Add(Outbox.Row(new WorkflowAdvance(task.TenantId, task.InstanceId), now));
            return null;
        }, ct);

    /// <summary>The same decision for several tasks, each on its own: one refused does not stop the others.</summary>
    public async Task<IReadOnlyList<TaskDecisionResult>> DecideManyAsync(IReadOnlyCollection<Guid> taskIds, TaskDecision decision, string? comment, CancellationToken ct = default)
    {
        var results = new List<TaskDecisionResult>();
        foreach (var id in taskIds.Distinct().Take(PageRequest.MaxSize))
        {
            var outcome = await DecideAsync(id, decision, comment, ct);
            results.Add(new TaskDecisionResult(id, outcome.Succeeded, outcome.Succeeded ? null : string.Join(" ", outcome.Errors.SelectMany(e => e.Value))));
        }

        return results;
    }

    /// <summary>Sends the task back to whoever asked, with a comment saying what to change; the branch waits for their resubmission.</summary>
    public Task<Outcome<TaskItem>> SendBackAsync(Guid taskId, string? comment, CancellationToken ct = default) =>
        ChangeAsync(taskId, comment, requireComment: true, async (db, actor, me, task, text, now) =>
        {
            if (await MayDecideAsync(db, actor, me, task, ct) is { } refused)
            {
                return refused;
            }

            if (task.RequestedBy is not { } requester || !(await StaffAmongAsync(db, [requester], ct)).Contains(requester))
            {
                return Outcome<TaskItem>.Fail(ErrorCodes.Conflict, TaskField, "Nobody on the staff asked for this (it came from the portal, a customer or the platform), so it cannot be sent back. Approve or reject it.");
            }

            task.Status = WorkflowTaskStatus.SentBack;
            task.Comment = text;
            // Who sent it back and when, so it shows in their history while it waits; a resubmission clears both.
            task.DecidedBy = me;
            task.DecidedAt = now;
            db.OutboxMessages.Add(Outbox.Row(new WorkflowTaskNotice(task.TenantId, task.Id, WorkflowTaskNoticeKind.SentBack), now));
            return null;
        }, ct);

    /// <summary>The requester answers a sent-back task: it opens again for its assignee, with their comment.</summary>
    public Task<Outcome<TaskItem>> ResubmitAsync(Guid taskId, string? comment, CancellationToken ct = default) =>
        ChangeAsync(taskId, comment, requireComment: false, (db, actor, me, task, text, now) =>
        {
            if (task.Status != WorkflowTaskStatus.SentBack || task.RequestedBy != me)
            {
                return Task.FromResult<Outcome<TaskItem>?>(task.Status == WorkflowTaskStatus.SentBack
                    ? Refusals.Forbidden<TaskItem>("Only the person it was sent back to can resubmit it.")
                    : Outcome<TaskItem>.Fail(ErrorCodes.Conflict, TaskField, "This task is not waiting for a resubmission."));
            }

            task.Status = WorkflowTaskStatus.Open;
            task.Comment = text ?? task.Comment;
            task.DecidedBy = null;
            task.DecidedAt = null;
            db.OutboxMessages.Add(Outbox.Row(new WorkflowTaskNotice(task.TenantId, task.Id, WorkflowTaskNoticeKind.Assigned), now));
            return Task.FromResult<Outcome<TaskItem>?>(null);
        }, ct);

    /// <summary>Hands the task to another member of staff, who is told; the one who delegated sees it in their history.</summary>
    public Task<Outcome<TaskItem>> DelegateAsync(Guid taskId, Guid toUserId, string? comment, CancellationToken ct = default) =>
        ChangeAsync(taskId, comment, requireComment: false, async (db, actor, me, task, text, now) =>
        {
            if (await MayDecideAsync(db, actor, me, task, ct) is { } refused)
            {
                return refused;
            }

            if (toUserId == me)
            {
                return Outcome<TaskItem>.Fail(ErrorCodes.ValidationFailed, "UserId", "Choose someone other than yourself.");
            }

            if (!(await StaffAmongAsync(db, [toUserId], ct)).Contains(toUserId))
            {
                return Outcome<TaskItem>.Fail(ErrorCodes.ValidationFailed, "UserId", "There is no such member of staff here.");
            }

            task.AssigneeUserId = toUserId;
            task.AssigneeRole = null;
            task.DelegatedBy = me;
            task.DelegatedAt = now;
            task.Comment = text ?? task.Comment;
            db.OutboxMessages.Add(Outbox.Row(new WorkflowTaskNotice(task.TenantId, task.Id, WorkflowTaskNoticeKind.Delegated), now));
            return null;
        }, ct);

    /// <summary>
    /// Whom the current person may hand the task to: the business's other staff (not themselves, not its assignee). Only
    /// someone who may decide the task asks, so a member of staff sees the team's names here without the people directory.
    /// </summary>
    public async Task<Outcome<IReadOnlyList<TaskDelegate>>> DelegatesAsync(Guid taskId, CancellationToken ct = default)
    {
        var actor = await actors.GetAsync(ct);
        if (PersonOf(actor) is not { } me)
        {
            return Refusals.Forbidden<IReadOnlyList<TaskDelegate>>(StaffOnly);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await VisibleAsync(db.WorkflowTasks.AsNoTracking(), actor, taskId, ct) is not { } task)
        {
            return NotFound<IReadOnlyList<TaskDelegate>>();
        }

        if (await MayDecideAsync(db, actor, me, task, ct) is { } refused)
        {
            return new(null, refused.Errors, refused.Code);
        }

        var assignee = task.AssigneeUserId ?? Guid.Empty;
        var staff = await StaffRoles(db).Where(x => x.UserId != me && x.UserId != assignee).ToListAsync(ct);
        return Outcome<IReadOnlyList<TaskDelegate>>.Ok([.. staff.GroupBy(x => (x.UserId, x.DisplayName))
            .Select(g => new TaskDelegate(g.Key.UserId, g.Key.DisplayName, [.. g.Select(x => x.Role).Order(StringComparer.Ordinal)]))
            .OrderBy(d => d.DisplayName, StringComparer.CurrentCulture).ThenBy(d => d.UserId)]);
    }

    private delegate Task<Outcome<TaskItem>?> TaskChange(PlatformDbContext db, Actor actor, Guid me, WorkflowTask task, string? comment, DateTimeOffset now);

    private async Task<Outcome<TaskItem>> ChangeAsync(Guid taskId, string? comment, bool requireComment, TaskChange change, CancellationToken ct)
    {
        var actor = await actors.GetAsync(ct);
        if (PersonOf(actor) is not { } me)
        {
            return Refusals.Forbidden<TaskItem>(StaffOnly);
        }

        var text = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (text is { Length: > WorkflowTask.MaxCommentLength })
        {
            return Outcome<TaskItem>.Fail(ErrorCodes.ValidationFailed, CommentField, $"The comment must be at most {WorkflowTask.MaxCommentLength} characters.");
        }

        if (requireComment && text is null)
        {
            return Outcome<TaskItem>.Fail(ErrorCodes.ValidationFailed, CommentField, "Say why in a comment: the requester and the timeline see it.");
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await VisibleAsync(db.WorkflowTasks, actor, taskId, ct) is not { } task)
        {
            return NotFound<TaskItem>();
        }

        if (await change(db, actor, me, task, text, clock.GetUtcNow()) is { } refused)
        {
            return refused;
        }

        task.Revision++;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome<TaskItem>.Fail(ErrorCodes.Conflict, TaskField, "This task changed a moment ago (decided, closed or escalated); look at it again.");
        }

        return Outcome<TaskItem>.Ok((await ItemsAsync(db, actor, [task], ct))[0]);
    }

    private static async Task<Outcome<TaskItem>?> MayDecideAsync(PlatformDbContext db, Actor actor, Guid me, WorkflowTask task, CancellationToken ct)
    {
        if (task.Status != WorkflowTaskStatus.Open)
        {
            return Outcome<TaskItem>.Fail(ErrorCodes.Conflict, TaskField, task.Status switch
            {
                WorkflowTaskStatus.SentBack => "This task was sent back and waits for the requester.",
                WorkflowTaskStatus.Closed => "This task was closed: it is no longer needed.",
                _ => "This task was decided already.",
            });
        }

        if (!IsAssignee(actor, me, task))
        {
            return Refusals.Forbidden<TaskItem>("This task is assigned to someone else.");
        }

        if (await db.WorkflowTasks.AnyAsync(t => t.InstanceId == task.InstanceId && t.Id != task.Id && t.DecidedBy == me, ct))
        {
            return Refusals.Forbidden<TaskItem>("You decided another approval of this request already; this one needs someone else.");
        }

        return null;
    }

    private static bool IsAssignee(Actor actor, Guid me, WorkflowTask task) =>
        task.AssigneeUserId == me || (task.AssigneeUserId is null && task.AssigneeRole is { } role && RolesOf(actor).Contains(role));

    private static bool Sees(Actor actor, WorkflowTask task) =>
        PersonOf(actor) is { } me && (IsAssignee(actor, me, task) || task.RequestedBy == me || task.DecidedBy == me || task.DelegatedBy == me);

    /// <summary>The person deciding: a signed-in member of staff. Keys and the platform do not decide approvals.</summary>
    private static Guid? PersonOf(Actor actor) =>
        actor.Role is ActorRole.Staff or ActorRole.Manager or ActorRole.TenantAdmin ? actor.UserId : null;

    /// <summary>The roles an actor acts in: a manager holds Staff's, an admin Manager's and Staff's too.</summary>
    public static IReadOnlyList<string> RolesOf(Actor actor) => actor.Role switch
    {
        ActorRole.TenantAdmin => [PlatformRoles.TenantAdmin, PlatformRoles.Manager, PlatformRoles.Staff],
        ActorRole.Manager => [PlatformRoles.Manager, PlatformRoles.Staff],
        ActorRole.Staff => [PlatformRoles.Staff],
        _ => [],
    };

    private static async Task<IReadOnlyList<TaskItem>> ItemsAsync(PlatformDbContext db, Actor actor, IReadOnlyList<WorkflowTask> tasks, CancellationToken ct)
    {
        var workflowIds = tasks.Select(t => t.WorkflowId).Distinct().ToList();
        var workflows = await db.Workflows.AsNoTracking().Where(w => workflowIds.Contains(w.Id)).ToDictionaryAsync(w => w.Id, w => w.Name, ct);
        var userIds = tasks.SelectMany(t => new[] { t.AssigneeUserId, t.DecidedBy }).OfType<Guid>().Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var bookingIds = tasks.Select(t => t.BookingId).OfType<Guid>().Distinct().ToList();
        var starts = await db.Bookings.AsNoTracking().Where(b => bookingIds.Contains(b.Id)).ToDictionaryAsync(b => b.Id, b => b.StartUtc, ct);
        var instanceIds = tasks.Select(t => t.InstanceId).Distinct().ToList();
        var decidedHere = PersonOf(actor) is { } me
            ? (await db.WorkflowTasks.AsNoTracking().Where(t => t.DecidedBy == me && instanceIds.Contains(t.InstanceId)).Select(t => t.InstanceId).ToListAsync(ct)).ToHashSet()
            : [];
        var staffRequesters = await StaffAmongAsync(db, [.. tasks.Select(t => t.RequestedBy).OfType<Guid>().Distinct()], ct);
        bool MayDecide(WorkflowTask t) =>
            t.Status == WorkflowTaskStatus.Open && PersonOf(actor) is { } person && IsAssignee(actor, person, t) && !decidedHere.Contains(t.InstanceId);
        return [.. tasks.Select(t => new TaskItem(
            t.Id, t.Title, t.WorkflowId, workflows.GetValueOrDefault(t.WorkflowId, ""), t.InstanceId, t.StepId, t.Status,
            t.AssigneeUserId, t.AssigneeUserId is { } a ? names.GetValueOrDefault(a) : null, t.AssigneeRole,
            t.BookingId, t.BookingId is { } b && starts.TryGetValue(b, out var start) ? start : null,
            t.CreatedAt, t.DueAt, t.EscalatedAt, t.Comment, t.DecidedBy is { } d ? names.GetValueOrDefault(d) : null, t.DecidedAt, t.ClosedReason,
            MayDecide: MayDecide(t),
            MayResubmit: t.Status == WorkflowTaskStatus.SentBack && PersonOf(actor) is { } requester && t.RequestedBy == requester,
            // Only a task someone on the staff asked for can go back to them; one from the portal or the platform cannot.
            MaySendBack: MayDecide(t) && t.RequestedBy is { } asker && staffRequesters.Contains(asker)))];
    }

    /// <summary>The task, when the actor may see it: a manager or admin sees every task, anyone else those that concern them.</summary>
    private static async Task<WorkflowTask?> VisibleAsync(IQueryable<WorkflowTask> tasks, Actor actor, Guid taskId, CancellationToken ct) =>
        await tasks.FirstOrDefaultAsync(t => t.Id == taskId, ct) is { } task && (actor.ManagesTenant || Sees(actor, task)) ? task : null;

    /// <summary>This business's staff, a row per staff role each holds (users are the tenant's; roles and their links are not).</summary>
    private static IQueryable<StaffRole> StaffRoles(PlatformDbContext db) =>
        db.Users.AsNoTracking()
            .Join(db.UserRoles, u => u.Id, ur => ur.UserId, (u, ur) => new { u.Id, u.DisplayName, ur.RoleId })
            .Join(db.Roles.Where(r => PlatformRoles.InvitableStaff.Contains(r.Name!)), x => x.RoleId, r => r.Id,
                (x, r) => new StaffRole { UserId = x.Id, DisplayName = x.DisplayName, Role = r.Name! });

    private sealed class StaffRole
    {
        public Guid UserId { get; init; }

        public string DisplayName { get; init; } = "";

        public string Role { get; init; } = "";
    }

    /// <summary>Which of <paramref name="userIds"/> are this business's staff (a customer's account is not).</summary>
    private static async Task<HashSet<Guid>> StaffAmongAsync(PlatformDbContext db, IReadOnlyCollection<Guid> userIds, CancellationToken ct) =>
        userIds.Count == 0
            ? []
            : (await StaffRoles(db).Where(x => userIds.Contains(x.UserId)).Select(x => x.UserId).ToListAsync(ct)).ToHashSet();

    private static Outcome<T> NotFound<T>() => Outcome<T>.Fail(ErrorCodes.NotFound, TaskField, "There is no such task.");
}
