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

/// <summary>What the engine's tests do again and again: publish a definition as the admin, book, find instances and tasks, decide.</summary>
public static class WorkflowTestKit
{
    public static readonly Actor Admin = Actor.TenantAdmin(Guid.NewGuid());

    /// <summary>Imports and publishes <paramref name="definition"/> in the tenant; the workflow's id.</summary>
    public static Task<Guid> PublishAsync(PlatformAppFactory app, WorkflowDefinition definition, string slug = "acme") =>
        app.AsActorAsync(slug, Admin, async sp =>
        {
            var definitions = sp.GetRequiredService<WorkflowDefinitions>();
            var draft = await definitions.ImportAsync(WorkflowJson.Write(definition));
            Assert.True(draft.Succeeded, string.Join("; ", draft.Errors.SelectMany(e => e.Value)));
            var published = await definitions.PublishAsync(draft.Value!.Workflow.Id);
            Assert.True(published.Succeeded, string.Join("; ", published.Errors.SelectMany(e => e.Value)));
            return draft.Value.Workflow.Id;
        });

    /// <summary>Publishes the draft of <paramref name="workflowId"/> replaced by <paramref name="definition"/> as its next version.</summary>
    public static Task PublishAgainAsync(PlatformAppFactory app, Guid workflowId, WorkflowDefinition definition, string slug = "acme") =>
        app.AsActorAsync(slug, Admin, async sp =>
        {
            var definitions = sp.GetRequiredService<WorkflowDefinitions>();
            Assert.True((await definitions.SaveDraftAsync(workflowId, WorkflowJson.Write(definition))).Succeeded);
            Assert.True((await definitions.PublishAsync(workflowId)).Succeeded);
            return 0;
        });

    /// <summary>A booking of a service that needs approval, placed by <paramref name="by"/> (a manager by default): pending, so "awaitingApproval".</summary>
    public static async Task<(SeededBooking Seeded, Guid BookingId)> BookPendingAsync(PlatformAppFactory app, Actor? by = null)
    {
        var seeded = await BookingTestData.SeedAsync(app, requiresApproval: true);
        var start = BookingTestData.Tomorrow.AddHours(10);
        var booking = await app.AsActorAsync("acme", by ?? Actor.Manager(Guid.NewGuid()), sp =>
            sp.GetRequiredService<BookingLedger>().PlaceAsync(new PlaceBooking(seeded.Service, seeded.Provider, seeded.Customer, start)));
        Assert.True(booking.Succeeded, string.Join("; ", booking.Errors.SelectMany(e => e.Value)));
        Assert.Equal(BookingStatus.Pending, booking.Value!.Status);
        return (seeded, booking.Value.Id);
    }

    /// <summary>The id of a demo user, by e-mail.</summary>
    public static Task<Guid> UserIdAsync(PlatformAppFactory app, string email, string slug = "acme")
    {
        var normalized = email.ToUpperInvariant();
        return app.InTenantAsync(slug, sp => sp.GetRequiredService<PlatformDbContext>().Users.Where(u => u.NormalizedEmail == normalized).Select(u => u.Id).SingleAsync());
    }

    public static Task<T> ReadAsync<T>(PlatformAppFactory app, Func<PlatformDbContext, Task<T>> read, string slug = "acme") =>
        app.InTenantAsync(slug, sp => read(sp.GetRequiredService<PlatformDbContext>()));

    public static Task<WorkflowInstance?> InstanceAsync(PlatformAppFactory app, Guid workflowId, string slug = "acme") =>
        ReadAsync(app, db => db.WorkflowInstances.AsNoTracking().Where(i => i.WorkflowId == workflowId).OrderBy(i => i.StartedAt).FirstOrDefaultAsync(), slug);

    public static Task<List<WorkflowTask>> TasksAsync(PlatformAppFactory app, Guid instanceId) =>
        ReadAsync(app, db => db.WorkflowTasks.AsNoTracking().Where(t => t.InstanceId == instanceId).OrderBy(t => t.StepId).ToListAsync());

