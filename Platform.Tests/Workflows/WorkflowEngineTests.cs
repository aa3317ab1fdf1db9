using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Platform.Core.Access;
using Platform.Core.Bookings;
using Platform.Core.Identity;
using Platform.Core.Workflows;
using Platform.Infrastructure.Workflows;
using Platform.Tests.Events;
using Platform.Tests.Support;

namespace Platform.Tests.Workflows;

/// <summary>
/// The app with the engine's waits made short (outbox polling, retry delay, two attempts) and a webhook client that
/// trusts the test receiver's self-signed certificate on 127.0.0.1.
/// </summary>
public class WorkflowEngineApp(TestDatabase database) : PlatformAppFactory(database)
{
    public static readonly X509Certificate2 Certificate = CreateCertificate();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Outbox:PollInterval"] = "00:00:00.200",
        ["Workflows:RetryDelay"] = "00:00:00.200",
        ["Workflows:MaxAttempts"] = "2",
        ["Workflows:AllowPrivateWebhookAddresses"] = "true",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddHttpClient(WorkflowOutsideCalls.HttpClientName).ConfigurePrimaryHttpMessageHandler(sp =>
        {
            var handler = WorkflowOutsideCalls.Handler(sp.GetRequiredService<IOptions<WorkflowOptions>>().Value);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == Certificate.Thumbprint;
            return handler;
        }));
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }
}

public sealed class SqliteWorkflowEngineApp() : WorkflowEngineApp(TestDatabase.Sqlite);

public sealed class PostgresWorkflowEngineApp() : WorkflowEngineApp(TestDatabase.Postgres);

public sealed class SqliteWorkflowEngineTests(SqliteWorkflowEngineApp app) : WorkflowEngineTests(app), IClassFixture<SqliteWorkflowEngineApp>;

public sealed class PostgresWorkflowEngineTests(PostgresWorkflowEngineApp app) : WorkflowEngineTests(app), IClassFixture<PostgresWorkflowEngineApp>;

/// <summary>
/// The engine end to end, through the real outbox, Quartz and booking ledger: parallel approvals that confirm or reject
/// a booking, send back and resubmit, a deadline that escalates, a failing webhook retried and then retried from the
/// viewer, a new version that leaves running instances alone, and one person deciding one approval of a request.
/// </summary>
public abstract class WorkflowEngineTests(WorkflowEngineApp app)
{
    private static readonly Actor Ann = Actor.Manager(Guid.NewGuid());
    private static readonly Actor Ben = Actor.Manager(Guid.NewGuid());

    [Fact]
    public async Task Both_managers_approve_then_the_booking_is_confirmed_and_the_customer_is_told()
    {
        var workflowId = await WorkflowTestKit.PublishAsync(app, WorkflowTestKit.TwoManagersApprove());
        var (seeded, bookingId) = await WorkflowTestKit.BookPendingAsync(app);
        var instance = await WorkflowTestKit.WaitForInstanceAsync(app, workflowId, tasks: 2);
        Assert.Equal(bookingId, instance.BookingId);
        var tasks = await WorkflowTestKit.TasksAsync(app, instance.Id);
        Assert.All(tasks, t => Assert.Equal("Manager", t.AssigneeRole));

        Assert.True((await WorkflowTestKit.DecideAsync(app, Ann, tasks[0].Id, TaskDecision.Approve)).Succeeded);
        await Task.Delay(500);
        Assert.Equal(BookingStatus.Pending, await WorkflowTestKit.BookingStatusAsync(app, bookingId));
        Assert.True((await WorkflowTestKit.DecideAsync(app, Ben, tasks[1].Id, TaskDecision.Approve, "Fine by me")).Succeeded);

        await WorkflowTestKit.WaitForStatusAsync(app, instance.Id, WorkflowInstanceStatus.Completed);
        Assert.Equal(BookingStatus.Confirmed, await WorkflowTestKit.BookingStatusAsync(app, bookingId));
        var path = (await WorkflowTestKit.TimelineAsync(app, instance.Id)).Where(r => r.Error is null && r.Port is not null).Select(r => r.StepId).ToList();
        Assert.Equal(["approve-1", "approve-2", "both", "confirm", "tell"], path);
        // The workflow's e-mail about the booking carries the signed manage link, as the booking's own e-mails do.
        MimeKit.MimeMessage? mail = null;
        await Eventually.HoldsAsync(() => Task.FromResult((mail = Mailbox.To(app.MailFolder, seeded.CustomerEmail)
            .FirstOrDefault(m => m.TextBody?.Contains("Both of our managers approved it.", StringComparison.Ordinal) == true)) is not null), "the customer gets the workflow's e-mail");
        var link = Mailbox.Link(mail!, "/booking/manage");
        Assert.Equal(bookingId, await app.InTenantAsync("acme", sp => Task.FromResult(sp.GetRequiredService<Platform.Infrastructure.Bookings.BookingLinks>()
            .BookingIdFrom(Uri.UnescapeDataString(link.Query["?token=".Length..])))));
    }

