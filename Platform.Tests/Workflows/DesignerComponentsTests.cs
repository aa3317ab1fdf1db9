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
/// as it was typed, and for a reader changes nothing and offers no delete; the workflow's panel changes its trigger.
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
}
