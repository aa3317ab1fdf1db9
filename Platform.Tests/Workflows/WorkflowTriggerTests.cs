using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Access;
using Platform.Core.Bookings;
using Platform.Core.Workflows;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Workflows;
using Platform.Tests.Bookings;
using Platform.Tests.Events;
using Platform.Tests.Support;

namespace Platform.Tests.Workflows;

/// <summary>The engine with its clock made quick, for triggers that start by time.</summary>
public sealed class WorkflowTriggerApp() : PlatformAppFactory(TestDatabase.Sqlite)
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Outbox:PollInterval"] = "00:00:00.200",
        ["Workflows:ClockInterval"] = "00:00:00.500",
    };
}

/// <summary>
/// What starts instances besides a booking event of a published workflow: the built-in approval of a service that
/// requires it, a booking decided outside its task, a new customer, a booking's time, a cron schedule; and the
/// templates, and the clean-up of ended instances.
/// </summary>
public sealed class WorkflowTriggerTests(WorkflowTriggerApp app) : IClassFixture<WorkflowTriggerApp>
{
    private static readonly Actor Manager = Actor.Manager(Guid.NewGuid());

    private static WorkflowDefinition Marker(WorkflowTrigger trigger) => new()
    {
        Name = "Marker " + Guid.NewGuid().ToString("N")[..6],
        Trigger = trigger,
        Start = "mark",
        Steps =
        [
            new() { Id = "mark", Type = WorkflowStepTypes.SetVariable, Variable = "seen", Expression = "true" },
            new() { Id = "done", Type = WorkflowStepTypes.End },
        ],
        Edges = [new("mark", "next", "done")],
    };

    private Task<List<WorkflowInstance>> InstancesAsync(Guid workflowId) =>
        WorkflowTestKit.ReadAsync(app, db => db.WorkflowInstances.AsNoTracking().Where(i => i.WorkflowId == workflowId).ToListAsync());

    [Fact]
    public async Task Without_a_workflow_of_its_own_a_booking_to_approve_runs_the_built_in_approval()
    {
        var tenantId = await app.TenantIdAsync("acme");
        var builtIn = WorkflowTriggers.BuiltInApprovalId(tenantId);
        var (_, first) = await WorkflowTestKit.BookPendingAsync(app);
        WorkflowInstance? instance = null;
        await Eventually.HoldsAsync(async () => (instance = (await InstancesAsync(builtIn)).FirstOrDefault(i => i.BookingId == first)) is not null
            && (await WorkflowTestKit.TasksAsync(app, instance.Id)).Count == 1, "the booking's approval opens", 30_000);
        var workflow = await WorkflowTestKit.ReadAsync(app, db => db.Workflows.AsNoTracking().SingleAsync(w => w.Id == builtIn));
        Assert.True(workflow.IsBuiltIn);
        Assert.Equal(1, workflow.LatestVersion);

        var task = (await WorkflowTestKit.TasksAsync(app, instance!.Id)).Single(t => t.Status == WorkflowTaskStatus.Open);
        Assert.Equal("Manager", task.AssigneeRole);
        Assert.Equal(first, task.BookingId);
        Assert.True((await WorkflowTestKit.DecideAsync(app, Manager, task.Id, TaskDecision.Approve)).Succeeded);
        await WorkflowTestKit.WaitForStatusAsync(app, instance.Id, WorkflowInstanceStatus.Completed);
        Assert.Equal(BookingStatus.Confirmed, await WorkflowTestKit.BookingStatusAsync(app, first));

        // Confirmed in the bookings list instead: the task is decided that way and the run ends without waiting for it.
        var (_, second) = await WorkflowTestKit.BookPendingAsync(app);
        WorkflowInstance? other = null;
        await Eventually.HoldsAsync(async () => (other = (await InstancesAsync(builtIn)).FirstOrDefault(i => i.BookingId == second)) is not null
            && (await WorkflowTestKit.TasksAsync(app, other.Id)).Count == 1, "the second booking's approval opens", 30_000);
        var confirmed = await app.AsActorAsync("acme", Manager, sp => sp.GetRequiredService<BookingLedger>().ChangeAsync(second, BookingAction.Confirm, null));
        Assert.True(confirmed.Succeeded);
        await WorkflowTestKit.WaitForStatusAsync(app, other!.Id, WorkflowInstanceStatus.Completed);
        var closed = (await WorkflowTestKit.TasksAsync(app, other.Id)).Single();
        Assert.Equal(WorkflowTaskStatus.Approved, closed.Status);
        Assert.Equal(Manager.UserId, closed.DecidedBy);
    }

