using System.Text.RegularExpressions;
using System.Xml;

namespace Platform.Core.Workflows;

/// <summary>One thing wrong with a definition: the step it concerns (null for the definition or its trigger), a stable code and a sentence.</summary>
public sealed record WorkflowProblem(string? StepId, string Code, string Message)
{
    /// <summary>The field of an <see cref="Common.Outcome{T}"/> failure: <c>steps[id]</c>, or <c>trigger</c>/<c>definition</c>.</summary>
    public string Field => StepId is null ? (Code.StartsWith("trigger.", StringComparison.Ordinal) ? "trigger" : "definition") : $"steps[{StepId}]";
}

/// <summary>What a definition may refer to in its tenant: the e-mail and SMS template keys and the role names that exist.</summary>
public sealed record WorkflowCatalog(IReadOnlySet<string> EmailTemplates, IReadOnlySet<string> SmsTemplates, IReadOnlySet<string> Roles)
{
    /// <summary>Whether a cron expression is valid; Infrastructure passes Quartz's parser, the default only counts its 6 or 7 fields.</summary>
    public Func<string, bool> CronIsValid { get; init; } = cron => cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length is 6 or 7;
}

/// <summary>
/// Checks a definition before it is published and returns every problem, each with the step it concerns: the trigger,
/// unknown step types, duplicate ids, edges to missing steps, ports used twice, missing or unknown, required settings,
/// templates and roles the tenant does not have, invalid expressions (with their position), unreachable steps, joins
/// without their fork and cycles that neither wait for time nor for a person. Pure: no database, no clock.
/// </summary>
public static partial class WorkflowValidator
{
    public const int MaxSteps = 200;
    public const int MaxNameLength = 120;
    public const int MaxDescriptionLength = 2000;
    public const int MaxStepIdLength = 64;

    /// <summary>The checks of a draft: its format and name, what a definition must have to be stored at all. A draft may be incomplete.</summary>
    public static IReadOnlyList<WorkflowProblem> CheckShape(WorkflowDefinition definition)
    {
        var problems = new List<WorkflowProblem>();
        if (definition.FormatVersion != WorkflowDefinition.CurrentFormatVersion)
        {
            problems.Add(new(null, "definition.format_version", $"This is format {definition.FormatVersion}; only format {WorkflowDefinition.CurrentFormatVersion} is read."));
        }

        if (string.IsNullOrWhiteSpace(definition.Name) || definition.Name.Trim().Length > MaxNameLength)
        {
            problems.Add(new(null, "definition.name", $"Give the workflow a name of 1 to {MaxNameLength} characters."));
        }

        if ((definition.Description ?? "").Length > MaxDescriptionLength)
        {
            problems.Add(new(null, "definition.description", $"The description has at most {MaxDescriptionLength} characters."));
        }

        if ((definition.Steps ?? []).Count > MaxSteps)
        {
            problems.Add(new(null, "definition.too_many_steps", $"A workflow has at most {MaxSteps} steps."));
        }

        if ((definition.Steps ?? []).Any(s => s is null) || (definition.Edges ?? []).Any(e => e is null))
        {
            problems.Add(new(null, "definition.null_entry", "Steps and edges are objects, never null."));
        }

        foreach (var step in (definition.Steps ?? []).Where(s => s?.Position is { } at
                     && (Math.Abs(at.X) > WorkflowEdits.MaxCoordinate || Math.Abs(at.Y) > WorkflowEdits.MaxCoordinate)))
        {
            problems.Add(new(step.Id, "step.position", $"A step's position is within {WorkflowEdits.MaxCoordinate:0} of the origin either way."));
        }

        return problems;
    }

