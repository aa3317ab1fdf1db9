using Platform.Core.Workflows;
using Platform.Infrastructure.Workflows;

namespace Platform.Tests.Workflows;

/// <summary>
/// The validator returns every problem of a definition with the step it concerns. Each test breaks one rule of a
/// definition that is otherwise valid (<see cref="Valid_definition_has_no_problems"/>), so it fails without that rule.
/// </summary>
public sealed class WorkflowValidatorTests
{
    private static readonly WorkflowCatalog Catalog = new(
        new HashSet<string> { "booking.confirmed", "booking.reminder" },
        new HashSet<string> { "booking.reminder" },
        new HashSet<string> { "Manager", "TenantAdmin" });

    /// <summary>Two managers approve a booking in parallel; both yes confirms it and tells the customer, a no rejects it.</summary>
    public static WorkflowDefinition TwoApprovals() => new()
    {
        Name = "Two managers approve",
        Trigger = new WorkflowTrigger { Type = WorkflowTriggerTypes.BookingEvent, Event = "awaitingApproval" },
        Start = "large",
        Steps =
        [
            new() { Id = "large", Type = WorkflowStepTypes.Condition, Expression = "[booking.price] >= 500" },
            new() { Id = "split", Type = WorkflowStepTypes.Fork, Branches = ["first", "second"] },
            new() { Id = "approve-1", Type = WorkflowStepTypes.Approval, AssigneeRole = "Manager", Deadline = "P1D", Reminder = "PT12H", EscalationRole = "TenantAdmin" },
            new() { Id = "approve-2", Type = WorkflowStepTypes.Approval, AssigneeRole = "Manager" },
            new() { Id = "both", Type = WorkflowStepTypes.Join, Fork = "split", Mode = "all" },
            new() { Id = "confirm", Type = WorkflowStepTypes.ChangeBooking, Action = "confirm" },
            new() { Id = "tell", Type = WorkflowStepTypes.SendEmail, Template = "booking.confirmed", To = "customer" },
            new() { Id = "reject", Type = WorkflowStepTypes.ChangeBooking, Action = "reject", Reason = "A manager said no." },
            new() { Id = "done", Type = WorkflowStepTypes.End },
        ],
        Edges =
        [
            new("large", "true", "split"), new("large", "false", "confirm"),
            new("split", "first", "approve-1"), new("split", "second", "approve-2"),
            new("approve-1", "approved", "both"), new("approve-1", "rejected", "reject"),
            new("approve-2", "approved", "both"), new("approve-2", "rejected", "reject"),
            new("both", "next", "confirm"), new("confirm", "next", "tell"), new("tell", "next", "done"), new("reject", "next", "done"),
        ],
    };

    private static IReadOnlyList<WorkflowProblem> Validate(WorkflowDefinition definition) =>
        WorkflowValidator.Validate(definition, Catalog, new WorkflowExpressions());

    private static WorkflowDefinition Replace(WorkflowDefinition d, string id, Func<WorkflowStep, WorkflowStep> change) =>
        d with { Steps = [.. d.Steps.Select(s => s.Id == id ? change(s) : s)] };

    private static void Has(IReadOnlyList<WorkflowProblem> problems, string? stepId, string code) =>
        Assert.True(problems.Any(p => p.StepId == stepId && p.Code == code),
            $"Expected {code} on {stepId ?? "(definition)"}; found: {string.Join("; ", problems.Select(p => $"{p.StepId}:{p.Code} {p.Message}"))}");

    [Fact]
    public void Valid_definition_has_no_problems() => Assert.Empty(Validate(TwoApprovals()));

    [Fact]
    public void An_unreachable_step_is_named()
    {
        var d = TwoApprovals();
        d = d with { Steps = [.. d.Steps, new() { Id = "orphan", Type = WorkflowStepTypes.End }] };
        var problems = Validate(d);
        Has(problems, "orphan", "step.unreachable");
        Assert.Single(problems);
    }

    [Fact]
    public void A_join_without_its_fork_is_named()
    {
        Has(Validate(Replace(TwoApprovals(), "both", s => s with { Fork = "confirm" })), "both", "join.without_fork");
        Has(Validate(Replace(TwoApprovals(), "both", s => s with { Fork = null })), "both", "join.without_fork");
    }

