using Bunit;
using Platform.Core.Workflows;
using Platform.Infrastructure.Workflows;
using Platform.Tests.Support;
using Platform.Web.Components.Pages.App.Workflows.Designer;

namespace Platform.Tests.Workflows;

/// <summary>
/// The designer's palette and properties panels on their own: the palette offers every step type of the engine and
/// adds the one pressed, and offers nothing to drag when it is disabled; a step's panel shows the settings its type
/// reads, sends each change as the step with that setting, shows the validator's problems with the step, keeps a list
/// as it was typed, and for a reader changes nothing and offers no delete; the workflow's panel changes its trigger; the
/// activity panel lists who changed what; "try it" evaluates an expression over a sample event and says where a run goes.
/// </summary>
public sealed class DesignerComponentsTests
{
    private static readonly WorkflowCatalog Catalog = WorkflowDefinitions.CatalogOf([]);

    private static WorkflowDefinition TwoApprovals => WorkflowTemplates.Find(WorkflowTemplates.TwoApprovals)!.Definition;

    [Fact]
    public async Task The_palette_offers_every_step_type_and_adds_the_one_pressed()
    {
        await using var ctx = new PlatformBunitContext();
        var added = new List<string>();
        var palette = ctx.Render<WorkflowPalette>(p => p.Add(c => c.OnAdd, (string type) => added.Add(type)));

        var items = palette.FindAll("[data-palette-type]");
        Assert.Equal(WorkflowStepTypes.All.Order(StringComparer.Ordinal), items.Select(i => i.GetAttribute("data-palette-type")!).Order(StringComparer.Ordinal));
        Assert.All(items, i => Assert.Equal("true", i.GetAttribute("draggable")));
        Assert.Contains("Add Approval: A person approves or rejects", items.Select(i => i.GetAttribute("aria-label")));

        palette.Find("[data-palette-type=delay]").Click();
        palette.Find("[data-palette-type=fork]").Click();
        Assert.Equal([WorkflowStepTypes.Delay, WorkflowStepTypes.Fork], added);

        var disabled = ctx.Render<WorkflowPalette>(p => p.Add(c => c.Disabled, true));
        Assert.All(disabled.FindAll("[data-palette-type]"), i =>
        {
            Assert.Equal("false", i.GetAttribute("draggable"));
            Assert.True(i.HasAttribute("disabled"));
        });
    }

