using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Access;
using Platform.Core.Events;
using Platform.Core.Workflows;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Events;
using Platform.Infrastructure.Workflows;
using Platform.Tests.Events;
using Platform.Tests.Support;

namespace Platform.Tests.Workflows;

public sealed class SqliteWorkflowNodesTests() : WorkflowNodesTests(TestDatabase.Sqlite);

public sealed class PostgresWorkflowNodesTests() : WorkflowNodesTests(TestDatabase.Postgres);

/// <summary>
/// The engine across processes on one database: a delay that started before a restart ends after it, and two nodes, each
/// with its outbox dispatcher, run 100 instances whose advances they race for, every step of each exactly once.
/// </summary>
public abstract class WorkflowNodesTests(TestDatabase database) : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("platform-nodes-").FullName;
    private string _connectionString = "";

    private sealed class Node(TestDatabase database, string connectionString) : PlatformAppFactory(database)
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Outbox:PollInterval"] = "00:00:00.200",
            ["Outbox:BatchSize"] = "10",
        };

        protected override Task<string> CreateConnectionStringAsync() => Task.FromResult(connectionString);
    }

    public async Task InitializeAsync() => _connectionString = database == TestDatabase.Postgres
        ? await TestPostgres.CreateDatabaseAsync("workflow-nodes")
        : $"Data Source={Path.Combine(_folder, "platform.db")}";

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a closing connection; the temp folder is cleaned by the OS.
        }

        return Task.CompletedTask;
    }

    private async Task<Node> StartNodeAsync()
    {
        var node = new Node(database, _connectionString);
        await node.InitializeAsync();
        return node;
    }

    private static WorkflowDefinition Manual(string name, params WorkflowStep[] steps) => new()
    {
        Name = name + " " + Guid.NewGuid().ToString("N")[..6],
        Trigger = new WorkflowTrigger { Type = WorkflowTriggerTypes.Manual },
        Start = steps[0].Id,
        Steps = [.. steps, new() { Id = "done", Type = WorkflowStepTypes.End }],
        Edges = [.. steps.Select((s, i) => new WorkflowEdge(s.Id, s.Type == WorkflowStepTypes.Approval ? "approved" : s.Type == WorkflowStepTypes.Condition ? "true" : "next", i + 1 < steps.Length ? steps[i + 1].Id : "done")),
            .. steps.Where(s => s.Type is WorkflowStepTypes.Approval or WorkflowStepTypes.Condition).Select(s => new WorkflowEdge(s.Id, s.Type == WorkflowStepTypes.Approval ? "rejected" : "false", "done"))],
    };

    private static Task<InstanceSummary> StartAsync(PlatformAppFactory node, Guid workflowId) =>
        node.AsActorAsync("acme", Actor.Manager(Guid.NewGuid()), async sp =>
        {
            var started = await sp.GetRequiredService<WorkflowInstances>().StartAsync(workflowId, null, null);
            Assert.True(started.Succeeded, string.Join("; ", started.Errors.SelectMany(e => e.Value)));
            return started.Value!;
        });

    [Fact]
    public async Task A_delay_started_before_a_restart_ends_after_it()
    {
        Guid instanceId;
        Guid workflowId;
        await using (var first = await StartNodeAsync())
        {
            workflowId = await WorkflowTestKit.PublishAsync(first, Manual("Wait",
                new WorkflowStep { Id = "wait", Type = WorkflowStepTypes.Delay, Duration = "PT4S" },
                new WorkflowStep { Id = "after", Type = WorkflowStepTypes.SetVariable, Variable = "woke", Expression = "true" }));
            instanceId = (await StartAsync(first, workflowId)).Id;
            var waiting = await WorkflowTestKit.ReadAsync(first, db => db.WorkflowInstances.AsNoTracking().SingleAsync(i => i.Id == instanceId));
            Assert.Equal(WorkflowInstanceStatus.Waiting, waiting.Status);
            Assert.NotNull(waiting.WakeAt);
        }

        // The node that scheduled the timer is gone; a new process on the same database finds it in Quartz's store.
        await using var second = await StartNodeAsync();
        await WorkflowTestKit.WaitForStatusAsync(second, instanceId, WorkflowInstanceStatus.Completed, timeoutMs: 60_000);
        var timeline = await WorkflowTestKit.TimelineAsync(second, instanceId);
        Assert.Equal(["wait", "after", "done"], timeline.Select(r => r.StepId));
    }

    [Fact]
    public async Task Two_nodes_run_a_hundred_instances_and_every_step_once()
    {
        const int Instances = 100;
        await using var a = await StartNodeAsync();
        await using var b = await StartNodeAsync();
        var workflowId = await WorkflowTestKit.PublishAsync(a, Manual("Five steps",
            new WorkflowStep { Id = "first", Type = WorkflowStepTypes.SetVariable, Variable = "n", Expression = "1" },
            new WorkflowStep { Id = "ok", Type = WorkflowStepTypes.Approval, AssigneeRole = "Manager" },
            new WorkflowStep { Id = "second", Type = WorkflowStepTypes.SetVariable, Variable = "n", Expression = "n + 1" },
            new WorkflowStep { Id = "big", Type = WorkflowStepTypes.Condition, Expression = "n == 2" },
            new WorkflowStep { Id = "bell", Type = WorkflowStepTypes.Notify, AssigneeRole = "Manager", Title = "Approved" }));

        var instances = new List<Guid>();
        for (var i = 0; i < Instances; i++)
        {
            instances.Add((await StartAsync(i % 2 == 0 ? a : b, workflowId)).Id);
        }

        var tasks = await WorkflowTestKit.ReadAsync(a, db => db.WorkflowTasks.AsNoTracking().Where(t => t.WorkflowId == workflowId).ToListAsync());
        Assert.Equal(Instances, tasks.Count);
        var tenantId = await a.TenantIdAsync("acme");
        foreach (var (task, i) in tasks.Select((t, i) => (t, i)))
        {
            // Each approval queues an advance, and each instance gets a second one through the other node: two messages per
            // instance for two dispatchers, which race to run the same instance.
            var node = i % 2 == 0 ? a : b;
            var decided = await node.AsActorAsync("acme", Actor.Manager(Guid.NewGuid()), sp => sp.GetRequiredService<WorkflowTasks>().DecideAsync(task.Id, TaskDecision.Approve, null));
            Assert.True(decided.Succeeded);
            await (i % 2 == 0 ? b : a).InTenantAsync("acme", async sp =>
            {
                var db = sp.GetRequiredService<PlatformDbContext>();
                db.OutboxMessages.Add(Outbox.Row(new WorkflowAdvance(tenantId, task.InstanceId), DateTimeOffset.UtcNow));
                return await db.SaveChangesAsync();
            });
        }

        await Eventually.HoldsAsync(
            async () => await WorkflowTestKit.ReadAsync(a, db => db.WorkflowInstances.CountAsync(i => i.WorkflowId == workflowId && i.Status == WorkflowInstanceStatus.Completed)) == Instances,
            "every instance completes", 120_000);

        var lines = await WorkflowTestKit.ReadAsync(a, db => db.WorkflowStepRecords.AsNoTracking().Where(r => instances.Contains(r.InstanceId)).ToListAsync());
        foreach (var group in lines.GroupBy(r => r.InstanceId))
        {
            Assert.Equal(["first", "ok", "second", "big", "bell", "done"], group.OrderBy(r => r.Sequence).Select(r => r.StepId));
        }

        Assert.Equal(Instances, lines.Select(r => r.InstanceId).Distinct().Count());
        var effects = await WorkflowTestKit.ReadAsync(a, db => db.OutboxMessages.AsNoTracking().CountAsync(m => m.Type == "workflow.effect" && m.TenantId == tenantId));
        Assert.Equal(Instances, effects);
        // Every advance was handled (the losers of a race run their round again on the winner's state), none failed.
        await Eventually.HoldsAsync(async () => await WorkflowTestKit.ReadAsync(a, db => db.OutboxMessages.AsNoTracking()
            .Where(m => m.Type == "workflow.advance" && m.TenantId == tenantId).AllAsync(m => m.Status == OutboxStatus.Done)), "every advance is done", 30_000);
    }
}
