using System.Globalization;
using System.Text.Json.Nodes;

namespace Platform.Core.Workflows;

/// <summary>How an instance runs: how often a step is tried, how long between tries, how many steps at most.</summary>
public sealed record WorkflowRunLimits
{
    /// <summary>Attempts of a failing step before the instance is faulted.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>The wait after the first failure; it doubles with each further one.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Steps one instance may run in all (loop protection).</summary>
    public int MaxSteps { get; init; } = 1000;

    /// <summary>How long a node owns a call outside (a webhook, a booking change) before it counts as failed.</summary>
    public TimeSpan OutsideLease { get; init; } = TimeSpan.FromMinutes(2);

    public TimeSpan Backoff(int failures) => TimeSpan.FromTicks(RetryDelay.Ticks * (1L << Math.Clamp(failures - 1, 0, 20)));
}

/// <summary>What running an instance did, in order, for the store to record and carry out in the same save.</summary>
public abstract record WorkflowAction
{
    /// <summary>A step ran (or failed): a line of the instance's timeline.</summary>
    public sealed record StepRan(Guid TokenId, WorkflowStep Step, string? Port, JsonObject? Output, string? Error, int Attempt) : WorkflowAction;

    /// <summary>An approval step opened a task, with this id, for its token.</summary>
    public sealed record TaskOpened(Guid TaskId, Guid TokenId, WorkflowStep Step) : WorkflowAction;

    /// <summary>Open tasks that no longer matter (the instance ended, or a join went on without their branch).</summary>
    public sealed record TasksClosed(IReadOnlyList<Guid> TaskIds, string Reason) : WorkflowAction;

    /// <summary>An e-mail, text message or in-app notification to queue in the outbox.</summary>
    public sealed record EffectQueued(Guid TokenId, WorkflowStep Step) : WorkflowAction;

    /// <summary>A call outside the database (webhook, booking change) this node claimed; its result comes back through <see cref="WorkflowRun.CompleteOutside"/>.</summary>
    public sealed record OutsideClaimed(Guid TokenId, WorkflowStep Step, int Attempt) : WorkflowAction;
}