    [Fact]
    public async Task One_manager_rejects_then_the_booking_is_rejected_and_the_other_task_is_closed()
    {
        var workflowId = await WorkflowTestKit.PublishAsync(app, WorkflowTestKit.TwoManagersApprove());
        var (_, bookingId) = await WorkflowTestKit.BookPendingAsync(app);
        var instance = await WorkflowTestKit.WaitForInstanceAsync(app, workflowId, tasks: 2);
        var tasks = await WorkflowTestKit.TasksAsync(app, instance.Id);

        var refused = await WorkflowTestKit.DecideAsync(app, Ann, tasks[0].Id, TaskDecision.Reject, comment: "  ");
        Assert.False(refused.Succeeded);
        Assert.Contains(WorkflowTasks.CommentField, refused.Errors.Keys);
        Assert.True((await WorkflowTestKit.DecideAsync(app, Ann, tasks[0].Id, TaskDecision.Reject, "Too large for one afternoon")).Succeeded);

        await WorkflowTestKit.WaitForStatusAsync(app, instance.Id, WorkflowInstanceStatus.Completed);
        Assert.Equal(BookingStatus.Rejected, await WorkflowTestKit.BookingStatusAsync(app, bookingId));
        var after = await WorkflowTestKit.TasksAsync(app, instance.Id);
        Assert.Equal(WorkflowTaskStatus.Rejected, after.Single(t => t.Id == tasks[0].Id).Status);
        var other = after.Single(t => t.Id == tasks[1].Id);
        Assert.Equal(WorkflowTaskStatus.Closed, other.Status);
        Assert.NotNull(other.ClosedReason);
        Assert.False((await WorkflowTestKit.DecideAsync(app, Ben, other.Id, TaskDecision.Approve)).Succeeded);
    }