    /// <summary>Every problem of <paramref name="definition"/> for publishing; empty when it may be published.</summary>
    public static IReadOnlyList<WorkflowProblem> Validate(WorkflowDefinition definition, WorkflowCatalog catalog, IWorkflowExpressions expressions)
    {
        var problems = new List<WorkflowProblem>(CheckShape(definition));
        if (problems.Any(p => p.Code == "definition.null_entry"))
        {
            return problems;
        }

        var steps = definition.Steps ?? [];
        var edges = definition.Edges ?? [];
        CheckTrigger(definition.Trigger, catalog, problems);

        var byId = new Dictionary<string, WorkflowStep>(StringComparer.Ordinal);
        foreach (var step in steps)
        {
            if (string.IsNullOrWhiteSpace(step.Id) || step.Id.Length > MaxStepIdLength || !StepId().IsMatch(step.Id))
            {
                problems.Add(new(step.Id, "step.invalid_id", $"A step id is 1 to {MaxStepIdLength} letters, digits, '-' or '_'."));
            }
            else if (!byId.TryAdd(step.Id, step))
            {
                problems.Add(new(step.Id, "step.duplicate_id", $"Another step already has the id “{step.Id}”."));
            }

            if (!WorkflowStepTypes.All.Contains(step.Type ?? ""))
            {
                problems.Add(new(step.Id, "step.unknown_type", $"“{step.Type}” is not a step type."));
                continue;
            }

            CheckSettings(step, definition, catalog, expressions, problems);
        }

        if (string.IsNullOrEmpty(definition.Start))
        {
            problems.Add(new(null, "definition.no_start", "Say which step the trigger starts (start)."));
        }
        else if (!byId.ContainsKey(definition.Start))
        {
            problems.Add(new(null, "definition.start_missing", $"The start step “{definition.Start}” does not exist."));
        }

        CheckEdges(steps, edges, byId, problems);
        var next = edges.Where(e => byId.ContainsKey(e.From ?? "") && byId.ContainsKey(e.To ?? ""))
            .GroupBy(e => e.From, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.To).Distinct(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
        if (definition.Start is { } start && byId.ContainsKey(start))
        {
            var reached = Reach(start, next);
            foreach (var step in byId.Values.Where(s => !reached.Contains(s.Id)))
            {
                problems.Add(new(step.Id, "step.unreachable", "No path from the trigger leads to this step."));
            }
        }

        CheckJoins(byId, next, problems);
        CheckCycles(steps, byId, next, problems);
        return problems;
    }

    private static void CheckTrigger(WorkflowTrigger? trigger, WorkflowCatalog catalog, List<WorkflowProblem> problems)
    {
        if (trigger is null || !WorkflowTriggerTypes.All.Contains(trigger.Type ?? ""))
        {
            problems.Add(new(null, "trigger.invalid", $"Choose a trigger: {string.Join(", ", WorkflowTriggerTypes.All)}."));
            return;
        }

        switch (trigger.Type)
        {
            case WorkflowTriggerTypes.BookingEvent when !WorkflowTriggerTypes.BookingEvents.Contains(trigger.Event ?? ""):
                problems.Add(new(null, "trigger.event", $"Choose a booking event: {string.Join(", ", WorkflowTriggerTypes.BookingEvents)}."));
                break;
            case WorkflowTriggerTypes.BookingTime:
                if (!WorkflowTriggerTypes.Anchors.Contains(trigger.Anchor ?? ""))
                {
                    problems.Add(new(null, "trigger.anchor", "Say whether the time is relative to the booking's start or end (anchor)."));
                }

                if (Duration(trigger.Offset) is null)
                {
                    problems.Add(new(null, "trigger.offset", "Give the offset as an ISO 8601 duration, e.g. -PT2H for two hours before."));
                }

                break;
            case WorkflowTriggerTypes.Schedule when string.IsNullOrWhiteSpace(trigger.Cron) || !catalog.CronIsValid(trigger.Cron):
                problems.Add(new(null, "trigger.cron", "Give a valid cron expression (seconds minutes hours day-of-month month day-of-week)."));
                break;
        }
    }

    private static void CheckSettings(WorkflowStep step, WorkflowDefinition definition, WorkflowCatalog catalog, IWorkflowExpressions expressions, List<WorkflowProblem> problems)
    {
        void Missing(string setting, string message) => problems.Add(new(step.Id, "setting.missing", $"{setting}: {message}"));
        void Invalid(string setting, string message) => problems.Add(new(step.Id, "setting.invalid", $"{setting}: {message}"));
        void Expression(string setting, string? text)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                Missing(setting, "an expression is required.");
            }
            else if (expressions.Check(text) is { } problem)
            {
                problems.Add(new(step.Id, "expression.invalid", $"{setting}: {problem}"));
            }
        }

        void Role(string setting, string? role)
        {
            if (role is not null && !catalog.Roles.Contains(role))
            {
                problems.Add(new(step.Id, "role.unknown", $"{setting}: the role “{role}” does not exist."));
            }
        }

        void Template(IReadOnlySet<string> known, string kind)
        {
            if (string.IsNullOrWhiteSpace(step.Template))
            {
                Missing("template", $"choose an {kind} template.");
            }
            else if (!known.Contains(step.Template))
            {
                problems.Add(new(step.Id, "template.unknown", $"template: there is no {kind} template “{step.Template}”."));
            }

            if (!WorkflowStepTypes.Recipients.Contains(step.To ?? ""))
            {
                Missing("to", "send it to the customer or the provider.");
            }
        }