/// <summary>
/// Runs an instance of a published definition over its <see cref="WorkflowState"/>, with no I/O: it moves tokens through
/// steps, evaluates expressions, forks and joins, and says what must happen outside (<see cref="Actions"/>): tasks to
/// open or close, messages to queue, calls to make. The store loads the state, calls this, and saves the state with the
/// actions' records in one transaction, so a step is recorded, and its effects queued, once or not at all.
/// An <c>end</c> step ends the whole instance, closing what the other branches were waiting for.
/// </summary>
public sealed class WorkflowRun(
    WorkflowDefinition definition,
    WorkflowState state,
    IReadOnlyDictionary<string, object?> data,
    IWorkflowExpressions expressions,
    WorkflowRunLimits limits,
    DateTimeOffset now)
{
    private readonly Dictionary<string, WorkflowStep> _steps = definition.Steps.GroupBy(s => s.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    private readonly Dictionary<(string From, string Port), string> _edges = definition.Edges
        .GroupBy(e => (e.From, e.Port)).ToDictionary(g => g.Key, g => g.First().To);

    public WorkflowState State => state;

    public List<WorkflowAction> Actions { get; } = [];

    /// <summary>Set when an end step was reached: the instance is complete.</summary>
    public bool Completed { get; private set; }

    /// <summary>Set when a step failed its last attempt, or the instance ran too many steps: the step and why.</summary>
    public (string StepId, string Error)? Fault { get; private set; }

    /// <summary>The first token, at the definition's start step.</summary>
    public void Start()
    {
        if (definition.Start is not { } start || !_steps.ContainsKey(start))
        {
            Fault = ("", "The definition has no start step.");
            return;
        }

        state.Tokens.Add(new WorkflowToken { StepId = start, Status = WorkflowTokenStatus.Ready });
    }

    /// <summary>The approval <paramref name="taskId"/> was decided: its token leaves through <paramref name="port"/> ("approved" or "rejected").</summary>
    public bool Decide(Guid taskId, string port, JsonObject output)
    {
        if (state.Tokens.FirstOrDefault(t => t.Status == WorkflowTokenStatus.Waiting && t.TaskId == taskId) is not { } token)
        {
            return false;
        }

        var step = _steps[token.StepId];
        Record(token, step, port, output, error: null);
        token.TaskId = null;
        Move(token, port);
        return true;
    }

    /// <summary>Delays whose time has come go on; tokens whose outside call outlived its claim count that attempt as failed.</summary>
    public void Wake()
    {
        foreach (var token in state.Tokens.ToList())
        {
            if (token.Status == WorkflowTokenStatus.Waiting && token.TaskId is null && token.DueAt <= now)
            {
                var step = _steps[token.StepId];
                token.DueAt = null;
                Record(token, step, WorkflowStepTypes.Next, new JsonObject { ["waited"] = true }, null);
                Move(token, WorkflowStepTypes.Next);
            }
            else if (token.Status == WorkflowTokenStatus.Running && token.ClaimedUntil <= now)
            {
                Failed(token, _steps[token.StepId], "The call did not finish in time (the node making it may have stopped).");
            }
        }
    }

    /// <summary>The claimed call of <paramref name="tokenId"/> succeeded with <paramref name="output"/>.</summary>
    public bool CompleteOutside(Guid tokenId, JsonObject output)
    {
        if (state.Tokens.FirstOrDefault(t => t.Id == tokenId && t.Status == WorkflowTokenStatus.Running) is not { } token)
        {
            return false;
        }

        var step = _steps[token.StepId];
        token.ClaimedUntil = null;
        Record(token, step, WorkflowStepTypes.Next, output, null);
        Move(token, WorkflowStepTypes.Next);
        return true;
    }

    /// <summary>The claimed call of <paramref name="tokenId"/> failed: tried again after a while, or the instance faults.</summary>
    public bool FailOutside(Guid tokenId, string error)
    {
        if (state.Tokens.FirstOrDefault(t => t.Id == tokenId && t.Status == WorkflowTokenStatus.Running) is not { } token)
        {
            return false;
        }

        Failed(token, _steps[token.StepId], error);
        return true;
    }

    /// <summary>
    /// An admin's retry of a faulted instance: every token that failed its last attempt is tried again from its step, with its
    /// attempts counted afresh. Steps it ran already are not run again.
    /// </summary>
    public void Retry()
    {
        foreach (var token in state.Tokens.Where(t => t.Error is not null && t.Status == WorkflowTokenStatus.Ready))
        {
            token.Attempts = 0;
            token.DueAt = null;
        }

        if (state.Steps >= limits.MaxSteps)
        {
            // Loop protection stopped it: a retry gives it as many steps again.
            state.Steps = 0;
        }
    }

    /// <summary>Runs every ready token until each waits, claims a call outside, joins or ends. Stops at the first fault.</summary>
    public void RunReady()
    {
        while (!Completed && Fault is null
               && state.Tokens.FirstOrDefault(t => t.Status == WorkflowTokenStatus.Ready && (t.DueAt is null || t.DueAt <= now)) is { } token)
        {
            if (state.Steps >= limits.MaxSteps)
            {
                Fault = (token.StepId, $"The instance ran {limits.MaxSteps} steps; loop protection stopped it.");
                return;
            }

            state.Steps++;
            Execute(token);
        }
    }

    /// <summary>The earliest time something of this instance is due: a delay, a retry or the end of a claim.</summary>
    public DateTimeOffset? NextDue() => state.Tokens
        .Select(t => t.Status switch
        {
            WorkflowTokenStatus.Waiting when t.TaskId is null => t.DueAt,
            WorkflowTokenStatus.Ready => t.DueAt,
            WorkflowTokenStatus.Running => t.ClaimedUntil,
            _ => null,
        })
        .Where(d => d is not null).Min();

    /// <summary>The tasks the instance's tokens wait for.</summary>
    public IReadOnlyList<Guid> WaitingTasks() => [.. state.Tokens.Where(t => t.TaskId is { }).Select(t => t.TaskId!.Value)];

    /// <summary>Ends the instance where it stands (an admin's cancel): every token goes, and the tasks they waited for close.</summary>
    public void Cancel(string reason) => EndAll(reason);

    /// <summary>The values expressions see: the trigger's data by name, the variables by bare name, outputs as <c>step.field</c>.</summary>
    public IReadOnlyDictionary<string, object?> Values()
    {
        var values = new Dictionary<string, object?>(data, StringComparer.Ordinal);
        foreach (var (name, value) in state.Outputs)
        {
            values[name] = WorkflowValues.FromJson(value);
        }

        foreach (var (name, value) in state.Variables)
        {
            values[name] = WorkflowValues.FromJson(value);
        }

        return values;
    }

    private void Execute(WorkflowToken token)
    {
        var step = _steps[token.StepId];
        switch (step.Type)
        {
            case WorkflowStepTypes.Condition:
                if (Evaluate(token, step, step.Expression!) is var (evaluated, condition) && evaluated)
                {
                    if (condition is not bool yes)
                    {
                        Failed(token, step, $"The condition gave “{WorkflowValues.Text(condition)}”, not true or false.");
                        return;
                    }

                    Pass(token, step, yes ? "true" : "false", new JsonObject { ["value"] = yes });
                }

                return;

            case WorkflowStepTypes.Switch:
                if (Evaluate(token, step, step.Expression!) is var (found, value) && found)
                {
                    var text = WorkflowValues.Text(value);
                    var port = (step.Cases ?? []).FirstOrDefault(c => string.Equals(c, text, StringComparison.Ordinal)) ?? WorkflowStepTypes.Default;
                    Pass(token, step, port, new JsonObject { ["value"] = text });
                }

                return;

            case WorkflowStepTypes.SetVariable:
                if (Evaluate(token, step, step.Expression!) is var (ok, result) && ok)
                {
                    state.Variables[step.Variable!] = WorkflowValues.ToJson(result);
                    Pass(token, step, WorkflowStepTypes.Next, new JsonObject { [step.Variable!] = WorkflowValues.ToJson(result) });
                }

                return;

            case WorkflowStepTypes.Fork:
                Fork(token, step);
                return;

            case WorkflowStepTypes.Join:
                Join(token, step);
                return;

            case WorkflowStepTypes.Approval:
                token.Status = WorkflowTokenStatus.Waiting;
                token.TaskId = Guid.CreateVersion7();
                token.Attempts = 0;
                token.Error = null;
                Actions.Add(new WorkflowAction.TaskOpened(token.TaskId.Value, token.Id, step));
                return;

            case WorkflowStepTypes.Delay:
                Delay(token, step);
                return;

            case WorkflowStepTypes.SendEmail or WorkflowStepTypes.SendSms or WorkflowStepTypes.Notify:
                Actions.Add(new WorkflowAction.EffectQueued(token.Id, step));
                Pass(token, step, WorkflowStepTypes.Next, new JsonObject { ["queued"] = true });
                return;

            case WorkflowStepTypes.Webhook or WorkflowStepTypes.ChangeBooking:
                token.Status = WorkflowTokenStatus.Running;
                token.ClaimedUntil = now + limits.OutsideLease;
                Actions.Add(new WorkflowAction.OutsideClaimed(token.Id, step, token.Attempts + 1));
                return;

            case WorkflowStepTypes.End:
                Record(token, step, null, null, null);
                state.Tokens.Remove(token);
                EndAll("The workflow reached its end.");
                Completed = true;
                return;

            default:
                Failed(token, step, $"“{step.Type}” is not a step this engine runs.");
                return;
        }
    }

    private void Fork(WorkflowToken token, WorkflowStep step)
    {
        var activation = ++state.LastActivation;
        state.Forks[activation] = step.Id;
        Record(token, step, null, new JsonObject { ["branches"] = new JsonArray([.. (step.Branches ?? []).Select(b => (JsonNode?)JsonValue.Create(b))]) }, null);
        state.Tokens.Remove(token);
        foreach (var branch in (step.Branches ?? []).Distinct(StringComparer.Ordinal))
        {
            var frame = $"{activation.ToString(CultureInfo.InvariantCulture)}.{branch}";
            state.Tokens.Add(new WorkflowToken
            {
                StepId = _edges[(step.Id, branch)],
                Path = token.Path.Length == 0 ? frame : $"{token.Path}/{frame}",
                Status = WorkflowTokenStatus.Ready,
            });
        }
    }

    private void Join(WorkflowToken token, WorkflowStep step)
    {
        if (token.Activation is not { } activation || !state.Forks.TryGetValue(activation, out var fork) || fork != step.Fork)
        {
            Failed(token, step, $"A token reached the join “{step.Id}” from outside the branches of fork “{step.Fork}”.");
            return;
        }

        token.Status = WorkflowTokenStatus.Joined;
        var branches = _steps[fork].Branches?.Distinct(StringComparer.Ordinal).Count() ?? 0;
        var needed = step.Mode switch
        {
            "any" => 1,
            "count" => Math.Clamp(step.Count ?? branches, 1, branches),
            _ => branches,
        };
        var arrived = state.Tokens.Count(t => t.Status == WorkflowTokenStatus.Joined && t.StepId == step.Id && t.Activation == activation);
        if (arrived < needed)
        {
            Record(token, step, null, new JsonObject { ["arrived"] = arrived, ["needed"] = needed }, null);
            return;
        }

        // Enough branches are in: the joined tokens become one, and branches still on their way are no longer waited for.
        var left = state.Tokens.Where(t => t.IsInside(activation)).ToList();
        var closed = left.Where(t => t.TaskId is { }).Select(t => t.TaskId!.Value).ToList();
        if (closed.Count > 0)
        {
            Actions.Add(new WorkflowAction.TasksClosed(closed, $"The join “{step.Id}” went on without this branch."));
        }

        foreach (var other in left)
        {
            state.Tokens.Remove(other);
        }

        state.Forks.Remove(activation);
        var joined = new WorkflowToken { StepId = step.Id, Path = token.OuterPath, Status = WorkflowTokenStatus.Ready };
        state.Tokens.Add(joined);
        Record(joined, step, WorkflowStepTypes.Next, new JsonObject { ["arrived"] = arrived, ["needed"] = needed }, null);
        Move(joined, WorkflowStepTypes.Next);
    }

    private void Delay(WorkflowToken token, WorkflowStep step)
    {
        DateTimeOffset due;
        if (step.Duration is { } duration)
        {
            due = now + (WorkflowValidator.Duration(duration) ?? TimeSpan.Zero);
        }
        else if (Evaluate(token, step, step.Until!) is var (found, value) && found)
        {
            if (value is DateTimeOffset time)
            {
                due = time;
            }
            else if (value is string text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                due = parsed;
            }
            else
            {
                Failed(token, step, $"“until” gave “{WorkflowValues.Text(value)}”, not a time.");
                return;
            }
        }
        else
        {
            return;
        }

        token.Status = WorkflowTokenStatus.Waiting;
        token.DueAt = due;
        token.Attempts = 0;
        token.Error = null;
        if (due <= now)
        {
            token.DueAt = null;
            Pass(token, step, WorkflowStepTypes.Next, new JsonObject { ["waited"] = false });
        }
    }

    /// <summary>The expression's value, or (false, null) after the failure was recorded.</summary>
    private (bool Found, object? Value) Evaluate(WorkflowToken token, WorkflowStep step, string expression)
    {
        var result = expressions.Evaluate(expression, Values());
        if (result.Problem is { } problem)
        {
            Failed(token, step, $"The expression “{expression}” failed: {problem}");
            return (false, null);
        }

        return (true, result.Value);
    }

    private void Pass(WorkflowToken token, WorkflowStep step, string port, JsonObject? output)
    {
        Record(token, step, port, output, null);
        Move(token, port);
    }

    private void Record(WorkflowToken token, WorkflowStep step, string? port, JsonObject? output, string? error)
    {
        if (output is not null && error is null)
        {
            foreach (var (field, value) in output)
            {
                state.Outputs[$"{step.Id}.{field}"] = value?.DeepClone();
            }
        }

        Actions.Add(new WorkflowAction.StepRan(token.Id, step, port, output, error, token.Attempts + 1));
    }

    /// <summary>The token leaves its step through <paramref name="port"/> and is ready at the step the edge leads to.</summary>
    private void Move(WorkflowToken token, string port)
    {
        if (!_edges.TryGetValue((token.StepId, port), out var next))
        {
            Fault = (token.StepId, $"The step “{token.StepId}” has no edge from its port “{port}”.");
            return;
        }

        token.StepId = next;
        token.Status = WorkflowTokenStatus.Ready;
        token.DueAt = null;
        token.Attempts = 0;
        token.Error = null;
        token.ClaimedUntil = null;
    }

    /// <summary>A failed attempt: tried again after the backoff, or, at the last attempt, the instance is faulted.</summary>
    private void Failed(WorkflowToken token, WorkflowStep step, string error)
    {
        Record(token, step, null, null, error);
        token.Attempts++;
        token.Error = error;
        token.Status = WorkflowTokenStatus.Ready;
        token.ClaimedUntil = null;
        if (token.Attempts >= limits.MaxAttempts)
        {
            token.DueAt = null;
            Fault = (step.Id, error);
            return;
        }

        token.DueAt = now + limits.Backoff(token.Attempts);
    }

    private void EndAll(string reason)
    {
        var tasks = state.Tokens.Where(t => t.TaskId is { }).Select(t => t.TaskId!.Value).ToList();
        if (tasks.Count > 0)
        {
            Actions.Add(new WorkflowAction.TasksClosed(tasks, reason));
        }

        state.Tokens.Clear();
        state.Forks.Clear();
    }
}