    public static Task<List<WorkflowStepRecord>> TimelineAsync(PlatformAppFactory app, Guid instanceId) =>
        ReadAsync(app, db => db.WorkflowStepRecords.AsNoTracking().Where(r => r.InstanceId == instanceId).OrderBy(r => r.Sequence).ToListAsync());

    public static Task<BookingStatus> BookingStatusAsync(PlatformAppFactory app, Guid bookingId) =>
        ReadAsync(app, db => db.Bookings.AsNoTracking().Where(b => b.Id == bookingId).Select(b => b.Status).SingleAsync());

    /// <summary>Waits for the workflow's first instance, and for it to have <paramref name="tasks"/> open tasks.</summary>
    public static async Task<WorkflowInstance> WaitForInstanceAsync(PlatformAppFactory app, Guid workflowId, int tasks = 0)
    {
        WorkflowInstance? instance = null;
        await Eventually.HoldsAsync(async () =>
            (instance = await InstanceAsync(app, workflowId)) is not null
            && (await TasksAsync(app, instance.Id)).Count(t => t.Status == WorkflowTaskStatus.Open) >= tasks,
            $"the workflow starts an instance with {tasks} open tasks", 30_000);
        return instance!;
    }

    public static async Task WaitForStatusAsync(PlatformAppFactory app, Guid instanceId, WorkflowInstanceStatus status, int timeoutMs = 30_000)
    {
        await Eventually.HoldsAsync(
            async () => await ReadAsync(app, db => db.WorkflowInstances.AsNoTracking().AnyAsync(i => i.Id == instanceId && i.Status == status)),
            $"instance {instanceId} is {status}", timeoutMs);
    }

    public static Task<Platform.Core.Common.Outcome<TaskItem>> DecideAsync(PlatformAppFactory app, Actor who, Guid taskId, TaskDecision decision, string? comment = null) =>
        app.AsActorAsync("acme", who, sp => sp.GetRequiredService<WorkflowTasks>().DecideAsync(taskId, decision, comment));

    /// <summary>The definition of the first template: two managers approve in parallel, then the booking is confirmed and the customer told.</summary>
    public static WorkflowDefinition TwoManagersApprove(string? deadline = null, string? escalationRole = null) => new()
    {
        Name = "Two managers approve " + Guid.NewGuid().ToString("N")[..6],
        Trigger = new WorkflowTrigger { Type = WorkflowTriggerTypes.BookingEvent, Event = "awaitingApproval" },
        Start = "split",
        Steps =
        [
            new() { Id = "split", Type = WorkflowStepTypes.Fork, Branches = ["first", "second"] },
            new() { Id = "approve-1", Type = WorkflowStepTypes.Approval, AssigneeRole = "Manager", Deadline = deadline, EscalationRole = escalationRole },
            new() { Id = "approve-2", Type = WorkflowStepTypes.Approval, AssigneeRole = "Manager" },
            new() { Id = "both", Type = WorkflowStepTypes.Join, Fork = "split", Mode = "all" },
            new() { Id = "confirm", Type = WorkflowStepTypes.ChangeBooking, Action = "confirm" },
            new() { Id = "tell", Type = WorkflowStepTypes.SendEmail, Template = "booking.confirmed", To = "customer", Message = "Both of our managers approved it." },
            new() { Id = "reject", Type = WorkflowStepTypes.ChangeBooking, Action = "reject", Reason = "A manager turned the booking down." },
            new() { Id = "done", Type = WorkflowStepTypes.End },
        ],
        Edges =
        [
            new("split", "first", "approve-1"),
            new("split", "second", "approve-2"),
            new("approve-1", "approved", "both"),
            new("approve-1", "rejected", "reject"),
            new("approve-2", "approved", "both"),
            new("approve-2", "rejected", "reject"),
            new("both", "next", "confirm"),
            new("confirm", "next", "tell"),
            new("tell", "next", "done"),
            new("reject", "next", "done"),
        ],
    };
}

/// <summary>The app of the workflow pages' browser tests: a failing step faults its run at the first attempt, so a faulted run is there at once.</summary>
public sealed class FailFastWorkflowApp() : KestrelAppFactory(TestDatabase.Sqlite)
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Workflows:MaxAttempts"] = "1",
        ["Workflows:RetryDelay"] = "00:00:00.050",
    };
}