    [Fact]
    public async Task A_task_sent_back_and_resubmitted_loses_no_branch()
    {
        // A real member of staff asks: a task goes back only to someone on the staff, who has an inbox to resubmit from.
        var requester = Actor.Manager(await WorkflowTestKit.UserIdAsync(app, "manager@acme.test"));
        var workflowId = await WorkflowTestKit.PublishAsync(app, WorkflowTestKit.TwoManagersApprove());
        var (_, bookingId) = await WorkflowTestKit.BookPendingAsync(app, by: requester);
        var instance = await WorkflowTestKit.WaitForInstanceAsync(app, workflowId, tasks: 2);
        Assert.Equal(requester.UserId, instance.StartedBy);
        var tasks = await WorkflowTestKit.TasksAsync(app, instance.Id);

        Assert.True((await TaskAsync(Ann, tasks[0].Id)).MaySendBack);
        var sentBack = await app.AsActorAsync("acme", Ann, sp => sp.GetRequiredService<WorkflowTasks>().SendBackAsync(tasks[0].Id, "Which room?"));
        Assert.True(sentBack.Succeeded);
        // The one who sent it back finds it in their history while it waits.
        Assert.Equal(WorkflowTaskStatus.SentBack, (await ListAsync(Ann, TaskInbox.History)).Single(t => t.Id == tasks[0].Id).Status);
        // Meanwhile the other branch goes on: approved while the first waits for the requester.
        Assert.True((await WorkflowTestKit.DecideAsync(app, Ben, tasks[1].Id, TaskDecision.Approve)).Succeeded);
        var inbox = await app.AsActorAsync("acme", requester, sp => sp.GetRequiredService<WorkflowTasks>().ListAsync(TaskInbox.Open, Core.Common.PageRequest.First));
        var mine = Assert.Single(inbox.Value!.Items, t => t.Id == tasks[0].Id);
        Assert.True(mine.MayResubmit);
        Assert.False((await WorkflowTestKit.DecideAsync(app, Ann, tasks[0].Id, TaskDecision.Approve)).Succeeded);

        Assert.True((await app.AsActorAsync("acme", requester, sp => sp.GetRequiredService<WorkflowTasks>().ResubmitAsync(tasks[0].Id, "Room 2"))).Succeeded);
        // Resubmitted, it is open for its assignee again, not in their history.
        Assert.DoesNotContain(await ListAsync(Ann, TaskInbox.History), t => t.Id == tasks[0].Id);
        Assert.True((await TaskAsync(Ann, tasks[0].Id)).MayDecide);
        Assert.True((await WorkflowTestKit.DecideAsync(app, Ann, tasks[0].Id, TaskDecision.Approve)).Succeeded);

        await WorkflowTestKit.WaitForStatusAsync(app, instance.Id, WorkflowInstanceStatus.Completed);
        Assert.Equal(BookingStatus.Confirmed, await WorkflowTestKit.BookingStatusAsync(app, bookingId));
        var joined = (await WorkflowTestKit.TimelineAsync(app, instance.Id)).Where(r => r.StepId == "both").ToList();
        Assert.Contains(joined, r => r.Port == "next");
    }

    [Fact]
    public async Task A_task_nobody_on_the_staff_asked_for_is_not_sent_back_but_can_be_handed_to_a_colleague()
    {
        var workflowId = await WorkflowTestKit.PublishAsync(app, WorkflowTestKit.TwoManagersApprove());
        // Placed by an account that is no member of this business's staff (as a customer's or the platform's would be).
        await WorkflowTestKit.BookPendingAsync(app, by: Actor.Manager(Guid.NewGuid()));
        var instance = await WorkflowTestKit.WaitForInstanceAsync(app, workflowId, tasks: 2);
        var task = (await WorkflowTestKit.TasksAsync(app, instance.Id))[0];
        var sam = await WorkflowTestKit.UserIdAsync(app, "sam@acme.test");

        var item = await TaskAsync(Ann, task.Id);
        Assert.True(item.MayDecide);
        Assert.False(item.MaySendBack);
        var refused = await app.AsActorAsync("acme", Ann, sp => sp.GetRequiredService<WorkflowTasks>().SendBackAsync(task.Id, "Which room?"));
        Assert.Equal(Core.Errors.ErrorCodes.Conflict, refused.Code);

        var delegates = await app.AsActorAsync("acme", Ann, sp => sp.GetRequiredService<WorkflowTasks>().DelegatesAsync(task.Id));
        Assert.Contains(delegates.Value!, d => d.UserId == sam && d.Roles.SequenceEqual([PlatformRoles.Staff]));
        Assert.True((await app.AsActorAsync("acme", Ann, sp => sp.GetRequiredService<WorkflowTasks>().DelegateAsync(task.Id, sam, "Yours, Sam"))).Succeeded);
        // Handed on and still open, it is in Ann's history at once, with whom it is now.
        var handedOn = Assert.Single(await ListAsync(Ann, TaskInbox.History), t => t.Id == task.Id);
        Assert.Equal((WorkflowTaskStatus.Open, sam), (handedOn.Status, handedOn.AssigneeUserId));
        Assert.False(handedOn.MayDecide);

        // Sam, on the staff, may pass it on in turn; offered everyone but himself; someone it is not given to is offered nobody.
        var samAsStaff = Actor.Staff(sam);
        var onward = await app.AsActorAsync("acme", samAsStaff, sp => sp.GetRequiredService<WorkflowTasks>().DelegatesAsync(task.Id));
        Assert.True(onward.Succeeded);
        Assert.DoesNotContain(onward.Value!, d => d.UserId == sam);
        var jo = await WorkflowTestKit.UserIdAsync(app, "jo@acme.test");
        Assert.Contains(onward.Value!, d => d.UserId == jo);
        var notHers = await app.AsActorAsync("acme", Actor.Staff(jo), sp => sp.GetRequiredService<WorkflowTasks>().DelegatesAsync(task.Id));
        Assert.False(notHers.Succeeded);
        Assert.True((await app.AsActorAsync("acme", samAsStaff, sp => sp.GetRequiredService<WorkflowTasks>().DelegateAsync(task.Id, jo, null))).Succeeded);
        Assert.Contains(await ListAsync(samAsStaff, TaskInbox.History), t => t.Id == task.Id);
        Assert.Equal(jo, (await WorkflowTestKit.TasksAsync(app, instance.Id)).Single(t => t.Id == task.Id).AssigneeUserId);
        Assert.False((await TaskAsync(samAsStaff, task.Id)).MayDecide);
    }