    [Fact]
    public async Task A_booking_cancelled_while_it_waits_for_approval_ends_its_approval_run()
    {
        var builtIn = WorkflowTriggers.BuiltInApprovalId(await app.TenantIdAsync("acme"));
        var (_, bookingId) = await WorkflowTestKit.BookPendingAsync(app);
        WorkflowInstance? instance = null;
        await Eventually.HoldsAsync(async () => (instance = (await InstancesAsync(builtIn)).FirstOrDefault(i => i.BookingId == bookingId)) is not null
            && (await WorkflowTestKit.TasksAsync(app, instance.Id)).Count == 1, "the approval opens", 30_000);

        var cancelled = await app.AsActorAsync("acme", Manager, sp => sp.GetRequiredService<BookingLedger>().ChangeAsync(bookingId, BookingAction.Cancel, "The customer cannot come."));
        Assert.True(cancelled.Succeeded);
        await WorkflowTestKit.WaitForStatusAsync(app, instance!.Id, WorkflowInstanceStatus.Completed);
        Assert.Equal(BookingStatus.Cancelled, await WorkflowTestKit.BookingStatusAsync(app, bookingId));
        Assert.Equal(WorkflowTaskStatus.Rejected, (await WorkflowTestKit.TasksAsync(app, instance.Id)).Single().Status);
    }

    [Fact]
    public async Task A_workflow_of_the_tenant_replaces_the_built_in_approval()
    {
        var own = await WorkflowTestKit.PublishAsync(app, Marker(new WorkflowTrigger { Type = WorkflowTriggerTypes.BookingEvent, Event = "awaitingApproval" }));
        var builtIn = WorkflowTriggers.BuiltInApprovalId(await app.TenantIdAsync("acme"));
        var before = (await InstancesAsync(builtIn)).Count;
        var (_, bookingId) = await WorkflowTestKit.BookPendingAsync(app);

        await Eventually.HoldsAsync(async () => (await InstancesAsync(own)).Any(i => i.BookingId == bookingId), "the tenant's own workflow starts");
        await Task.Delay(1000);
        Assert.Equal(before, (await InstancesAsync(builtIn)).Count);
        Assert.Equal(BookingStatus.Pending, await WorkflowTestKit.BookingStatusAsync(app, bookingId));
        await app.AsActorAsync("acme", WorkflowTestKit.Admin, async sp =>
        {
            // Leave the tenant as it was for the other tests of this class: paused, its own workflow starts nothing.
            var db = sp.GetRequiredService<PlatformDbContext>();
            return await db.Workflows.Where(w => w.Id == own).ExecuteUpdateAsync(w => w.SetProperty(x => x.IsPaused, true));
        });
    }

    [Fact]
    public async Task A_new_customer_starts_the_customer_workflows()
    {
        var workflowId = await WorkflowTestKit.PublishAsync(app, Marker(new WorkflowTrigger { Type = WorkflowTriggerTypes.CustomerCreated }));
        var customerId = await app.InTenantAsync("acme", async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            var customer = new Customer { Name = "Nia New", Email = $"nia-{Guid.NewGuid():N}@example.com", CreatedAt = DateTimeOffset.UtcNow };
            db.Customers.Add(customer);
            await db.SaveChangesAsync();
            return customer.Id;
        });