        switch (step.Type)
        {
            case WorkflowStepTypes.Condition:
                Expression("expression", step.Expression);
                break;
            case WorkflowStepTypes.Switch:
                Expression("expression", step.Expression);
                if (step.Cases is not { Count: > 0 } cases || cases.Any(string.IsNullOrWhiteSpace) || cases.Contains(WorkflowStepTypes.Default))
                {
                    Missing("cases", "list one or more values to compare with (not empty, not “default”).");
                }

                break;
            case WorkflowStepTypes.Fork:
                if (step.Branches is not { Count: >= 2 } branches || branches.Any(string.IsNullOrWhiteSpace) || branches.Distinct(StringComparer.Ordinal).Count() != branches.Count)
                {
                    Missing("branches", "name two or more distinct branches.");
                }

                break;
            case WorkflowStepTypes.Join:
                if (!WorkflowStepTypes.JoinModes.Contains(step.Mode ?? ""))
                {
                    Missing("mode", "wait for all, any or count branches.");
                }

                var fork = (definition.Steps ?? []).FirstOrDefault(s => s.Id == step.Fork && s.Type == WorkflowStepTypes.Fork);
                if (step.Mode == "count" && (step.Count is not { } n || n < 1 || (fork?.Branches is { } b && n > b.Count)))
                {
                    Invalid("count", "wait for 1 to as many branches as the fork has.");
                }

                break;
            case WorkflowStepTypes.Approval:
                if ((step.AssigneeUser is null) == (step.AssigneeRole is null))
                {
                    Missing("assignee", "assign the task to one user (assigneeUser) or one role (assigneeRole).");
                }

                Role("assigneeRole", step.AssigneeRole);
                Role("escalationRole", step.EscalationRole);
                var deadline = step.Deadline is null ? (TimeSpan?)null : Duration(step.Deadline);
                if (step.Deadline is not null && deadline is not { Ticks: > 0 })
                {
                    Invalid("deadline", "give a positive ISO 8601 duration, e.g. P2D.");
                }

                if (step.Reminder is not null && (Duration(step.Reminder) is not { Ticks: > 0 } reminder || deadline is null || reminder >= deadline))
                {
                    Invalid("reminder", "give a positive ISO 8601 duration shorter than the deadline.");
                }

                if (step.EscalationRole is not null && step.Deadline is null)
                {
                    Missing("deadline", "an escalation needs a deadline.");
                }

                break;
            case WorkflowStepTypes.SendEmail:
                Template(catalog.EmailTemplates, "e-mail");
                break;
            case WorkflowStepTypes.SendSms:
                Template(catalog.SmsTemplates, "SMS");
                break;
            case WorkflowStepTypes.Notify:
                if ((step.AssigneeUser is null) == (step.AssigneeRole is null))
                {
                    Missing("assignee", "notify one user (assigneeUser) or one role (assigneeRole).");
                }

                Role("assigneeRole", step.AssigneeRole);
                if (string.IsNullOrWhiteSpace(step.Title))
                {
                    Missing("title", "give the notification a title.");
                }

                break;
            case WorkflowStepTypes.Webhook:
                if (!Uri.TryCreate(step.Url, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps)
                {
                    Missing("url", "give an absolute https address.");
                }

                break;
            case WorkflowStepTypes.Delay:
                if ((step.Duration is null) == (step.Until is null))
                {
                    Missing("duration", "wait for a duration or until a time, one of the two.");
                }
                else if (step.Duration is not null && Duration(step.Duration) is not { Ticks: > 0 })
                {
                    Invalid("duration", "give a positive ISO 8601 duration, e.g. PT2H.");
                }
                else if (step.Until is not null)
                {
                    Expression("until", step.Until);
                }

                break;
            case WorkflowStepTypes.ChangeBooking:
                if (!WorkflowStepTypes.BookingActions.Contains(step.Action ?? ""))
                {
                    Missing("action", "confirm, reject or cancel the booking.");
                }
                else if (step.Action != "confirm" && string.IsNullOrWhiteSpace(step.Reason))
                {
                    Missing("reason", "say why; the reason is recorded with the booking.");
                }

                break;
            case WorkflowStepTypes.SetVariable:
                if (string.IsNullOrWhiteSpace(step.Variable) || !VariableName().IsMatch(step.Variable))
                {
                    Missing("variable", "name the variable with letters, digits and '_', starting with a letter.");
                }

                Expression("expression", step.Expression);
                break;
        }
    }

