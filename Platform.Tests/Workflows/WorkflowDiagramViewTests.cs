using Bunit;
using Platform.Core.Workflows;
using Platform.Tests.Support;
using Platform.Web.Components.Pages.App.Workflows;

namespace Platform.Tests.Workflows;

/// <summary>The diagram component: a box per step, an arrow per edge with its port named, and a run's path marked on both.</summary>
public sealed class WorkflowDiagramViewTests
{
    private static WorkflowDefinition TwoApprovals => WorkflowTemplates.Find(WorkflowTemplates.TwoApprovals)!.Definition;

    [Fact]
    public async Task A_workflow_alone_shows_every_step_and_edge_with_the_ports_named_and_nothing_marked()
    {
        await using var ctx = new PlatformBunitContext();
        var diagram = ctx.Render<WorkflowDiagramView>(p => p.Add(d => d.Definition, TwoApprovals));

        Assert.Equal(TwoApprovals.Steps.Count, diagram.FindAll("[data-diagram-step]").Count);
        Assert.Equal(TwoApprovals.Edges.Count, diagram.FindAll("[data-diagram-edge]").Count);
        Assert.All(diagram.FindAll("[data-diagram-step]"), g => Assert.Equal("idle", g.GetAttribute("data-state")));
        Assert.All(diagram.FindAll("[data-diagram-edge]"), g => Assert.Equal("false", g.GetAttribute("data-taken")));
        // A branch's port is written on its arrow; "next" is not.
        var labels = diagram.FindAll("[data-diagram-edge] text").Select(t => t.TextContent).ToList();
        Assert.Contains("approved", labels);
        Assert.Contains("true", labels);
        Assert.DoesNotContain("next", labels);
        Assert.Empty(diagram.FindAll("[data-testid=diagram-legend]"));
    }

    [Fact]
    public async Task A_run_marks_the_steps_it_ran_the_edges_it_took_where_it_waits_and_where_it_failed()
    {
        await using var ctx = new PlatformBunitContext();
        var first = TwoApprovals.Edges.First(e => e.From == TwoApprovals.Start);
        var run = new WorkflowDiagramView.DiagramRun(
            new HashSet<string>(StringComparer.Ordinal) { TwoApprovals.Start!, first.To },
            new HashSet<(string, string)> { (TwoApprovals.Start!, first.Port) },
            new HashSet<string>(StringComparer.Ordinal) { first.To },
            null);
        var diagram = ctx.Render<WorkflowDiagramView>(p => p.Add(d => d.Definition, TwoApprovals).Add(d => d.Run, run));

        Assert.Equal("ran", diagram.Find($"[data-diagram-step='{TwoApprovals.Start}']").GetAttribute("data-state"));
        Assert.Equal("waiting", diagram.Find($"[data-diagram-step='{first.To}']").GetAttribute("data-state"));
        Assert.Equal("true", diagram.Find($"[data-diagram-edge='{first.From}:{first.Port}:{first.To}']").GetAttribute("data-taken"));
        Assert.Single(diagram.FindAll("[data-diagram-edge][data-taken=true]"));
        Assert.Single(diagram.FindAll("[data-testid=diagram-legend]"));

        var faulted = ctx.Render<WorkflowDiagramView>(p => p.Add(d => d.Definition, TwoApprovals).Add(d => d.Run, run with { Faulted = first.To }));
        Assert.Equal("faulted", faulted.Find($"[data-diagram-step='{first.To}']").GetAttribute("data-state"));
    }

    [Fact]
    public async Task Fit_scales_the_drawing_to_the_width_and_back()
    {
        await using var ctx = new PlatformBunitContext();
        var diagram = ctx.Render<WorkflowDiagramView>(p => p.Add(d => d.Definition, TwoApprovals));
        var actual = diagram.Find("[data-testid=diagram-svg]").GetAttribute("width");
        Assert.NotEqual("100%", actual);

        diagram.Find("[data-testid=diagram-fit]").Click();
        Assert.Equal("100%", diagram.Find("[data-testid=diagram-svg]").GetAttribute("width"));
        diagram.Find("[data-testid=diagram-fit]").Click();
        Assert.Equal(actual, diagram.Find("[data-testid=diagram-svg]").GetAttribute("width"));
    }
}
