using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Platform.Core.Errors;
using Platform.Core.Workflows;
using Platform.Infrastructure.Workflows;
using Platform.Tests.Support;

namespace Platform.Tests.Workflows;

/// <summary>
/// Runs and the approvals inbox over HTTP: a manager starts a manual workflow and decides its task; another tenant's
/// manager finds neither the instance nor the task and cannot decide it; staff and managers are refused what is not
/// theirs; bad input is a 4xx that names the field and changes nothing; in every environment.
/// </summary>
public abstract class WorkflowRunHttpTests(PlatformAppFactory app)
{
    private const string Acme = "http://acme.localhost/";
    private const string Globex = "http://globex.localhost/";

    private static WorkflowDefinition ApproveThenNote() => new()
    {
        Name = "Manual approval " + Guid.NewGuid().ToString("N")[..6],
        Trigger = new WorkflowTrigger { Type = WorkflowTriggerTypes.Manual },
        Start = "ok",
        Steps =
        [
            new() { Id = "ok", Type = WorkflowStepTypes.Approval, AssigneeRole = "Manager" },
            new() { Id = "note", Type = WorkflowStepTypes.SetVariable, Variable = "approved", Expression = "true" },
            new() { Id = "done", Type = WorkflowStepTypes.End },
        ],
        Edges = [new("ok", "approved", "note"), new("ok", "rejected", "done"), new("note", "next", "done")],
    };