    private static void CheckEdges(IReadOnlyList<WorkflowStep> steps, IReadOnlyList<WorkflowEdge> edges, Dictionary<string, WorkflowStep> byId, List<WorkflowProblem> problems)
    {
        foreach (var edge in edges)
        {
            if (!byId.ContainsKey(edge.From ?? ""))
            {
                problems.Add(new(edge.From, "edge.missing_step", $"An edge leaves “{edge.From}”, which is not a step."));
            }

            if (!byId.ContainsKey(edge.To ?? ""))
            {
                problems.Add(new(edge.From, "edge.missing_step", $"The edge from port “{edge.Port}” leads to “{edge.To}”, which is not a step."));
            }
        }

        foreach (var step in steps.Where(s => WorkflowStepTypes.All.Contains(s.Type ?? "")).DistinctBy(s => s.Id))
        {
            var ports = WorkflowStepTypes.PortsOf(step);
            var used = edges.Where(e => e.From == step.Id).GroupBy(e => e.Port ?? "", StringComparer.Ordinal).ToList();
            foreach (var port in used)
            {
                if (!ports.Contains(port.Key))
                {
                    problems.Add(new(step.Id, "port.unknown", ports.Count == 0
                        ? $"A {step.Type} step leaves through no port, but an edge leaves it through “{port.Key}”."
                        : $"A {step.Type} step has no port “{port.Key}”; its ports are {string.Join(", ", ports)}."));
                }
                else if (port.Count() > 1)
                {
                    problems.Add(new(step.Id, "port.duplicate", $"The port “{port.Key}” has {port.Count()} edges; it leads to one step."));
                }
            }

            foreach (var port in ports.Where(p => used.All(u => u.Key != p)))
            {
                problems.Add(new(step.Id, "port.missing", $"The port “{port}” leads nowhere; add an edge from it."));
            }
        }
    }

    /// <summary>A join names the fork it joins, and the join must be reachable from that fork.</summary>
    private static void CheckJoins(Dictionary<string, WorkflowStep> byId, Dictionary<string, List<string>> next, List<WorkflowProblem> problems)
    {
        foreach (var join in byId.Values.Where(s => s.Type == WorkflowStepTypes.Join))
        {
            if (join.Fork is null || !byId.TryGetValue(join.Fork, out var fork) || fork.Type != WorkflowStepTypes.Fork)
            {
                problems.Add(new(join.Id, "join.without_fork", $"A join names the fork whose branches it joins (fork); “{join.Fork}” is not a fork."));
            }
            else if (!Reach(fork.Id, next).Contains(join.Id))
            {
                problems.Add(new(join.Id, "join.without_fork", $"No branch of the fork “{fork.Id}” leads to this join."));
            }
        }
    }

    /// <summary>A cycle must pass a delay or an approval: the graph without those steps has no cycle.</summary>
    private static void CheckCycles(IReadOnlyList<WorkflowStep> steps, Dictionary<string, WorkflowStep> byId, Dictionary<string, List<string>> next, List<WorkflowProblem> problems)
    {
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var step in steps.Where(s => byId.TryGetValue(s.Id ?? "", out var first) && ReferenceEquals(first, s) && !WorkflowStepTypes.Waits.Contains(s.Type ?? "")))
        {
            if (reported.Contains(step.Id))
            {
                continue;
            }

            var loop = FindLoop(step.Id, byId, next);
            if (loop is not null)
            {
                reported.UnionWith(loop);
                problems.Add(new(step.Id, "cycle.without_wait", $"The steps {string.Join(" → ", loop.Append(step.Id))} loop without a delay or an approval."));
            }
        }
    }

    /// <summary>A path from <paramref name="start"/> back to itself through steps that do not wait, or null.</summary>
    private static List<string>? FindLoop(string start, Dictionary<string, WorkflowStep> byId, Dictionary<string, List<string>> next)
    {
        var parent = new Dictionary<string, string>(StringComparer.Ordinal);
        var queue = new Queue<string>([start]);
        while (queue.Count > 0)
        {
            var at = queue.Dequeue();
            foreach (var to in next.GetValueOrDefault(at) ?? [])
            {
                if (WorkflowStepTypes.Waits.Contains(byId[to].Type ?? ""))
                {
                    continue;
                }

                if (to == start)
                {
                    var path = new List<string> { at };
                    while (path[^1] != start)
                    {
                        path.Add(parent[path[^1]]);
                    }

                    path.Reverse();
                    return path;
                }

                if (parent.TryAdd(to, at))
                {
                    queue.Enqueue(to);
                }
            }
        }

        return null;
    }

    private static HashSet<string> Reach(string start, Dictionary<string, List<string>> next)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { start };
        var stack = new Stack<string>([start]);
        while (stack.Count > 0)
        {
            foreach (var to in next.GetValueOrDefault(stack.Pop()) ?? [])
            {
                if (seen.Add(to))
                {
                    stack.Push(to);
                }
            }
        }

        return seen;
    }

    /// <summary>An ISO 8601 duration ("PT2H", "-P1D"), or null when it is none.</summary>
    public static TimeSpan? Duration(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || !text.TrimStart('-').StartsWith('P'))
        {
            return null;
        }

        try
        {
            return XmlConvert.ToTimeSpan(text);
        }
        catch (FormatException)
        {
            return null;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex StepId();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex VariableName();
}
