using Platform.Core.Workflows;
using Platform.Infrastructure.Workflows;

namespace Platform.Tests.Workflows;

/// <summary>The interpreter alone, without a database: loop protection, and a join that drops the branches it no longer waits for.</summary>
public sealed class WorkflowRunTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_loop_that_keeps_going_is_stopped_by_loop_protection()
    {
        // A delay of nothing passes at once: the loop never waits, which publishing refuses but the engine must survive.
        var definition = new WorkflowDefinition
        {
            Name = "Spin",
            Start = "count",
            Steps =
            [
                new() { Id = "count", Type = WorkflowStepTypes.SetVariable, Variable = "n", Expression = "if(n == null, 1, n + 1)" },
                new() { Id = "wait", Type = WorkflowStepTypes.Delay, Duration = "PT0S" },
            ],
            Edges = [new("count", "next", "wait"), new("wait", "next", "count")],
        };
        var state = new WorkflowState();
        state.Variables["n"] = null;
        var run = new WorkflowRun(definition, state, new Dictionary<string, object?>(), new WorkflowExpressions(), new WorkflowRunLimits { MaxSteps = 25 }, Now);
        run.Start();
        run.RunReady();

        Assert.NotNull(run.Fault);
        Assert.Contains("loop protection", run.Fault!.Value.Error);
        Assert.Equal(25, state.Steps);
        Assert.Equal(13m, WorkflowValues.FromJson(state.Variables["n"]));
    }

    [Fact]
    public void A_join_of_any_goes_on_with_the_first_branch_and_closes_the_others_tasks()
    {
        var definition = new WorkflowDefinition
        {
            Name = "First wins",
            Start = "split",
            Steps =
            [
                new() { Id = "split", Type = WorkflowStepTypes.Fork, Branches = ["a", "b"] },
                new() { Id = "ask", Type = WorkflowStepTypes.Approval, AssigneeRole = "Manager" },
                new() { Id = "quick", Type = WorkflowStepTypes.SetVariable, Variable = "quick", Expression = "true" },
                new() { Id = "first", Type = WorkflowStepTypes.Join, Fork = "split", Mode = "any" },
                new() { Id = "done", Type = WorkflowStepTypes.End },
            ],
            Edges = [new("split", "a", "ask"), new("split", "b", "quick"), new("ask", "approved", "first"), new("ask", "rejected", "done"), new("quick", "next", "first"), new("first", "next", "done")],
        };
        var state = new WorkflowState();
        var run = new WorkflowRun(definition, state, new Dictionary<string, object?>(), new WorkflowExpressions(), new WorkflowRunLimits(), Now);
        run.Start();
        run.RunReady();

        Assert.True(run.Completed);
        var opened = Assert.Single(run.Actions.OfType<WorkflowAction.TaskOpened>());
        var closed = Assert.Single(run.Actions.OfType<WorkflowAction.TasksClosed>());
        Assert.Equal([opened.TaskId], closed.TaskIds);
        Assert.Empty(state.Tokens);
    }
}