        await Eventually.HoldsAsync(async () => (await InstancesAsync(workflowId)).Count == 1, "the customer workflow starts");
        var instance = (await InstancesAsync(workflowId)).Single();
        Assert.Contains(customerId.ToString(), instance.DataJson);
        Assert.Contains("Nia New", instance.DataJson);
    }

    [Fact]
    public async Task A_booking_time_workflow_starts_once_when_its_time_comes()
    {
        var workflowId = await WorkflowTestKit.PublishAsync(app, Marker(new WorkflowTrigger { Type = WorkflowTriggerTypes.BookingTime, Anchor = "start", Offset = "-PT2H" }));
        var seeded = await BookingTestData.SeedAsync(app);
        var soon = DateTimeOffset.UtcNow.AddHours(2).AddSeconds(2);
        var (due, cancelled, later) = await app.InTenantAsync("acme", async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            var dueBooking = BookingTestData.Confirmed(seeded, soon);
            var cancelledBooking = BookingTestData.Confirmed(seeded, soon.AddMinutes(-1));
            cancelledBooking.Status = BookingStatus.Cancelled;
            var laterBooking = BookingTestData.Confirmed(seeded, soon.AddDays(1));
            db.Bookings.AddRange(dueBooking, cancelledBooking, laterBooking);
            await db.SaveChangesAsync();
            return (dueBooking.Id, cancelledBooking.Id, laterBooking.Id);
        });

        await Eventually.HoldsAsync(async () => (await InstancesAsync(workflowId)).Any(i => i.BookingId == due), "the booking's time starts the workflow", 30_000);
        await Task.Delay(1500);
        var started = await InstancesAsync(workflowId);
        Assert.Single(started, i => i.BookingId == due);
        Assert.DoesNotContain(started, i => i.BookingId == cancelled || i.BookingId == later);
    }

    [Fact]
    public async Task A_schedule_starts_the_workflow_at_each_firing_until_a_version_without_it()
    {
        var schedule = Marker(new WorkflowTrigger { Type = WorkflowTriggerTypes.Schedule, Cron = "* * * * * ?" });
        var workflowId = await WorkflowTestKit.PublishAsync(app, schedule);
        await Eventually.HoldsAsync(async () => (await InstancesAsync(workflowId)).Count >= 2, "the schedule fires twice", 30_000);
        Assert.All(await InstancesAsync(workflowId), i => Assert.Equal(WorkflowTriggerTypes.Schedule, i.TriggerType));

        await WorkflowTestKit.PublishAgainAsync(app, workflowId, schedule with { Trigger = new WorkflowTrigger { Type = WorkflowTriggerTypes.Manual } });
        await Task.Delay(1500);
        var after = (await InstancesAsync(workflowId)).Count;
        await Task.Delay(2500);
        Assert.Equal(after, (await InstancesAsync(workflowId)).Count);
    }

    [Fact]
    public async Task Instances_ended_longer_ago_than_the_retention_are_deleted_with_their_timeline_and_tasks()
    {
        var workflowId = await WorkflowTestKit.PublishAsync(app, Marker(new WorkflowTrigger { Type = WorkflowTriggerTypes.Manual }));
        var old = await app.AsActorAsync("acme", Manager, sp => sp.GetRequiredService<WorkflowInstances>().StartAsync(workflowId, null, null));
        var recent = await app.AsActorAsync("acme", Manager, sp => sp.GetRequiredService<WorkflowInstances>().StartAsync(workflowId, null, null));
        await WorkflowTestKit.ReadAsync(app, db => db.WorkflowInstances.Where(i => i.Id == old.Value!.Id)
            .ExecuteUpdateAsync(i => i.SetProperty(x => x.EndedAt, DateTimeOffset.UtcNow.AddDays(-91))));

        Assert.True(await app.Services.GetRequiredService<WorkflowClockService>().DeleteEndedAsync(CancellationToken.None) >= 1);
        var left = await InstancesAsync(workflowId);
        Assert.Equal([recent.Value!.Id], left.Select(i => i.Id));
        Assert.Empty(await WorkflowTestKit.TimelineAsync(app, old.Value!.Id));
        Assert.NotEmpty(await WorkflowTestKit.TimelineAsync(app, recent.Value.Id));
    }

    [Fact]
    public async Task A_new_workflow_starts_from_a_template_and_publishes()
    {
        using var manager = await app.SignedInAsync("http://acme.localhost/", "manager@acme.test");
        var templates = await (await manager.GetAsync("api/v1/workflows/templates")).JsonAsync();
        Assert.Equal(WorkflowTemplates.All.Select(t => t.Key), templates.EnumerateArray().Select(t => t.GetProperty("key").GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.PostAsJsonAsync("api/v1/workflows", new { template = WorkflowTemplates.TwoApprovals })).StatusCode);

        using var admin = await app.SignedInAsync("http://acme.localhost/", "admin@acme.test");
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("api/v1/workflows", new { template = "no-such" })).StatusCode);
        foreach (var template in WorkflowTemplates.All)
        {
            var created = await admin.PostAsJsonAsync("api/v1/workflows", new { template = template.Key, name = template.Name + " (copy)" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var id = (await created.JsonAsync()).GetProperty("workflow").GetProperty("id").GetGuid();
            var published = await admin.PostAsync($"api/v1/workflows/{id}/publish", null);
            Assert.True(published.StatusCode == HttpStatusCode.OK, $"{template.Key}: {await published.Content.ReadAsStringAsync()}");
            await WorkflowTestKit.ReadAsync(app, db => db.Workflows.Where(w => w.Id == id).ExecuteUpdateAsync(w => w.SetProperty(x => x.IsPaused, true)));
        }
    }
}