    [Fact]
    public void A_join_no_branch_of_its_fork_reaches_is_named()
    {
        // A second fork whose branches end without the join: the join names it, but nothing of it leads there.
        var d = TwoApprovals();
        d = d with
        {
            Steps = [.. d.Steps, new() { Id = "other", Type = WorkflowStepTypes.Fork, Branches = ["x", "y"] }],
            Edges = [.. d.Edges.Where(e => e != new WorkflowEdge("tell", "next", "done")), new("tell", "next", "other"), new("other", "x", "done"), new("other", "y", "done")],
        };
        d = Replace(d, "both", s => s with { Fork = "other" });
        Has(Validate(d), "both", "join.without_fork");
    }

    [Fact]
    public void A_cycle_without_a_delay_or_an_approval_is_named_and_one_through_an_approval_is_not()
    {
        var d = TwoApprovals();
        var spin = d with { Edges = [.. d.Edges.Where(e => e.From != "tell"), new("tell", "next", "confirm")] };
        var problems = Validate(spin);
        Has(problems, "confirm", "cycle.without_wait");
        Assert.Contains("confirm → tell → confirm", Assert.Single(problems, p => p.Code == "cycle.without_wait").Message, StringComparison.Ordinal);

        // Sent back to the first approval: a loop that waits for a person is fine.
        var sendBack = d with { Edges = [.. d.Edges.Where(e => e.From != "reject"), new("reject", "next", "approve-1")] };
        Assert.DoesNotContain(Validate(sendBack), p => p.Code == "cycle.without_wait");
    }

    [Fact]
    public void An_invalid_expression_is_named_with_its_position()
    {
        var problems = Validate(Replace(TwoApprovals(), "large", s => s with { Expression = "[booking.price] >= (500" }));
        var problem = Assert.Single(problems);
        Assert.Equal(("large", "expression.invalid"), (problem.StepId, problem.Code));
        Assert.Matches(@"at character \d+", problem.Message);

        Has(Validate(Replace(TwoApprovals(), "large", s => s with { Expression = "Sqrt(4) > 1" })), "large", "expression.invalid");
    }

    [Fact]
    public void Unknown_templates_and_roles_are_named()
    {
        Has(Validate(Replace(TwoApprovals(), "tell", s => s with { Template = "no.such" })), "tell", "template.unknown");
        Has(Validate(Replace(TwoApprovals(), "tell", s => s with { Type = WorkflowStepTypes.SendSms, Template = "booking.confirmed" })), "tell", "template.unknown");
        Has(Validate(Replace(TwoApprovals(), "approve-2", s => s with { AssigneeRole = "Janitor" })), "approve-2", "role.unknown");
        Has(Validate(Replace(TwoApprovals(), "approve-1", s => s with { EscalationRole = "Janitor" })), "approve-1", "role.unknown");
    }

    [Theory]
    [InlineData("approve-2", "assignee")]
    [InlineData("tell", "to")]
    [InlineData("reject", "reason")]
    [InlineData("split", "branches")]
    [InlineData("both", "mode")]
    public void Missing_required_settings_are_named(string stepId, string setting)
    {
        var d = Replace(TwoApprovals(), stepId, s => setting switch
        {
            "assignee" => s with { AssigneeRole = null },
            "to" => s with { To = null },
            "reason" => s with { Reason = null },
            "branches" => s with { Branches = ["only"] },
            _ => s with { Mode = null },
        });
        var problems = Validate(d);
        Assert.Contains(problems, p => p.StepId == stepId && p.Code == "setting.missing" && p.Message.StartsWith(setting, StringComparison.Ordinal));
    }

    [Fact]
    public void Settings_of_every_other_type_are_checked()
    {
        var d = TwoApprovals();
        d = d with
        {
            Steps = [.. d.Steps.Where(s => s.Id != "done"),
                new() { Id = "wait", Type = WorkflowStepTypes.Delay, Duration = "two hours" },
                new() { Id = "hook", Type = WorkflowStepTypes.Webhook, Url = "http://example.com/hook" },
                new() { Id = "note", Type = WorkflowStepTypes.Notify, AssigneeRole = "Manager" },
                new() { Id = "set", Type = WorkflowStepTypes.SetVariable, Variable = "1st", Expression = "1" },
                new() { Id = "pick", Type = WorkflowStepTypes.Switch, Expression = "[booking.status]" },
                new() { Id = "done", Type = WorkflowStepTypes.End }],
            Edges = [.. d.Edges.Where(e => e.To != "done"), new("tell", "next", "wait"), new("reject", "next", "wait"), new("wait", "next", "hook"), new("hook", "next", "note"),
                new("note", "next", "set"), new("set", "next", "pick"), new("pick", "default", "done")],
        };
        var problems = Validate(d);
        Has(problems, "wait", "setting.invalid");
        Has(problems, "hook", "setting.missing");
        Has(problems, "note", "setting.missing");
        Has(problems, "set", "setting.missing");
        Has(problems, "pick", "setting.missing");
        Assert.Equal(5, problems.Count);
    }