    private async Task<TaskItem> TaskAsync(Actor actor, Guid taskId) =>
        (await app.AsActorAsync("acme", actor, sp => sp.GetRequiredService<WorkflowTasks>().GetAsync(taskId))).Value!;

    /// <summary>The first page of a list: what was decided last comes first in the history.</summary>
    private async Task<IReadOnlyList<TaskItem>> ListAsync(Actor actor, TaskInbox inbox) =>
        (await app.AsActorAsync("acme", actor, sp => sp.GetRequiredService<WorkflowTasks>().ListAsync(inbox, Core.Common.PageRequest.First))).Value!.Items;

    [Fact]
    public async Task One_person_decides_at_most_one_approval_of_a_request()
    {
        var workflowId = await WorkflowTestKit.PublishAsync(app, WorkflowTestKit.TwoManagersApprove());
        await WorkflowTestKit.BookPendingAsync(app);
        var instance = await WorkflowTestKit.WaitForInstanceAsync(app, workflowId, tasks: 2);
        var tasks = await WorkflowTestKit.TasksAsync(app, instance.Id);

        var both = await app.AsActorAsync("acme", Ann, sp => sp.GetRequiredService<WorkflowTasks>().DecideManyAsync([tasks[0].Id, tasks[1].Id], TaskDecision.Approve, null));
        Assert.Equal([true, false], both.Select(r => r.Succeeded));
        Assert.Contains("someone else", both[1].Error);
        var staff = await app.AsActorAsync("acme", Actor.Staff(Guid.NewGuid()), sp => sp.GetRequiredService<WorkflowTasks>().DecideAsync(tasks[1].Id, TaskDecision.Approve, null));
        Assert.False(staff.Succeeded);
        Assert.Equal(WorkflowTaskStatus.Open, (await WorkflowTestKit.TasksAsync(app, instance.Id)).Single(t => t.Id == tasks[1].Id).Status);
    }

    [Fact]
    public async Task A_deadline_passed_escalates_the_task_to_the_escalation_role()
    {
        var workflowId = await WorkflowTestKit.PublishAsync(app, WorkflowTestKit.TwoManagersApprove(deadline: "PT1S", escalationRole: "TenantAdmin"));
        await WorkflowTestKit.BookPendingAsync(app);
        var instance = await WorkflowTestKit.WaitForInstanceAsync(app, workflowId, tasks: 2);

        await Eventually.HoldsAsync(async () => (await WorkflowTestKit.TasksAsync(app, instance.Id)).Any(t => t.EscalatedAt is not null), "the task escalates", 30_000);
        var tasks = await WorkflowTestKit.TasksAsync(app, instance.Id);
        var escalated = tasks.Single(t => t.StepId == "approve-1");
        Assert.Equal("TenantAdmin", escalated.AssigneeRole);
        Assert.Equal(WorkflowTaskStatus.Open, escalated.Status);
        Assert.Null(tasks.Single(t => t.StepId == "approve-2").EscalatedAt);
        // A manager no longer decides it; an admin does.
        Assert.False((await WorkflowTestKit.DecideAsync(app, Ann, escalated.Id, TaskDecision.Approve)).Succeeded);
        Assert.True((await WorkflowTestKit.DecideAsync(app, Actor.TenantAdmin(Guid.NewGuid()), escalated.Id, TaskDecision.Approve)).Succeeded);
    }

