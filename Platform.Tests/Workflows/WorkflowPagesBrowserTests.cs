using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Platform.Core.Access;
using Platform.Core.Workflows;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Workflows;
using Platform.Tests.Events;
using Platform.Tests.Support;

namespace Platform.Tests.Workflows;

/// <summary>
/// The App pages of the workflow engine in a browser, in both demo tenants (acme light en-US New York, globex dark de-DE
/// Berlin) at desktop and phone widths: a manager approves and rejects (a rejection without a comment is refused by the
/// dialog) from /app/approvals, the history shows the decisions, the instance viewer shows the path the run took and who
/// approved, "Run now" starts a manual workflow; a bulk approval names the task it could not change, and a task is
/// delegated; staff have the inbox but not the workflows; an admin retries a faulted run from the viewer and cancels it
/// after a confirmation, while a manager sees neither button.
/// </summary>
public sealed class WorkflowPagesBrowserTests(FailFastWorkflowApp app) : IClassFixture<FailFastWorkflowApp>, IAsyncLifetime
{
    private readonly BrowserFixture _browser = new();

    public Task InitializeAsync() => _browser.InitializeAsync();

    public Task DisposeAsync() => _browser.DisposeAsync();

    private static WorkflowDefinition ManagerApproves(string name) => new()
    {
        Name = name,
        Description = "A manager looks at it before it goes on.",
        Trigger = new WorkflowTrigger { Type = WorkflowTriggerTypes.Manual },
        Start = "approve",
        Steps =
        [
            new() { Id = "approve", Type = WorkflowStepTypes.Approval, Name = "Manager approval", AssigneeRole = "Manager", Deadline = "P1D", Reminder = "PT12H", EscalationRole = "TenantAdmin" },
            new() { Id = "approved", Type = WorkflowStepTypes.End },
            new() { Id = "rejected", Type = WorkflowStepTypes.End },
        ],
        Edges = [new("approve", "approved", "approved"), new("approve", "rejected", "rejected")],
    };

    private static WorkflowDefinition CallsOut(string name) => new()
    {
        Name = name,
        Trigger = new WorkflowTrigger { Type = WorkflowTriggerTypes.Manual },
        Start = "call",
        Steps =
        [
            // A loopback address, which the webhook client refuses: the step fails every time, without the network.
            new() { Id = "call", Type = WorkflowStepTypes.Webhook, Name = "Tell the shop system", Url = "https://localhost:9/hook" },
            new() { Id = "done", Type = WorkflowStepTypes.End },
        ],
        Edges = [new("call", "next", "done")],
    };

    private Task<Guid> UserAsync(string slug, string email) => WorkflowTestKit.UserIdAsync(app, email, slug);

    private async Task<Guid> StartAsync(string slug, Guid workflowId)
    {
        var admin = Actor.TenantAdmin(await UserAsync(slug, $"admin@{slug}.test"));
        var started = await app.AsActorAsync(slug, admin, sp => sp.GetRequiredService<WorkflowInstances>().StartAsync(workflowId, null, null));
        Assert.True(started.Succeeded, string.Join(" ", started.Errors.SelectMany(e => e.Value)));
        return started.Value!.Id;
    }

    private async Task<Guid> OpenTaskOfAsync(string slug, Guid instanceId)
    {
        Guid? task = null;
        await Eventually.HoldsAsync(async () =>
        {
            task = await app.InTenantAsync(slug, sp => sp.GetRequiredService<PlatformDbContext>().WorkflowTasks
                .Where(t => t.InstanceId == instanceId && t.Status == WorkflowTaskStatus.Open).Select(t => (Guid?)t.Id).FirstOrDefaultAsync());
            return task is not null;
        }, "the run opens its approval task");
        return task!.Value;
    }

    private Task StatusIsAsync(string slug, Guid instanceId, WorkflowInstanceStatus status, int steps = 0) => Eventually.HoldsAsync(() => app.InTenantAsync(slug, async sp =>
    {
        var db = sp.GetRequiredService<PlatformDbContext>();
        return await db.WorkflowInstances.AnyAsync(i => i.Id == instanceId && i.Status == status)
            && await db.WorkflowStepRecords.CountAsync(r => r.InstanceId == instanceId) >= steps;
    }), $"the run is {status}");