    [Fact]
    public void An_unknown_step_type_is_named()
    {
        var problems = Validate(Replace(TwoApprovals(), "tell", s => s with { Type = "sendFax" }));
        Has(problems, "tell", "step.unknown_type");
        // Its edge leaves through a port nobody checks, and nothing else is reported about it.
        Assert.Single(problems);
    }

    [Fact]
    public void Duplicate_ids_are_named()
    {
        var d = TwoApprovals();
        Has(Validate(d with { Steps = [.. d.Steps, new() { Id = "done", Type = WorkflowStepTypes.End }] }), "done", "step.duplicate_id");
    }

    [Fact]
    public void Edges_to_missing_steps_are_named()
    {
        var d = TwoApprovals();
        var problems = Validate(d with { Edges = [.. d.Edges.Where(e => e.From != "tell"), new("tell", "next", "nowhere")] });
        Has(problems, "tell", "edge.missing_step");
    }

    [Fact]
    public void A_port_used_twice_missing_or_unknown_is_named()
    {
        var d = TwoApprovals();
        Has(Validate(d with { Edges = [.. d.Edges, new("large", "true", "confirm")] }), "large", "port.duplicate");
        Has(Validate(d with { Edges = [.. d.Edges.Where(e => e != new WorkflowEdge("large", "false", "confirm"))] }), "large", "port.missing");
        Has(Validate(d with { Edges = [.. d.Edges, new("large", "maybe", "confirm")] }), "large", "port.unknown");
        Has(Validate(d with { Edges = [.. d.Edges, new("done", "next", "confirm")] }), "done", "port.unknown");
    }

    [Fact]
    public void The_trigger_and_the_start_are_checked()
    {
        var d = TwoApprovals();
        Has(Validate(d with { Trigger = null }), null, "trigger.invalid");
        Has(Validate(d with { Trigger = new() { Type = WorkflowTriggerTypes.BookingEvent, Event = "exploded" } }), null, "trigger.event");
        Has(Validate(d with { Trigger = new() { Type = WorkflowTriggerTypes.BookingTime, Anchor = "start", Offset = "2 hours" } }), null, "trigger.offset");
        Has(Validate(d with { Trigger = new() { Type = WorkflowTriggerTypes.Schedule, Cron = "every day" } }), null, "trigger.cron");
        Has(Validate(d with { Start = "nowhere" }), null, "definition.start_missing");
        Assert.Empty(Validate(d with { Trigger = new() { Type = WorkflowTriggerTypes.BookingTime, Anchor = "start", Offset = "-PT2H" } }));
    }

    [Fact]
    public void Every_problem_is_returned_at_once()
    {
        var d = Replace(Replace(TwoApprovals(), "tell", s => s with { Template = "no.such" }), "large", s => s with { Expression = "(" });
        d = d with { Steps = [.. d.Steps, new() { Id = "orphan", Type = WorkflowStepTypes.End }] };
        var codes = Validate(d).Select(p => (p.StepId, p.Code)).ToHashSet();
        Assert.Equal([("large", "expression.invalid"), ("orphan", "step.unreachable"), ("tell", "template.unknown")], codes.Order());
    }

    [Fact]
    public void The_json_form_round_trips_and_names_a_misspelt_setting()
    {
        var json = WorkflowJson.Write(TwoApprovals());
        Assert.Contains("\"$schema\"", json, StringComparison.Ordinal);
        Assert.Contains("\"formatVersion\": 1", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"cron\"", json, StringComparison.Ordinal);
        Assert.True(WorkflowJson.TryRead(json, out var read, out _, out _));
        Assert.Equal(json, WorkflowJson.Write(read));

        Assert.False(WorkflowJson.TryRead("""{ "name": "x", "steps": [ { "id": "a", "type": "end", "templat": "x" } ] }""", out _, out var field, out var error));
        Assert.Equal("steps[0].templat", field);
        Assert.Contains("line 1", error, StringComparison.Ordinal);
    }
}
