using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Platform.Core.Common;
using Platform.Core.Errors;
using Platform.Core.Identity;
using Platform.Infrastructure.Identity;
using Platform.Infrastructure.Workflows;
using Platform.Web.Security;

namespace Platform.Web.Api.V1;

/// <summary>
/// What runs of workflows the API offers (docs/workflows.md): the instances of a workflow and one instance's timeline
/// (managers, keys with workflows:read), starting a manual or api workflow (managers, keys with workflows:run), retry and
/// cancel (admins); and the approvals inbox of the signed-in member of staff, under /tasks.
/// </summary>
public static class WorkflowRunEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        var workflows = v1.MapGroup("/workflows").WithTags("Workflow runs");
        workflows.MapGet("/{id:guid}/instances", ListAsync).RequireAuthorization(PlatformPolicies.TenantManager).RequireApiKeyScope(ApiKeyScopes.WorkflowsRead)
            .WithSummary("The workflow's runs, newest first, paged; ?status=Running|Waiting|Completed|Faulted|Cancelled.");
        workflows.MapPost("/{id:guid}/instances", StartAsync).RequireAuthorization(PlatformPolicies.TenantManager).RequireApiKeyScope(ApiKeyScopes.WorkflowsRun)
            .WithSummary("Starts a workflow whose trigger is manual or api, with { input: { name: value } }. An Idempotency-Key header makes a retry start nothing twice.");

        var instances = v1.MapGroup("/workflow-instances").WithTags("Workflow runs");
        instances.MapGet("/{id:guid}", GetAsync).RequireAuthorization(PlatformPolicies.TenantManager).RequireApiKeyScope(ApiKeyScopes.WorkflowsRead)
            .WithSummary("One run: its data, variables, where its tokens stand, its timeline and its tasks.");
        instances.MapPost("/{id:guid}/retry", RetryAsync).RequireAuthorization(PlatformPolicies.TenantAdmin)
            .WithSummary("Retries a faulted run from the step that failed; the steps it ran are not run again.");
        instances.MapPost("/{id:guid}/cancel", CancelAsync).RequireAuthorization(PlatformPolicies.TenantAdmin)
            .WithSummary("Cancels a run that has not ended; the tasks it waited for close.");

        var tasks = v1.MapGroup("/tasks").WithTags("Approvals").RequireAuthorization(PlatformPolicies.TenantStaff);
        tasks.MapGet("", ListTasksAsync).WithSummary("My approval tasks: ?inbox=open (mine, my roles', sent back to me) or history (what I decided, sent back or handed on), paged.");
        tasks.MapGet("/{id:guid}", GetTaskAsync).WithSummary("One task.");
        tasks.MapPost("/{id:guid}/approve", (Guid id, TaskComment? body, WorkflowTasks inbox, CancellationToken ct) => AnswerAsync(inbox.DecideAsync(id, TaskDecision.Approve, body?.Comment, ct)))
            .WithSummary("Approves the task, with an optional comment.");
        tasks.MapPost("/{id:guid}/reject", (Guid id, TaskComment? body, WorkflowTasks inbox, CancellationToken ct) => AnswerAsync(inbox.DecideAsync(id, TaskDecision.Reject, body?.Comment, ct)))
            .WithSummary("Rejects the task; a comment saying why is required.");
        tasks.MapPost("/{id:guid}/send-back", (Guid id, TaskComment? body, WorkflowTasks inbox, CancellationToken ct) => AnswerAsync(inbox.SendBackAsync(id, body?.Comment, ct)))
            .WithSummary("Sends the task back to whoever asked, with a comment saying what to change.");
        tasks.MapPost("/{id:guid}/resubmit", (Guid id, TaskComment? body, WorkflowTasks inbox, CancellationToken ct) => AnswerAsync(inbox.ResubmitAsync(id, body?.Comment, ct)))
            .WithSummary("Answers a task sent back to me: it opens again for its assignee.");
        tasks.MapGet("/{id:guid}/delegates", DelegatesAsync).WithSummary("Who the task can be handed to: the business's other staff, for whoever may decide it.");
        tasks.MapPost("/{id:guid}/delegate", DelegateAsync).WithSummary("Hands the task to another member of staff ({ userId, comment }).");
        tasks.MapPost("/decide", DecideManyAsync).WithSummary("Approves or rejects several tasks ({ taskIds, decision: approve|reject, comment }); each succeeds or fails on its own.");
    }

    public sealed record InstanceDto(Guid Id, Guid WorkflowId, int Version, string Status, string TriggerType, Guid? BookingId,
        DateTimeOffset StartedAt, DateTimeOffset UpdatedAt, DateTimeOffset? EndedAt, string? FaultedStep, string? Error)
    {
        public static InstanceDto From(InstanceSummary i) =>
            new(i.Id, i.WorkflowId, i.Version, i.Status.ToString(), i.TriggerType, i.BookingId, i.StartedAt, i.UpdatedAt, i.EndedAt, i.FaultedStep, i.Error);
    }

    public sealed record TokenDto(Guid Id, string StepId, string Status, string Path, DateTimeOffset? DueAt, int Attempts, string? Error, Guid? TaskId);

    public sealed record StepDto(int Sequence, string StepId, string StepType, string? StepName, Guid TokenId, string? Port, int Attempt, DateTimeOffset At,
        JsonElement? Output, string? Error, Guid? ByUserId, string? ByName);

    public sealed record TaskDto(Guid Id, string Title, Guid WorkflowId, string WorkflowName, Guid InstanceId, string StepId, string Status,
        Guid? AssigneeUserId, string? AssigneeName, string? AssigneeRole, Guid? BookingId, DateTimeOffset? BookingStartUtc, DateTimeOffset CreatedAt,
        DateTimeOffset? DueAt, DateTimeOffset? EscalatedAt, string? Comment, string? DecidedByName, DateTimeOffset? DecidedAt, string? ClosedReason,
        bool MayDecide, bool MayResubmit, bool MaySendBack)
    {
        public static TaskDto From(TaskItem t) => new(t.Id, t.Title, t.WorkflowId, t.WorkflowName, t.InstanceId, t.StepId, t.Status.ToString(),
            t.AssigneeUserId, t.AssigneeName, t.AssigneeRole, t.BookingId, t.BookingStartUtc, t.CreatedAt, t.DueAt, t.EscalatedAt, t.Comment,
            t.DecidedByName, t.DecidedAt, t.ClosedReason, t.MayDecide, t.MayResubmit, t.MaySendBack);
    }

    public sealed record TaskDelegateDto(Guid UserId, string DisplayName, IReadOnlyList<string> Roles);

    public sealed record InstanceDetailDto(InstanceDto Instance, string WorkflowName, IReadOnlyDictionary<string, string> Data,
        IReadOnlyDictionary<string, string> Variables, IReadOnlyList<TokenDto> Tokens, IReadOnlyList<StepDto> Timeline, IReadOnlyList<TaskDto> Tasks);

    public sealed record StartBody(Dictionary<string, JsonElement>? Input);

    public sealed record TaskComment(string? Comment);

    public sealed record DelegateBody(Guid? UserId, string? Comment);

    public sealed record DecideManyBody(IReadOnlyList<Guid>? TaskIds, string? Decision, string? Comment);

    public sealed record DecisionResultDto(Guid TaskId, bool Succeeded, string? Error);

    private static async Task<Results<Ok<PageOf<InstanceDto>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        Guid id, WorkflowInstances instances, string? status, int? page, int? pageSize, CancellationToken ct)
    {
        if (!PageRequest.TryCreate(page, pageSize, out var request, out var errors))
        {
            return ApiProblems.Invalid(errors);
        }

        WorkflowInstanceStatus? only = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (!Enum.TryParse<WorkflowInstanceStatus>(status, ignoreCase: true, out var parsed) || int.TryParse(status, out _))
            {
                return ApiProblems.Invalid(new Dictionary<string, string[]> { ["status"] = ["The status must be Running, Waiting, Completed, Faulted or Cancelled."] });
            }

            only = parsed;
        }

        var outcome = await instances.ListAsync(id, only, request, ct);
        return outcome.Succeeded ? TypedResults.Ok(PageOf<InstanceDto>.From(outcome.Value!, InstanceDto.From)) : ApiProblems.Of(outcome);
    }

    private static async Task<Results<Created<InstanceDto>, ValidationProblem, ProblemHttpResult>> StartAsync(
        Guid id, StartBody? body, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, WorkflowInstances instances, HttpContext http, CancellationToken ct)
    {
        var input = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in body?.Input ?? [])
        {
            object? read = value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number when value.TryGetDecimal(out var number) => number,
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.Null => null,
                _ => value,
            };
            if (read is JsonElement)
            {
                return ApiProblems.Invalid(new Dictionary<string, string[]> { [$"input.{name}"] = ["Each input value is text, a number, true, false or null."] });
            }

            input[name] = read;
        }

        var outcome = await instances.StartAsync(id, input, idempotencyKey, ct);
        return outcome.Succeeded
            ? TypedResults.Created($"{http.Request.PathBase}/api/v1/workflow-instances/{outcome.Value!.Id}", InstanceDto.From(outcome.Value))
            : ApiProblems.Of(outcome);
    }

    private static async Task<Results<Ok<InstanceDetailDto>, ProblemHttpResult>> GetAsync(Guid id, WorkflowInstances instances, CancellationToken ct)
    {
        var outcome = await instances.GetAsync(id, ct);
        if (outcome is not { Succeeded: true, Value: { } d })
        {
            return ApiProblems.Of(outcome);
        }

        return TypedResults.Ok(new InstanceDetailDto(InstanceDto.From(d.Instance), d.WorkflowName, d.Data, d.Variables,
            [.. d.Tokens.Select(t => new TokenDto(t.Id, t.StepId, t.Status.ToString(), t.Path, t.DueAt, t.Attempts, t.Error, t.TaskId))],
            [.. d.Timeline.Select(s => new StepDto(s.Sequence, s.StepId, s.StepType, s.StepName, s.TokenId, s.Port, s.Attempt, s.At,
                s.Output is null ? null : JsonDocument.Parse(s.Output).RootElement.Clone(), s.Error, s.ByUserId, s.ByName))],
            [.. d.Tasks.Select(TaskDto.From)]));
    }

    private static async Task<Results<Ok<InstanceDto>, ProblemHttpResult>> RetryAsync(Guid id, WorkflowInstances instances, CancellationToken ct)
    {
        var outcome = await instances.RetryAsync(id, ct);
        return outcome.Succeeded ? TypedResults.Ok(InstanceDto.From(outcome.Value!)) : ApiProblems.Of(outcome);
    }

    private static async Task<Results<Ok<InstanceDto>, ProblemHttpResult>> CancelAsync(Guid id, WorkflowInstances instances, CancellationToken ct)
    {
        var outcome = await instances.CancelAsync(id, ct);
        return outcome.Succeeded ? TypedResults.Ok(InstanceDto.From(outcome.Value!)) : ApiProblems.Of(outcome);
    }

    private static async Task<Results<Ok<PageOf<TaskDto>>, ValidationProblem, ProblemHttpResult>> ListTasksAsync(
        WorkflowTasks tasks, [FromQuery(Name = "inbox")] string? which, int? page, int? pageSize, CancellationToken ct)
    {
        if (!PageRequest.TryCreate(page, pageSize, out var request, out var errors))
        {
            return ApiProblems.Invalid(errors);
        }

        TaskInbox? chosen = string.IsNullOrEmpty(which) || which.Equals("open", StringComparison.OrdinalIgnoreCase) ? TaskInbox.Open
            : which.Equals("history", StringComparison.OrdinalIgnoreCase) ? TaskInbox.History
            : null;
        if (chosen is not { } list)
        {
            return ApiProblems.Invalid(new Dictionary<string, string[]> { ["inbox"] = ["The inbox is open or history."] });
        }

        var outcome = await tasks.ListAsync(list, request, ct);
        return outcome.Succeeded ? TypedResults.Ok(PageOf<TaskDto>.From(outcome.Value!, TaskDto.From)) : ApiProblems.Of(outcome);
    }

    private static Task<Results<Ok<TaskDto>, ProblemHttpResult>> GetTaskAsync(Guid id, WorkflowTasks inbox, CancellationToken ct) =>
        AnswerAsync(inbox.GetAsync(id, ct));

    private static async Task<Results<Ok<IReadOnlyList<TaskDelegateDto>>, ProblemHttpResult>> DelegatesAsync(Guid id, WorkflowTasks inbox, CancellationToken ct)
    {
        var outcome = await inbox.DelegatesAsync(id, ct);
        return outcome.Succeeded
            ? TypedResults.Ok<IReadOnlyList<TaskDelegateDto>>([.. outcome.Value!.Select(d => new TaskDelegateDto(d.UserId, d.DisplayName, d.Roles))])
            : ApiProblems.Of(outcome);
    }

    private static async Task<Results<Ok<TaskDto>, ProblemHttpResult>> DelegateAsync(Guid id, DelegateBody body, WorkflowTasks inbox, CancellationToken ct) =>
        body.UserId is { } user
            ? await AnswerAsync(inbox.DelegateAsync(id, user, body.Comment, ct))
            : ApiProblems.Of(Outcome<TaskItem>.Fail(ErrorCodes.ValidationFailed, "userId", "Say who to hand the task to (userId)."));

    private static async Task<Results<Ok<IReadOnlyList<DecisionResultDto>>, ProblemHttpResult>> DecideManyAsync(DecideManyBody body, WorkflowTasks inbox, CancellationToken ct)
    {
        var decision = body.Decision?.ToLowerInvariant() switch
        {
            "approve" => TaskDecision.Approve,
            "reject" => (TaskDecision?)TaskDecision.Reject,
            _ => null,
        };
        if (decision is null)
        {
            return ApiProblems.Of(Outcome<TaskItem>.Fail(ErrorCodes.ValidationFailed, "decision", "The decision is approve or reject."));
        }

        if (body.TaskIds is not { Count: > 0 and <= PageRequest.MaxSize } ids)
        {
            return ApiProblems.Of(Outcome<TaskItem>.Fail(ErrorCodes.ValidationFailed, "taskIds", $"Send 1 to {PageRequest.MaxSize} task ids."));
        }

        var results = await inbox.DecideManyAsync(ids, decision.Value, body.Comment, ct);
        return TypedResults.Ok<IReadOnlyList<DecisionResultDto>>([.. results.Select(r => new DecisionResultDto(r.TaskId, r.Succeeded, r.Error))]);
    }

    private static async Task<Results<Ok<TaskDto>, ProblemHttpResult>> AnswerAsync(Task<Outcome<TaskItem>> pending)
    {
        var outcome = await pending;
        return outcome.Succeeded ? TypedResults.Ok(TaskDto.From(outcome.Value!)) : ApiProblems.Of(outcome);
    }
}