    [Fact]
    public async Task A_failing_webhook_is_retried_then_faults_and_an_admin_retries_it_from_that_step()
    {
        var failing = true;
        await using var receiver = await FakeHttpService.StartAsync((context, _, _) =>
        {
            context.Response.StatusCode = Volatile.Read(ref failing) ? 503 : 204;
            return Task.CompletedTask;
        }, WorkflowEngineApp.Certificate);
        var url = new Uri(receiver.BaseUrl, "hooks/booking").AbsoluteUri;
        var workflowId = await WorkflowTestKit.PublishAsync(app, new WorkflowDefinition
        {
            Name = "Hook " + Guid.NewGuid().ToString("N")[..6],
            Trigger = new WorkflowTrigger { Type = WorkflowTriggerTypes.Manual },
            Start = "mark",
            Steps =
            [
                new() { Id = "mark", Type = WorkflowStepTypes.SetVariable, Variable = "answer", Expression = "40 + 2" },
                new() { Id = "hook", Type = WorkflowStepTypes.Webhook, Url = url },
                new() { Id = "done", Type = WorkflowStepTypes.End },
            ],
            Edges = [new("mark", "next", "hook"), new("hook", "next", "done")],
        });

        var started = await app.AsActorAsync("acme", Ann, sp => sp.GetRequiredService<WorkflowInstances>().StartAsync(workflowId, new Dictionary<string, object?> { ["order"] = "A-17" }, null));
        Assert.True(started.Succeeded, string.Join("; ", started.Errors.SelectMany(e => e.Value)));
        var instanceId = started.Value!.Id;
        await WorkflowTestKit.WaitForStatusAsync(app, instanceId, WorkflowInstanceStatus.Faulted);
        var faulted = await WorkflowTestKit.ReadAsync(app, db => db.WorkflowInstances.AsNoTracking().SingleAsync(i => i.Id == instanceId));
        var seen = $"faulted at {faulted.FaultedStep} with “{faulted.Error}” after {receiver.Requests.Count} requests";
        Assert.True(faulted.FaultedStep == "hook" && faulted.Error?.Contains("503") == true && receiver.Requests.Count == 2, seen);

        // The receiver can check who sent it: the Standard Webhooks signature with the workflow's secret, the same id on every attempt.
        var secret = await app.InTenantAsync("acme", sp => sp.GetRequiredService<WorkflowOutsideCalls>().SecretAsync(workflowId, CancellationToken.None));
        var first = receiver.Requests.First();
        var body = Encoding.UTF8.GetString(first.Body);
        Assert.Equal(WorkflowOutsideCalls.Sign(secret, first.Header("webhook-id"), first.Header("webhook-timestamp"), body), first.Header("webhook-signature"));
        Assert.Single(receiver.Requests.Select(r => r.Header("webhook-id")).Distinct());
        using (var payload = JsonDocument.Parse(body))
        {
            Assert.Equal("A-17", payload.RootElement.GetProperty("data").GetProperty("input.order").GetString());
        }

        var byManager = await app.AsActorAsync("acme", Ann, sp => sp.GetRequiredService<WorkflowInstances>().RetryAsync(instanceId));
        Assert.False(byManager.Succeeded);
        Volatile.Write(ref failing, false);
        Assert.True((await app.AsActorAsync("acme", WorkflowTestKit.Admin, sp => sp.GetRequiredService<WorkflowInstances>().RetryAsync(instanceId))).Succeeded);

        await WorkflowTestKit.WaitForStatusAsync(app, instanceId, WorkflowInstanceStatus.Completed);
        var timeline = await WorkflowTestKit.TimelineAsync(app, instanceId);
        Assert.Single(timeline, r => r.StepId == "mark");
        Assert.Equal(2, timeline.Count(r => r.StepId == "hook" && r.Error is not null));
        Assert.Single(timeline, r => r.StepId == "hook" && r.Port == "next");
        Assert.Equal(3, receiver.Requests.Count);
    }

