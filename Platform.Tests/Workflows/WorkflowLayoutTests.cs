using FsCheck.Xunit;
using Platform.Core.Workflows;

namespace Platform.Tests.Workflows;

/// <summary>
/// The diagram's layout: every step placed once, no two boxes overlapping, every edge but a loop's going down, the
/// branches of a step side by side in the order of their edges, a loop found and drawn back, steps nothing reaches after
/// the rest; for the templates and for random graphs.
/// </summary>
public sealed class WorkflowLayoutTests
{
    public static TheoryData<string> Templates() => [.. WorkflowTemplates.All.Select(t => t.Key)];

    [Theory]
    [MemberData(nameof(Templates))]
    public void A_template_is_laid_out_with_no_overlap_and_every_edge_going_down(string key)
    {
        var definition = WorkflowTemplates.Find(key)!.Definition;
        var diagram = WorkflowLayout.Layout(definition);

        AssertSound(definition, diagram);
        Assert.All(diagram.Edges, e => Assert.False(e.Back));
        Assert.Equal(0, diagram.Nodes.Single(n => n.Step.Id == definition.Start).Rank);
    }

    [Fact]
    public void The_branches_of_a_fork_sit_side_by_side_in_the_order_of_their_edges_and_the_join_below_both()
    {
        var definition = WorkflowTemplates.Find(WorkflowTemplates.TwoApprovals)!.Definition;
        var diagram = WorkflowLayout.Layout(definition);
        var fork = definition.Steps.Single(s => s.Type == WorkflowStepTypes.Fork);
        var branches = definition.Edges.Where(e => e.From == fork.Id).Select(e => diagram.Nodes.Single(n => n.Step.Id == e.To)).ToList();

        Assert.Equal(2, branches.Count);
        Assert.Equal(branches[0].Rank, branches[1].Rank);
        Assert.True(branches[0].X < branches[1].X, "the first branch is on the left");
        var join = diagram.Nodes.Single(n => n.Step.Type == WorkflowStepTypes.Join);
        Assert.True(join.Rank > branches.Max(b => b.Rank));
    }

    [Fact]
    public void A_loop_through_a_wait_is_drawn_back_and_an_unreachable_step_goes_last()
    {
        var definition = new WorkflowDefinition
        {
            Start = "ask",
            Steps =
            [
                new() { Id = "ask", Type = WorkflowStepTypes.Approval, AssigneeRole = "Manager" },
                new() { Id = "wait", Type = WorkflowStepTypes.Delay, Duration = "P1D" },
                new() { Id = "done", Type = WorkflowStepTypes.End },
                new() { Id = "orphan", Type = WorkflowStepTypes.End },
            ],
            Edges = [new("ask", "approved", "done"), new("ask", "rejected", "wait"), new("wait", "next", "ask")],
        };
        var diagram = WorkflowLayout.Layout(definition);

        AssertSound(definition, diagram);
        Assert.True(Assert.Single(diagram.Edges, e => e.Edge.From == "wait").Back);
        Assert.Equal(diagram.Nodes.Max(n => n.Rank), diagram.Nodes.Single(n => n.Step.Id == "orphan").Rank);
        Assert.True(diagram.Width > diagram.Nodes.Max(n => n.X + n.Width), "room on the right for the loop's edge");
    }

    [Property(MaxTest = 200)]
    public void Random_graphs_are_laid_out_soundly(byte size, byte[] from, byte[] to)
    {
        var count = 1 + (size % 30);
        var definition = new WorkflowDefinition
        {
            Start = "s0",
            Steps = [.. Enumerable.Range(0, count).Select(i => new WorkflowStep { Id = $"s{i}", Type = WorkflowStepTypes.SetVariable })],
            Edges = [.. from.Zip(to).Take(60).Select((p, i) => new WorkflowEdge($"s{p.First % count}", $"p{i}", $"s{p.Second % count}"))],
        };
        AssertSound(definition, WorkflowLayout.Layout(definition));
    }

    private static void AssertSound(WorkflowDefinition definition, WorkflowDiagram diagram)
    {
        Assert.Equal(definition.Steps.Select(s => s.Id).Order(StringComparer.Ordinal), diagram.Nodes.Select(n => n.Step.Id).Order(StringComparer.Ordinal));
        Assert.Equal(definition.Edges.Count, diagram.Edges.Count);
        for (var i = 0; i < diagram.Nodes.Count; i++)
        {
            var a = diagram.Nodes[i];
            Assert.True(a.X >= 0 && a.Y >= 0 && a.X + a.Width <= diagram.Width && a.Bottom <= diagram.Height, $"{a.Step.Id} lies inside the diagram");
            for (var j = i + 1; j < diagram.Nodes.Count; j++)
            {
                var b = diagram.Nodes[j];
                var apart = a.X + a.Width <= b.X || b.X + b.Width <= a.X || a.Bottom <= b.Y || b.Bottom <= a.Y;
                Assert.True(apart, $"{a.Step.Id} and {b.Step.Id} overlap");
            }
        }

        Assert.All(diagram.Edges.Where(e => !e.Back), e => Assert.True(e.To.Rank > e.From.Rank, $"{e.Edge.From} → {e.Edge.To} goes down"));
        Assert.All(diagram.Edges.Where(e => e.Back), e => Assert.True(e.To.Rank <= e.From.Rank, $"{e.Edge.From} → {e.Edge.To} climbs back"));
    }
}