    private async Task<(Guid Workflow, Guid Instance, Guid Task)> StartAsync(HttpClient manager)
    {
        var workflowId = await WorkflowTestKit.PublishAsync(app, ApproveThenNote());
        var started = await manager.PostAsJsonAsync($"api/v1/workflows/{workflowId}/instances", new { input = new { order = "A-1", amount = 12.5 } });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var instanceId = (await started.JsonAsync()).GetProperty("id").GetGuid();
        var task = (await WorkflowTestKit.TasksAsync(app, instanceId)).Single();
        return (workflowId, instanceId, task.Id);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, (await response.JsonAsync()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_manager_starts_a_run_and_decides_its_task_from_the_inbox()
    {
        using var manager = await app.SignedInAsync(Acme, "manager@acme.test");
        var (workflowId, instanceId, taskId) = await StartAsync(manager);

        var inbox = await (await manager.GetAsync("api/v1/tasks?inbox=open")).JsonAsync();
        var item = inbox.GetProperty("items").EnumerateArray().Single(t => t.GetProperty("id").GetGuid() == taskId);
        Assert.True(item.GetProperty("mayDecide").GetBoolean());
        Assert.Equal("Manager", item.GetProperty("assigneeRole").GetString());

        var approved = await manager.PostAsJsonAsync($"api/v1/tasks/{taskId}/approve", new { comment = "Go ahead" });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal("Approved", (await approved.JsonAsync()).GetProperty("status").GetString());
        await WorkflowTestKit.WaitForStatusAsync(app, instanceId, WorkflowInstanceStatus.Completed);

        var detail = await (await manager.GetAsync($"api/v1/workflow-instances/{instanceId}")).JsonAsync();
        Assert.Equal("Completed", detail.GetProperty("instance").GetProperty("status").GetString());
        Assert.Equal("A-1", detail.GetProperty("data").GetProperty("input.order").GetString());
        var path = detail.GetProperty("timeline").EnumerateArray().Select(s => s.GetProperty("stepId").GetString()).ToList();
        Assert.Equal(["ok", "note", "done"], path);
        Assert.Equal("Go ahead", detail.GetProperty("tasks")[0].GetProperty("comment").GetString());
        var list = await (await manager.GetAsync($"api/v1/workflows/{workflowId}/instances?status=completed")).JsonAsync();
        Assert.Equal(1, list.GetProperty("total").GetInt32());
        var history = await (await manager.GetAsync("api/v1/tasks?inbox=history")).JsonAsync();
        Assert.Contains(history.GetProperty("items").EnumerateArray(), t => t.GetProperty("id").GetGuid() == taskId);
    }

    [Fact]
    public async Task Another_tenant_sees_no_run_and_no_task_and_decides_nothing()
    {
        using var manager = await app.SignedInAsync(Acme, "manager@acme.test");
        var (workflowId, instanceId, taskId) = await StartAsync(manager);
        using var stranger = await app.SignedInAsync(Globex, "manager@globex.test");

        await AssertProblemAsync(await stranger.GetAsync($"api/v1/workflow-instances/{instanceId}"), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await AssertProblemAsync(await stranger.GetAsync($"api/v1/workflows/{workflowId}/instances"), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await AssertProblemAsync(await stranger.GetAsync($"api/v1/tasks/{taskId}"), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await AssertProblemAsync(await stranger.PostAsJsonAsync($"api/v1/tasks/{taskId}/approve", new { comment = "mine now" }), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await AssertProblemAsync(await stranger.PostAsJsonAsync($"api/v1/workflows/{workflowId}/instances", new { }), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        var bulk = await (await stranger.PostAsJsonAsync("api/v1/tasks/decide", new { taskIds = new[] { taskId }, decision = "approve" })).JsonAsync();
        Assert.False(bulk[0].GetProperty("succeeded").GetBoolean());
        var theirs = await (await stranger.GetAsync("api/v1/tasks")).JsonAsync();
        Assert.DoesNotContain(theirs.GetProperty("items").EnumerateArray(), t => t.GetProperty("id").GetGuid() == taskId);

        Assert.Equal(WorkflowTaskStatus.Open, (await WorkflowTestKit.TasksAsync(app, instanceId)).Single().Status);
        using var admin = await app.SignedInAsync(Globex, "admin@globex.test");
        await AssertProblemAsync(await admin.PostAsync($"api/v1/workflow-instances/{instanceId}/cancel", null), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        Assert.Equal(WorkflowInstanceStatus.Waiting, (await WorkflowTestKit.ReadAsync(app, db => db.WorkflowInstances.AsNoTracking().SingleAsync(i => i.Id == instanceId))).Status);
    }

    [Fact]
    public async Task Lesser_roles_are_refused()
    {
        using var manager = await app.SignedInAsync(Acme, "manager@acme.test");
        var (workflowId, instanceId, taskId) = await StartAsync(manager);
        using var staff = await app.SignedInAsync(Acme, "sam@acme.test");

        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync($"api/v1/workflows/{workflowId}/instances")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync($"api/v1/workflow-instances/{instanceId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.PostAsJsonAsync($"api/v1/workflows/{workflowId}/instances", new { })).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await staff.PostAsJsonAsync($"api/v1/tasks/{taskId}/approve", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.PostAsync($"api/v1/workflow-instances/{instanceId}/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.PostAsync($"api/v1/workflow-instances/{instanceId}/retry", null)).StatusCode);

        Assert.Equal(WorkflowTaskStatus.Open, (await WorkflowTestKit.TasksAsync(app, instanceId)).Single().Status);
        using var admin = await app.SignedInAsync(Acme, "admin@acme.test");
        var cancelled = await admin.PostAsync($"api/v1/workflow-instances/{instanceId}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal(WorkflowTaskStatus.Closed, (await WorkflowTestKit.TasksAsync(app, instanceId)).Single().Status);
        await AssertProblemAsync(await admin.PostAsync($"api/v1/workflow-instances/{instanceId}/retry", null), HttpStatusCode.Conflict, ErrorCodes.Conflict);
    }

    [Fact]
    public async Task Whoever_may_decide_a_task_is_offered_the_team_to_hand_it_to_and_nobody_else_is()
    {
        using var manager = await app.SignedInAsync(Acme, "manager@acme.test");
        var (_, _, taskId) = await StartAsync(manager);
        var offered = await manager.GetAsync($"api/v1/tasks/{taskId}/delegates");
        Assert.Equal(HttpStatusCode.OK, offered.StatusCode);
        var sam = (await offered.JsonAsync()).EnumerateArray().Single(d => d.GetProperty("displayName").GetString() == "Sam Rivera");
        Assert.Equal(["userId", "displayName", "roles"], sam.EnumerateObject().Select(p => p.Name));
        Assert.Equal(HttpStatusCode.OK, (await manager.PostAsJsonAsync($"api/v1/tasks/{taskId}/delegate", new { userId = sam.GetProperty("userId").GetGuid() })).StatusCode);

        // Sam, staff, now holds it: he may decide it, send it back to the manager who asked, or hand it on to a colleague.
        using var staff = await app.SignedInAsync(Acme, "sam@acme.test");
        var inbox = await (await staff.GetAsync("api/v1/tasks")).JsonAsync();
        var mine = inbox.GetProperty("items").EnumerateArray().Single(t => t.GetProperty("id").GetGuid() == taskId);
        Assert.True(mine.GetProperty("mayDecide").GetBoolean());
        Assert.True(mine.GetProperty("maySendBack").GetBoolean());
        var colleagues = await (await staff.GetAsync($"api/v1/tasks/{taskId}/delegates")).JsonAsync();
        Assert.Contains(colleagues.EnumerateArray(), d => d.GetProperty("displayName").GetString() == "Jo Chen");
        Assert.DoesNotContain(colleagues.EnumerateArray(), d => d.GetProperty("userId").GetGuid() == sam.GetProperty("userId").GetGuid());

        // A colleague it was not given to finds no such task; the manager who handed it on may no longer; another tenant finds nothing.
        using var jo = await app.SignedInAsync(Acme, "jo@acme.test");
        await AssertProblemAsync(await jo.GetAsync($"api/v1/tasks/{taskId}/delegates"), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.GetAsync($"api/v1/tasks/{taskId}/delegates")).StatusCode);
        using var stranger = await app.SignedInAsync(Globex, "manager@globex.test");
        await AssertProblemAsync(await stranger.GetAsync($"api/v1/tasks/{taskId}/delegates"), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await AssertProblemAsync(await stranger.PostAsJsonAsync($"api/v1/tasks/{taskId}/delegate", new { userId = sam.GetProperty("userId").GetGuid() }), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        Assert.Equal(sam.GetProperty("userId").GetGuid(), (await WorkflowTestKit.ReadAsync(app, db => db.WorkflowTasks.AsNoTracking().SingleAsync(t => t.Id == taskId))).AssigneeUserId);
    }

    [Fact]
    public async Task Bad_input_is_refused_with_the_field_named_and_nothing_changes()
    {
        using var manager = await app.SignedInAsync(Acme, "manager@acme.test");
        var (workflowId, instanceId, taskId) = await StartAsync(manager);

        var noComment = await manager.PostAsJsonAsync($"api/v1/tasks/{taskId}/reject", new { comment = "" });
        await AssertProblemAsync(noComment, HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        Assert.Contains((await noComment.JsonAsync()).GetProperty("errors").EnumerateObject(), e => e.Name.Equals(WorkflowTasks.CommentField, StringComparison.OrdinalIgnoreCase));
        var tooLong = await manager.PostAsJsonAsync($"api/v1/tasks/{taskId}/approve", new { comment = new string('x', WorkflowTask.MaxCommentLength + 1) });
        await AssertProblemAsync(tooLong, HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        Assert.Equal(HttpStatusCode.BadRequest, (await manager.GetAsync("api/v1/tasks?inbox=bogus")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await manager.GetAsync($"api/v1/workflows/{workflowId}/instances?status=Sleeping")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await manager.PostAsJsonAsync("api/v1/tasks/decide", new { taskIds = new[] { taskId }, decision = "maybe" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await manager.PostAsJsonAsync("api/v1/tasks/decide", new { taskIds = Array.Empty<Guid>(), decision = "approve" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await manager.PostAsync($"api/v1/tasks/{taskId}/approve", new StringContent("{ not json", Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await manager.PostAsJsonAsync($"api/v1/tasks/{taskId}/delegate", new { comment = "to whom?" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await manager.PostAsJsonAsync($"api/v1/tasks/{taskId}/delegate", new { userId = Guid.NewGuid() })).StatusCode);
        var nested = await manager.PostAsJsonAsync($"api/v1/workflows/{workflowId}/instances", new { input = new { deep = new { x = 1 } } });
        await AssertProblemAsync(nested, HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        var notFound = await manager.PostAsJsonAsync($"api/v1/tasks/{Guid.NewGuid()}/approve", new { });
        await AssertProblemAsync(notFound, HttpStatusCode.NotFound, ErrorCodes.NotFound);

        // A workflow that starts by itself is not started by hand.
        var automatic = await WorkflowTestKit.PublishAsync(app, WorkflowTestKit.TwoManagersApprove());
        await AssertProblemAsync(await manager.PostAsJsonAsync($"api/v1/workflows/{automatic}/instances", new { }), HttpStatusCode.Conflict, ErrorCodes.Conflict);

        Assert.Equal(WorkflowTaskStatus.Open, (await WorkflowTestKit.TasksAsync(app, instanceId)).Single().Status);
        Assert.Equal(1, await WorkflowTestKit.ReadAsync(app, db => db.WorkflowInstances.CountAsync(i => i.WorkflowId == workflowId)));
        Assert.Equal(0, await WorkflowTestKit.ReadAsync(app, db => db.WorkflowInstances.CountAsync(i => i.WorkflowId == automatic)));
    }
}

public sealed class SqliteWorkflowRunHttpTests(SqliteWorkflowRunHttpTests.App app) : WorkflowRunHttpTests(app), IClassFixture<SqliteWorkflowRunHttpTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);
}

/// <summary>The same in the Development and Production environments, where error pages and problem details differ.</summary>
public sealed class DevelopmentWorkflowRunHttpTests(EnvironmentApp.Development app) : WorkflowRunHttpTests(app), IClassFixture<EnvironmentApp.Development>;

public sealed class ProductionWorkflowRunHttpTests(EnvironmentApp.Production app) : WorkflowRunHttpTests(app), IClassFixture<EnvironmentApp.Production>;