    [Fact]
    public async Task A_start_key_starts_one_instance_however_often_it_is_given()
    {
        // A start writes the instance and its first round in one save, so a second start of the same key (a redelivered
        // event) must meet the unique key and answer with the first instance, its steps run once.
        var workflowId = await WorkflowTestKit.PublishAsync(app, new WorkflowDefinition
        {
            Name = "Once " + Guid.NewGuid().ToString("N")[..6],
            Trigger = new WorkflowTrigger { Type = WorkflowTriggerTypes.Manual },
            Start = "mark",
            Steps =
            [
                new() { Id = "mark", Type = WorkflowStepTypes.SetVariable, Variable = "answer", Expression = "40 + 2" },
                new() { Id = "done", Type = WorkflowStepTypes.End },
            ],
            Edges = [new("mark", "next", "done")],
        });
        var key = "redelivered-" + Guid.NewGuid().ToString("N");
        var start = new WorkflowStart(WorkflowTriggerTypes.Manual, new Dictionary<string, object?>());

        var first = await app.InTenantAsync("acme", sp => sp.GetRequiredService<WorkflowEngine>().StartAsync(workflowId, key, start));
        var second = await app.InTenantAsync("acme", sp => sp.GetRequiredService<WorkflowEngine>().StartAsync(workflowId, key, start));

        Assert.NotNull(first);
        Assert.Equal(first.Id, second?.Id);
        Assert.Equal(WorkflowInstanceStatus.Completed, first.Status);
        Assert.Equal(1, await WorkflowTestKit.ReadAsync(app, db => db.WorkflowInstances.CountAsync(i => i.WorkflowId == workflowId && i.StartKey == key)));
        var timeline = await WorkflowTestKit.TimelineAsync(app, first.Id);
        Assert.Equal(["mark", "done"], timeline.OrderBy(r => r.Sequence).Select(r => r.StepId));
    }

    [Fact]
    public async Task An_instance_runs_on_the_version_it_started_with()
    {
        var v1 = WorkflowTestKit.TwoManagersApprove();
        var workflowId = await WorkflowTestKit.PublishAsync(app, v1);
        var (_, bookingId) = await WorkflowTestKit.BookPendingAsync(app);
        var instance = await WorkflowTestKit.WaitForInstanceAsync(app, workflowId, tasks: 2);
        Assert.Equal(1, instance.Version);

        // Version 2 has one more step after the join; the running instance keeps to version 1.
        var v2 = v1 with
        {
            Steps = [.. v1.Steps, new() { Id = "extra", Type = WorkflowStepTypes.SetVariable, Variable = "seen", Expression = "true" }],
            Edges = [.. v1.Edges.Where(e => e.From != "both"), new("both", "next", "extra"), new("extra", "next", "confirm")],
        };
        await WorkflowTestKit.PublishAgainAsync(app, workflowId, v2);
        var tasks = await WorkflowTestKit.TasksAsync(app, instance.Id);
        Assert.True((await WorkflowTestKit.DecideAsync(app, Ann, tasks[0].Id, TaskDecision.Approve)).Succeeded);
        Assert.True((await WorkflowTestKit.DecideAsync(app, Ben, tasks[1].Id, TaskDecision.Approve)).Succeeded);

        await WorkflowTestKit.WaitForStatusAsync(app, instance.Id, WorkflowInstanceStatus.Completed);
        Assert.Equal(BookingStatus.Confirmed, await WorkflowTestKit.BookingStatusAsync(app, bookingId));
        Assert.DoesNotContain(await WorkflowTestKit.TimelineAsync(app, instance.Id), r => r.StepId == "extra");
        Assert.Equal(1, (await WorkflowTestKit.InstanceAsync(app, workflowId))!.Version);
    }
}