    private Task<IPage> SignedInAsync(string slug, string email, int width, int height) => _browser.SignedInPageAsync(app.TenantUri(slug), email, width, height);

    private async Task GoAsync(IPage page, string slug, string path)
    {
        await page.GotoAsync(new Uri(app.TenantUri(slug), path).ToString());
        await Assertions.Expect(page.Locator("[data-interactive=true]")).ToHaveCountAsync(1);
    }

    [Theory]
    [InlineData("acme", "Mark Manager", 1280, 900)]
    [InlineData("globex", "Max Manager", 390, 844)]
    public async Task A_manager_approves_and_rejects_from_the_inbox_and_the_viewer_shows_the_path(string slug, string manager, int width, int height)
    {
        var workflowId = await WorkflowTestKit.PublishAsync(app, ManagerApproves($"Large order approval {width}"), slug);
        var approving = await StartAsync(slug, workflowId);
        var rejecting = await StartAsync(slug, workflowId);
        var approveTask = await OpenTaskOfAsync(slug, approving);
        var rejectTask = await OpenTaskOfAsync(slug, rejecting);
        var page = await SignedInAsync(slug, $"manager@{slug}.test", width, height);
        var shot = $"{slug}-{width}";

        await BrowserFixture.RunAsync(page, $"{nameof(A_manager_approves_and_rejects_from_the_inbox_and_the_viewer_shows_the_path)}-{shot}", async () =>
        {
            // The notification's link marks its task.
            await GoAsync(page, slug, $"app/approvals?task={approveTask:D}");
            var approveCard = page.Locator($"[data-task-row='{approveTask:D}']");
            await Assertions.Expect(approveCard).ToHaveAttributeAsync("data-highlighted", "true");
            await Assertions.Expect(approveCard.Locator("[data-testid=task-assignee]")).ToHaveTextAsync("For Managers");
            await Assertions.Expect(approveCard.Locator("[data-testid=task-due]")).ToContainTextAsync("Due ");
            await BrowserFixture.SaveScreenshotAsync(page, $"workflows-approvals-{shot}");

            await approveCard.Locator("[data-testid=approve]").ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=task-note]")).ToContainTextAsync($"was approved by {manager}");
            await Assertions.Expect(approveCard).ToHaveCountAsync(0);

            // A rejection needs a comment: the dialog refuses an empty one and stays open.
            var rejectCard = page.Locator($"[data-task-row='{rejectTask:D}']");
            await rejectCard.Locator("[data-testid=reject]").ClickAsync();
            await page.Locator("[data-testid=task-comment-submit]").ClickAsync();
            await Assertions.Expect(page.Locator(".mud-dialog")).ToContainTextAsync("Say why in a comment");
            await BrowserFixture.SaveScreenshotAsync(page, $"workflows-reject-dialog-{shot}");
            await page.Locator("#task-comment").FillAsync("Too large for one day.");
            await page.Locator("[data-testid=task-comment-submit]").ClickAsync();
            await Assertions.Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);
            await Assertions.Expect(rejectCard).ToHaveCountAsync(0);

            await page.GetByRole(AriaRole.Tab, new() { Name = "History" }).ClickAsync();
            await Assertions.Expect(page.Locator($"[data-task-row='{approveTask:D}'] [data-testid=task-decided]")).ToContainTextAsync($"Approved by {manager}");
            await Assertions.Expect(page.Locator($"[data-task-row='{rejectTask:D}'] [data-testid=task-comment-text]")).ToContainTextAsync("Too large for one day.");
            await BrowserFixture.SaveScreenshotAsync(page, $"workflows-approvals-history-{shot}");

            // The viewer shows the path the approved run took and who approved it.
            await StatusIsAsync(slug, approving, WorkflowInstanceStatus.Completed, steps: 2);
            await StatusIsAsync(slug, rejecting, WorkflowInstanceStatus.Completed, steps: 2);
            await GoAsync(page, slug, "app/workflows");
            await Assertions.Expect(page.Locator($"[data-workflow-row='{workflowId:D}']")).ToBeVisibleAsync();
            await BrowserFixture.SaveScreenshotAsync(page, $"workflows-list-{shot}");
            await GoAsync(page, slug, $"app/workflows/{workflowId:D}/instances/{approving:D}");
            var detail = page.Locator("[data-testid=instance-detail]");
            await Assertions.Expect(detail.Locator("[data-testid=instance-status]")).ToHaveTextAsync("Completed");
            await Assertions.Expect(detail.Locator("[data-step-row=approve][data-step-port=approved] [data-testid=step-by]")).ToHaveTextAsync($"Approved by {manager}");
            await Assertions.Expect(detail.Locator("[data-step-row=approved]")).ToHaveCountAsync(1);
            await Assertions.Expect(detail.Locator("[data-diagram-step=approve]")).ToHaveAttributeAsync("data-state", "ran");
            await Assertions.Expect(detail.Locator("[data-diagram-edge='approve:approved:approved']")).ToHaveAttributeAsync("data-taken", "true");
            await Assertions.Expect(page.Locator("[data-testid=retry], [data-testid=cancel-run]")).ToHaveCountAsync(0);
            await BrowserFixture.SaveScreenshotAsync(page, $"workflows-instance-{shot}");

            // The filter narrows the list by status.
            await page.Locator("[data-filter=Completed]").ClickAsync();
            await Assertions.Expect(page.Locator($"[data-instance-row='{approving:D}']")).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator($"[data-instance-row='{rejecting:D}']")).ToHaveCountAsync(1);
            await page.Locator("[data-filter=Faulted]").ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=runs-empty]")).ToContainTextAsync("No faulted runs.");

            // Run now starts the manual workflow and opens the new run, waiting at its approval.
            await GoAsync(page, slug, "app/workflows");
            await page.Locator("tr", new() { Has = page.Locator($"[data-workflow-row='{workflowId:D}']") }).Locator("[data-testid=run-now]").ClickAsync();
            await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex($"app/workflows/{workflowId:D}/instances/[0-9a-f-]{{36}}$"));
            await Assertions.Expect(page.Locator("[data-testid=instance-detail]")).ToBeVisibleAsync();
        });
    }

    [Theory]
    [InlineData("acme", "Sam Rivera", "sam@acme.test", "Jo Chen", "jo@acme.test", 1280, 900)]
    [InlineData("globex", "Lena Vogel", "lena@globex.test", "Tom Weber", "tom@globex.test", 390, 844)]
    public async Task Bulk_approval_names_each_task_it_could_not_change_and_a_task_is_delegated(string slug, string staffName, string staffEmail,
        string colleagueName, string colleagueEmail, int width, int height)
    {
        var workflowId = await WorkflowTestKit.PublishAsync(app, ManagerApproves($"Bulk approval {width}"), slug);
        var runs = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            runs.Add(await StartAsync(slug, workflowId));
        }

        var tasks = new List<Guid>();
        foreach (var run in runs)
        {
            tasks.Add(await OpenTaskOfAsync(slug, run));
        }

        var page = await SignedInAsync(slug, $"manager@{slug}.test", width, height);
        var shot = $"{slug}-{width}";
        await BrowserFixture.RunAsync(page, $"{nameof(Bulk_approval_names_each_task_it_could_not_change_and_a_task_is_delegated)}-{shot}", async () =>
        {
            await GoAsync(page, slug, "app/approvals");
            foreach (var task in tasks)
            {
                await Assertions.Expect(page.Locator($"[data-task-row='{task:D}']")).ToHaveCountAsync(1);
            }

            // The admin decides the second one while the manager's page still offers it.
            var admin = Actor.TenantAdmin(await UserAsync(slug, $"admin@{slug}.test"));
            var decided = await app.AsActorAsync(slug, admin, sp => sp.GetRequiredService<WorkflowTasks>().DecideAsync(tasks[1], TaskDecision.Approve, null));
            Assert.True(decided.Succeeded);

            await page.Locator($"[data-task-row='{tasks[0]:D}'] input[type=checkbox]").CheckAsync();
            await page.Locator($"[data-task-row='{tasks[1]:D}'] input[type=checkbox]").CheckAsync();
            await Assertions.Expect(page.Locator("[data-testid=bulk-approve]")).ToContainTextAsync("Approve 2");
            await page.Locator("[data-testid=bulk-approve]").ClickAsync();
            var failures = page.Locator("[data-testid=bulk-failures]");
            await Assertions.Expect(failures).ToContainTextAsync("1 task was not changed");
            await Assertions.Expect(failures).ToContainTextAsync("This task was decided already.");
            await Assertions.Expect(page.Locator($"[data-task-row='{tasks[0]:D}']")).ToHaveCountAsync(0);
            await Assertions.Expect(page.Locator($"[data-task-row='{tasks[1]:D}']")).ToHaveCountAsync(0);
            await BrowserFixture.SaveScreenshotAsync(page, $"workflows-approvals-bulk-{shot}");

            await page.Locator($"[data-task-row='{tasks[2]:D}'] [data-testid=delegate]").ClickAsync();
            await page.Locator(".mud-dialog").GetByRole(AriaRole.Combobox, new() { Name = "Hand it to" }).ClickAsync();
            await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = staffName }).ClickAsync();
            await page.Locator("[data-testid=delegate-submit]").ClickAsync();
            await Assertions.Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);
            await Assertions.Expect(page.Locator($"[data-task-row='{tasks[2]:D}']")).ToHaveCountAsync(0);
        });

        var staff = await UserAsync(slug, staffEmail);
        Assert.Equal(staff, await AssigneeAsync(slug, tasks[2]));

        // The member of staff it went to hands it on in turn, choosing from the team the task offers (staff do not see the
        // people directory). Nobody on the staff asked for this run's task but the admin, so "Send back" is there too.
        var staffPage = await SignedInAsync(slug, staffEmail, width, height);
        await BrowserFixture.RunAsync(staffPage, $"{nameof(Bulk_approval_names_each_task_it_could_not_change_and_a_task_is_delegated)}-staff-{shot}", async () =>
        {
            await GoAsync(staffPage, slug, "app/approvals");
            var card = staffPage.Locator($"[data-task-row='{tasks[2]:D}']");
            await Assertions.Expect(card.Locator("[data-testid=send-back]")).ToHaveCountAsync(1);
            await card.Locator("[data-testid=delegate]").ClickAsync();
            await staffPage.Locator(".mud-dialog").GetByRole(AriaRole.Combobox, new() { Name = "Hand it to" }).ClickAsync();
            await Assertions.Expect(staffPage.Locator(".mud-popover-open .mud-list-item", new() { HasText = staffName })).ToHaveCountAsync(0);
            await staffPage.Locator(".mud-popover-open .mud-list-item", new() { HasText = colleagueName }).ClickAsync();
            await BrowserFixture.SaveScreenshotAsync(staffPage, $"workflows-approvals-staff-delegates-{shot}");
            await staffPage.Locator("[data-testid=delegate-submit]").ClickAsync();
            await Assertions.Expect(staffPage.Locator(".mud-dialog")).ToHaveCountAsync(0);
            await Assertions.Expect(card).ToHaveCountAsync(0);
        });

        Assert.Equal(await UserAsync(slug, colleagueEmail), await AssigneeAsync(slug, tasks[2]));
    }

    private Task<Guid?> AssigneeAsync(string slug, Guid task) =>
        app.InTenantAsync(slug, sp => sp.GetRequiredService<PlatformDbContext>().WorkflowTasks.Where(t => t.Id == task).Select(t => t.AssigneeUserId).SingleAsync());

    [Theory]
    [InlineData("acme", 1280, 900)]
    [InlineData("globex", 390, 844)]
    public async Task A_manager_sends_a_task_back_and_the_admin_who_asked_resubmits_it(string slug, int width, int height)
    {
        // The admin starts the run, so the task is sent back to them.
        var workflowId = await WorkflowTestKit.PublishAsync(app, ManagerApproves($"Send back {width}"), slug);
        var task = await OpenTaskOfAsync(slug, await StartAsync(slug, workflowId));
        var shot = $"{slug}-{width}";

        var manager = await SignedInAsync(slug, $"manager@{slug}.test", width, height);
        await BrowserFixture.RunAsync(manager, $"{nameof(A_manager_sends_a_task_back_and_the_admin_who_asked_resubmits_it)}-manager-{shot}", async () =>
        {
            await GoAsync(manager, slug, $"app/approvals?task={task:D}");
            await manager.Locator($"[data-task-row='{task:D}'] [data-testid=send-back]").ClickAsync();
            await manager.Locator("#task-comment").FillAsync("Which room is it for?");
            await manager.Locator("[data-testid=task-comment-submit]").ClickAsync();
            await Assertions.Expect(manager.Locator(".mud-dialog")).ToHaveCountAsync(0);
            await Assertions.Expect(manager.Locator("[data-testid=task-note]")).ToContainTextAsync("was sent back");
            // While it waits for the admin, it is in the history of the manager who sent it back.
            await manager.GetByRole(AriaRole.Tab, new() { Name = "History" }).ClickAsync();
            await Assertions.Expect(manager.Locator($"[data-task-row='{task:D}'] [data-testid=task-status]")).ToHaveTextAsync("Sent back");
            await BrowserFixture.SaveScreenshotAsync(manager, $"workflows-approvals-sent-back-history-{shot}");
        });

        var admin = await SignedInAsync(slug, $"admin@{slug}.test", width, height);
        await BrowserFixture.RunAsync(admin, $"{nameof(A_manager_sends_a_task_back_and_the_admin_who_asked_resubmits_it)}-admin-{shot}", async () =>
        {
            await GoAsync(admin, slug, $"app/approvals?task={task:D}");
            var card = admin.Locator($"[data-task-row='{task:D}']");
            await Assertions.Expect(card.Locator("[data-testid=task-status]")).ToHaveTextAsync("Sent back");
            await Assertions.Expect(card.Locator("[data-testid=task-comment-text]")).ToContainTextAsync("Which room is it for?");
            await Assertions.Expect(card.Locator("[data-testid=approve]")).ToHaveCountAsync(0);
            await BrowserFixture.SaveScreenshotAsync(admin, $"workflows-approvals-sent-back-{shot}");
            await card.Locator("[data-testid=resubmit]").ClickAsync();
            await admin.Locator("#task-comment").FillAsync("Room 2.");
            await admin.Locator("[data-testid=task-comment-submit]").ClickAsync();
            await Assertions.Expect(admin.Locator(".mud-dialog")).ToHaveCountAsync(0);
            // Open again for the managers' role, which the admin holds too: it is theirs to decide now, not to resubmit.
            await Assertions.Expect(card.Locator("[data-testid=resubmit]")).ToHaveCountAsync(0);
        });

        Assert.Equal((WorkflowTaskStatus.Open, "Room 2."), await app.InTenantAsync(slug, async sp =>
        {
            var row = await sp.GetRequiredService<PlatformDbContext>().WorkflowTasks.AsNoTracking().SingleAsync(t => t.Id == task);
            return (row.Status, row.Comment);
        }));
    }

    [Theory]
    [InlineData("acme", "sam@acme.test", 1280, 900)]
    [InlineData("globex", "lena@globex.test", 390, 844)]
    public async Task Staff_have_the_inbox_but_not_the_workflows(string slug, string email, int width, int height)
    {
        var page = await SignedInAsync(slug, email, width, height);
        await BrowserFixture.RunAsync(page, $"{nameof(Staff_have_the_inbox_but_not_the_workflows)}-{slug}", async () =>
        {
            await GoAsync(page, slug, "app/approvals");
            await Assertions.Expect(page.Locator("[data-testid=open-empty]")).ToBeVisibleAsync();
            await BrowserFixture.SaveScreenshotAsync(page, $"workflows-approvals-empty-{slug}-{width}");
            var nav = page.Locator("nav[aria-label='Staff navigation'], [aria-label='Staff navigation']");
            await Assertions.Expect(nav.First.Locator("a[href='app/approvals']")).ToHaveCountAsync(1);
            await Assertions.Expect(nav.First.Locator("a[href='app/workflows']")).ToHaveCountAsync(0);

            await page.GotoAsync(new Uri(app.TenantUri(slug), "app/workflows").ToString());
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Access denied" })).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("[data-workflow-row]")).ToHaveCountAsync(0);
        });
    }

    [Theory]
    [InlineData("acme", 1280, 900)]
    [InlineData("globex", 390, 844)]
    public async Task An_admin_retries_a_faulted_run_from_the_viewer_and_cancels_it(string slug, int width, int height)
    {
        var workflowId = await WorkflowTestKit.PublishAsync(app, CallsOut($"Shop system sync {width}"), slug);
        var run = await StartAsync(slug, workflowId);
        await StatusIsAsync(slug, run, WorkflowInstanceStatus.Faulted, steps: 1);
        var shot = $"{slug}-{width}";

        var manager = await SignedInAsync(slug, $"manager@{slug}.test", width, height);
        await BrowserFixture.RunAsync(manager, $"{nameof(An_admin_retries_a_faulted_run_from_the_viewer_and_cancels_it)}-manager-{shot}", async () =>
        {
            await GoAsync(manager, slug, $"app/workflows/{workflowId:D}/instances/{run:D}");
            await Assertions.Expect(manager.Locator("[data-testid=instance-error]")).ToContainTextAsync("call");
            await Assertions.Expect(manager.Locator("[data-testid=retry], [data-testid=cancel-run]")).ToHaveCountAsync(0);
        });

        var page = await SignedInAsync(slug, $"admin@{slug}.test", width, height);
        await BrowserFixture.RunAsync(page, $"{nameof(An_admin_retries_a_faulted_run_from_the_viewer_and_cancels_it)}-{shot}", async () =>
        {
            await GoAsync(page, slug, $"app/workflows/{workflowId:D}/instances/{run:D}");
            var detail = page.Locator("[data-testid=instance-detail]");
            await Assertions.Expect(detail.Locator("[data-testid=instance-status]")).ToHaveTextAsync("Faulted");
            await Assertions.Expect(detail.Locator("[data-step-row=call] [data-testid=step-error]")).ToHaveCountAsync(1);
            await Assertions.Expect(detail.Locator("[data-diagram-step=call]")).ToHaveAttributeAsync("data-state", "faulted");
            await BrowserFixture.SaveScreenshotAsync(page, $"workflows-instance-faulted-{shot}");

            await detail.Locator("[data-testid=retry]").ClickAsync();
            // The step runs again (and fails again: the address is still refused), which the path shows as a second attempt.
            await StatusIsAsync(slug, run, WorkflowInstanceStatus.Faulted, steps: 2);
            await detail.Locator("[data-testid=refresh-instance]").ClickAsync();
            await Assertions.Expect(detail.Locator("[data-step-row=call] [data-testid=step-error]")).ToHaveCountAsync(2);

            await detail.Locator("[data-testid=cancel-run]").ClickAsync();
            await page.Locator(".mud-dialog [data-testid=dismiss]").ClickAsync();
            await Assertions.Expect(detail.Locator("[data-testid=instance-status]")).ToHaveTextAsync("Faulted");
            await detail.Locator("[data-testid=cancel-run]").ClickAsync();
            await page.Locator(".mud-dialog [data-testid=confirm]").ClickAsync();
            await Assertions.Expect(detail.Locator("[data-testid=instance-status]")).ToHaveTextAsync("Cancelled");
            await Assertions.Expect(page.Locator("[data-testid=retry], [data-testid=cancel-run]")).ToHaveCountAsync(0);
            await StatusIsAsync(slug, run, WorkflowInstanceStatus.Cancelled);
        });
    }
}