    [Fact]
    public async Task A_steps_panel_shows_what_its_type_reads_and_sends_each_change_as_the_step()
    {
        await using var ctx = new PlatformBunitContext();
        var approval = TwoApprovals.Steps.First(s => s.Type == WorkflowStepTypes.Approval);
        var changes = new List<WorkflowStep>();
        var problem = new WorkflowProblem(approval.Id, "step.deadline", "deadline: give an ISO 8601 duration such as P1D.");
        var panel = ctx.Render<WorkflowStepPanel>(p => p
            .Add(c => c.Step, approval).Add(c => c.Definition, TwoApprovals).Add(c => c.Catalog, Catalog)
            .Add(c => c.Problems, [problem])
            .Add(c => c.OnChange, (WorkflowStep s) => changes.Add(s)));

        Assert.Equal(approval.Id, panel.Find("[data-testid=step-panel]").GetAttribute("data-step"));
        Assert.Contains("deadline: give an ISO 8601 duration", panel.Find("[data-testid=step-problems]").TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(panel.FindAll("[data-testid=step-deadline]"));
        Assert.NotEmpty(panel.FindAll("[data-testid=step-role]"));
        Assert.Empty(panel.FindAll("[data-testid=step-expression]"));
        Assert.Single(panel.FindAll("[data-testid=delete-step]"));

        // Typing is sent after a short pause, as one change per field.
        panel.Find("input[data-testid=step-name]").Input("Owner approval");
        panel.WaitForAssertion(() => Assert.Single(changes), TimeSpan.FromSeconds(5));
        panel.Find("input[data-testid=step-deadline]").Input("PT4H");
        panel.WaitForAssertion(() => Assert.Equal(2, changes.Count), TimeSpan.FromSeconds(5));
        Assert.Equal("Owner approval", changes[0].Name);
        Assert.Equal(approval.AssigneeRole, changes[0].AssigneeRole);
        Assert.Equal("PT4H", changes[1].Deadline);
        Assert.All(changes, s => Assert.Equal(approval.Id, s.Id));
    }

    [Fact]
    public async Task A_list_setting_keeps_what_was_typed_and_sends_the_values()
    {
        await using var ctx = new PlatformBunitContext();
        var fork = new WorkflowStep { Id = "split", Type = WorkflowStepTypes.Fork, Branches = ["a", "b"] };
        WorkflowStep? changed = null;
        var panel = ctx.Render<WorkflowStepPanel>(p => p
            .Add(c => c.Step, fork).Add(c => c.Definition, new WorkflowDefinition { Name = "Fork", Steps = [fork] }).Add(c => c.Catalog, Catalog)
            .Add(c => c.OnChange, (WorkflowStep s) => changed = s));

        panel.Find("input[data-testid=step-branches]").Input("front desk,  back office, ");
        panel.WaitForAssertion(() => Assert.NotNull(changed), TimeSpan.FromSeconds(5));
        Assert.Equal(["front desk", "back office"], changed!.Branches);

        // The step comes back with the values; the field still says what was typed.
        panel.Render(p => p.Add(c => c.Step, changed));
        Assert.Equal("front desk,  back office, ", panel.Find("input[data-testid=step-branches]").GetAttribute("value"));
    }

    [Fact]
    public async Task A_reader_sees_the_settings_but_changes_nothing_and_cannot_delete()
    {
        await using var ctx = new PlatformBunitContext();
        var condition = TwoApprovals.Steps.First(s => s.Type == WorkflowStepTypes.Condition);
        var changes = 0;
        var panel = ctx.Render<WorkflowStepPanel>(p => p
            .Add(c => c.Step, condition).Add(c => c.Definition, TwoApprovals).Add(c => c.Catalog, Catalog).Add(c => c.ReadOnly, true)
            .Add(c => c.IsStart, true)
            .Add(c => c.OnChange, (WorkflowStep _) => changes++));

        Assert.Equal(condition.Expression, panel.Find("textarea[data-testid=step-expression]").TextContent);
        Assert.True(panel.Find("textarea[data-testid=step-expression]").HasAttribute("readonly"));
        Assert.Single(panel.FindAll("[data-testid=is-start]"));
        Assert.Empty(panel.FindAll("[data-testid=delete-step]"));
        Assert.Empty(panel.FindAll("[data-testid=set-start]"));
        Assert.Equal(0, changes);
    }

    [Fact]
    public async Task The_workflows_panel_changes_its_name_and_trigger_as_one_edit()
    {
        await using var ctx = new PlatformBunitContext();
        var edits = new List<ChangeDetails>();
        var panel = ctx.Render<WorkflowDetailsPanel>(p => p
            .Add(c => c.Definition, TwoApprovals)
            .Add(c => c.Problems, [new WorkflowProblem(null, "trigger.event", "Choose a booking event.")])
            .Add(c => c.OnChange, (ChangeDetails d) => edits.Add(d)));

        Assert.Contains("Choose a booking event.", panel.Find("[data-testid=definition-problems]").TextContent, StringComparison.Ordinal);
        panel.Find("input[data-testid=workflow-name]").Input("Large bookings need two managers");
        panel.WaitForAssertion(() => Assert.Single(edits), TimeSpan.FromSeconds(5));
        Assert.Equal("Large bookings need two managers", edits[0].Name);
        Assert.Equal(TwoApprovals.Trigger, edits[0].Trigger);

        var applied = edits[0].Apply(TwoApprovals);
        Assert.Equal("Large bookings need two managers", applied.Name);
        Assert.Equal(TwoApprovals.Steps, applied.Steps);
    }

    [Fact]
    public async Task The_activity_panel_lists_unsaved_edits_newest_first_then_saved_changes_and_says_when_there_are_none()
    {
        await using var ctx = new PlatformBunitContext();
        var empty = ctx.Render<WorkflowActivityPanel>(p => p.Add(c => c.Unsaved, []).Add(c => c.Stored, []).Add(c => c.Zone, "Europe/Berlin"));
        Assert.Contains("No changes yet", empty.Find("[data-testid=no-activity]").TextContent, StringComparison.Ordinal);
        Assert.Empty(empty.FindAll("[data-testid=activity-more]"));

        var at = new DateTimeOffset(2026, 12, 7, 9, 30, 0, TimeSpan.Zero);
        var more = 0;
        var panel = ctx.Render<WorkflowActivityPanel>(p => p
            .Add(c => c.Unsaved, [
                new SequencedEdit(4, Guid.NewGuid(), Guid.NewGuid(), "Ann", 3, new SetStart("a"), at) { Description = "Moved “Ask”" },
                new SequencedEdit(5, Guid.NewGuid(), Guid.NewGuid(), "Ben", 4, new SetStart("a"), at.AddMinutes(1)) { Description = "Renamed “Ask”" },
            ])
            .Add(c => c.Stored, [new WorkflowChange(at.AddHours(-1), null, "An integration (API key)", "Stored the whole draft")])
            .Add(c => c.HasMore, true)
            .Add(c => c.Zone, "Europe/Berlin")
            .Add(c => c.OnMore, () => more++));

        Assert.Equal(["Ben", "Ann"], panel.FindAll("[data-testid=activity-unsaved] li").Select(li => li.GetAttribute("data-activity-author")));
        Assert.Contains("Renamed “Ask”", panel.Find("[data-testid=activity-unsaved] li").TextContent, StringComparison.Ordinal);
        Assert.Contains("Stored the whole draft", panel.Find("[data-testid=activity-saved]").TextContent, StringComparison.Ordinal);
        Assert.Empty(panel.FindAll("[data-testid=no-activity]"));
        panel.Find("[data-testid=activity-more]").Click();
        Assert.Equal(1, more);
    }

    [Fact]
    public async Task Try_it_evaluates_a_conditions_expression_over_the_sample_as_changed_and_says_which_way_a_run_goes()
    {
        await using var ctx = new PlatformBunitContext();
        var expressions = new WorkflowExpressions();
        var condition = TwoApprovals.Steps.First(s => s.Type == WorkflowStepTypes.Condition) with { Expression = "[booking.price] >= 500" };
        var sample = WorkflowData.Sample(TwoApprovals.Trigger, "EUR");
        var panel = ctx.Render<WorkflowStepPanel>(p => p
            .Add(c => c.Step, condition)
            .Add(c => c.Definition, TwoApprovals)
            .Add(c => c.Catalog, Catalog)
            .Add(c => c.Sample, sample)
            .Add(c => c.OnTry, (e, v) => Task.FromResult(expressions.Evaluate(e, v))));

        panel.Find("[data-testid=try-it] .mud-expand-panel-header").Click();
        Assert.Equal("120", panel.Find("input[data-sample='booking.price']").GetAttribute("value"));
        Assert.Equal("EUR", panel.Find("input[data-sample='booking.currency']").GetAttribute("value"));
        panel.Find("[data-testid=try-run]").Click();
        panel.WaitForAssertion(() => Assert.Equal("It is false: a run goes the false way.", panel.Find("[data-testid=try-result]").TextContent.Trim()));

        panel.Find("input[data-sample='booking.price']").Input("600");
        panel.Find("[data-testid=try-run]").Click();
        panel.WaitForAssertion(() => Assert.Equal("It is true: a run goes the true way.", panel.Find("[data-testid=try-result]").TextContent.Trim()));

        // A price that is not a number is said, and nothing is evaluated.
        panel.Find("input[data-sample='booking.price']").Input("lots");
        panel.Find("[data-testid=try-run]").Click();
        panel.WaitForAssertion(() => Assert.Contains("booking.price must be a number", panel.Find("[data-testid=try-result]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Try_it_says_which_case_a_switch_takes_and_why_an_expression_fails()
    {
        await using var ctx = new PlatformBunitContext();
        var expressions = new WorkflowExpressions();
        var definition = TwoApprovals;
        var sample = WorkflowData.Sample(definition.Trigger, "USD");
        IRenderedComponent<WorkflowStepPanel> Render(string expression) => ctx.Render<WorkflowStepPanel>(p => p
            .Add(c => c.Step, new WorkflowStep { Id = "by-service", Type = WorkflowStepTypes.Switch, Expression = expression, Cases = ["Follow-up session", "First visit"] })
            .Add(c => c.Definition, definition)
            .Add(c => c.Catalog, Catalog)
            .Add(c => c.Sample, sample)
            .Add(c => c.OnTry, (e, v) => Task.FromResult(expressions.Evaluate(e, v))));

        var panel = Render("[booking.service]");
        panel.Find("[data-testid=try-it] .mud-expand-panel-header").Click();
        panel.Find("[data-testid=try-run]").Click();
        panel.WaitForAssertion(() => Assert.Equal("It gives “Follow-up session”: a run goes the “Follow-up session” way.", panel.Find("[data-testid=try-result]").TextContent.Trim()));
        panel.Find("input[data-sample='booking.service']").Input("Massage");
        panel.Find("[data-testid=try-run]").Click();
        panel.WaitForAssertion(() => Assert.Equal("It gives “Massage”, which is no case: a run goes the default way.", panel.Find("[data-testid=try-result]").TextContent.Trim()));

        var broken = Render("[booking.nothing] + 1");
        broken.Find("[data-testid=try-it] .mud-expand-panel-header").Click();
        broken.Find("[data-testid=try-run]").Click();
        broken.WaitForAssertion(() => Assert.StartsWith("A run would fail here:", broken.Find("[data-testid=try-result]").TextContent.Trim(), StringComparison.Ordinal));
    }
}
