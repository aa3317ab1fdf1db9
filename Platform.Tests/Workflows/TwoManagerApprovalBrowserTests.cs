using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Platform.Core.Bookings;
using Platform.Core.Workflows;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Seeding;
using Platform.Infrastructure.Workflows;
using Platform.Tests.Events;
using Platform.Tests.Support;

namespace Platform.Tests.Workflows;

/// <summary>
/// The whole flow in browsers: a guest asks for globex's "Colour" (which needs approval) on the portal; the
/// template "Two managers approve a large booking" asks two managers; the manager and the admin each approve from
/// their own inbox, in two browser contexts; the guest's page then says the booking is confirmed, and the run's viewer
/// shows the path it took.
/// </summary>
public sealed class TwoManagerApprovalBrowserTests(TwoManagerApprovalBrowserTests.App app) : IClassFixture<TwoManagerApprovalBrowserTests.App>, IAsyncLifetime
{
    public sealed class App() : KestrelAppFactory(TestDatabase.Sqlite)
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Outbox:PollInterval"] = "00:00:00.200" };
    }

    private readonly BrowserFixture _browser = new();

    public Task InitializeAsync() => _browser.InitializeAsync();

    public Task DisposeAsync() => _browser.DisposeAsync();

    private async Task<IPage> PageAsync(int width, int height, string? timeZone = null)
    {
        var context = await _browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, TimezoneId = timeZone });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    private async Task ApproveFromInboxAsync(IPage page, string email, Guid bookingId, string shot)
    {
        await BrowserFixture.SignInAsync(page, app.TenantUri("globex"), email, DemoAccounts.Password);
        await page.GotoAsync(new Uri(app.TenantUri("globex"), "app/approvals").ToString());
        await Assertions.Expect(page.Locator("[data-interactive=true]")).ToHaveCountAsync(1);
        var tasks = await app.InTenantAsync("globex", sp => sp.GetRequiredService<PlatformDbContext>().WorkflowTasks.AsNoTracking()
            .Where(t => t.BookingId == bookingId).Select(t => t.Id).ToListAsync());
        // Both approvals are in each manager's inbox; the one this person may still decide has an Approve button.
        var card = page.Locator(string.Join(", ", tasks.Select(t => $"[data-task-row='{t:D}']"))).Filter(new() { Has = page.Locator("[data-testid=approve]") }).First;
        await Assertions.Expect(card).ToBeVisibleAsync();
        await Assertions.Expect(card).ToContainTextAsync("Colour");
        await BrowserFixture.SaveScreenshotAsync(page, shot);
        await card.Locator("[data-testid=approve]").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Approved “" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_guests_request_is_confirmed_after_two_managers_approve_it_from_their_inboxes()
    {
        var template = WorkflowTemplates.Find(WorkflowTemplates.TwoApprovals)!.Definition;
        var workflowId = await WorkflowTestKit.PublishAsync(app, template, "globex");
        var guest = await PageAsync(390, 844, "Europe/Berlin");
        var manager = await PageAsync(1280, 900);
        var admin = await PageAsync(1280, 900);
        const string Email = "clara.colour@example.com";

        await BrowserFixture.RunAsync(guest, nameof(A_guests_request_is_confirmed_after_two_managers_approve_it_from_their_inboxes), async () =>
        {
            await guest.GotoAsync(new Uri(app.TenantUri("globex"), "book").ToString());
            await guest.Locator("[data-testid=service-option]", new() { HasText = "Colour" }).ClickAsync();
            var slot = guest.Locator("[data-testid=slot]").First;
            await slot.WaitForAsync();
            await slot.ClickAsync();
            await guest.GetByLabel("Name").FillAsync("Clara Colour");
            await guest.GetByLabel("E-mail").FillAsync(Email);
            await guest.Locator("[data-testid=confirm-booking]").ClickAsync();
            await Assertions.Expect(guest.Locator("[data-testid=pending-icon]")).ToBeVisibleAsync();

            var bookingId = await app.InTenantAsync("globex", sp =>
            {
                var db = sp.GetRequiredService<PlatformDbContext>();
                return (from b in db.Bookings.AsNoTracking() join c in db.Customers on b.CustomerId equals c.Id where c.Email == Email select b.Id).SingleAsync();
            });
            await Eventually.HoldsAsync(() => app.InTenantAsync("globex", sp => sp.GetRequiredService<PlatformDbContext>().WorkflowTasks
                .CountAsync(t => t.BookingId == bookingId && t.Status == WorkflowTaskStatus.Open)).ContinueWith(t => t.Result == 2), "the template asks two managers", 30_000);

            await ApproveFromInboxAsync(manager, "manager@globex.test", bookingId, "workflows-two-approvals-first-globex-1280");
            Assert.Equal(BookingStatus.Pending, await app.InTenantAsync("globex", sp => sp.GetRequiredService<PlatformDbContext>().Bookings.Where(b => b.Id == bookingId).Select(b => b.Status).SingleAsync()));
            await ApproveFromInboxAsync(admin, "admin@globex.test", bookingId, "workflows-two-approvals-second-globex-1280");

            await Eventually.HoldsAsync(async () => await app.InTenantAsync("globex", sp => sp.GetRequiredService<PlatformDbContext>().Bookings
                .AnyAsync(b => b.Id == bookingId && b.Status == BookingStatus.Confirmed)), "both approvals confirm the booking", 30_000);

            // The guest's link from the e-mail shows the booking confirmed.
            var mail = await Mailbox.WaitForLatestAsync(app.MailFolder, Email, "");
            await guest.GotoAsync(Mailbox.Link(mail, "/booking/manage").ToString());
            await Assertions.Expect(guest.Locator("[data-testid=booking-status]")).ToHaveTextAsync("Confirmed");
            await BrowserFixture.SaveScreenshotAsync(guest, "workflows-two-approvals-guest-globex-390");

            // The run's viewer shows the path: the condition, the fork, both approvals by their people, the join, the confirmation, the e-mail.
            var instanceId = await app.InTenantAsync("globex", sp => sp.GetRequiredService<PlatformDbContext>().WorkflowInstances.AsNoTracking()
                .Where(i => i.WorkflowId == workflowId && i.BookingId == bookingId).Select(i => i.Id).SingleAsync());
            await Eventually.HoldsAsync(() => app.InTenantAsync("globex", sp => sp.GetRequiredService<PlatformDbContext>().WorkflowInstances
                .AnyAsync(i => i.Id == instanceId && i.Status == WorkflowInstanceStatus.Completed)), "the run completes", 30_000);
            await admin.GotoAsync(new Uri(app.TenantUri("globex"), $"app/workflows/{workflowId:D}/instances/{instanceId:D}").ToString());
            await Assertions.Expect(admin.Locator("[data-testid=instance-status]")).ToHaveTextAsync("Completed");
            var path = admin.Locator("[data-testid=instance-path] [data-step-row]");
            var steps = await path.EvaluateAllAsync<string[]>("rows => rows.map(r => r.getAttribute('data-step-row'))");
            // Each approval, then the join counting it: the first arrival waits, the second goes on.
            Assert.Equal(["large", "split", "approve", "both", "approve", "both", "confirm", "tell", "done"],
                steps.Select(s => s is "approve-1" or "approve-2" ? "approve" : s));
            Assert.Equal(["approve-1", "approve-2"], steps.Where(s => s.StartsWith("approve-", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
            await Assertions.Expect(admin.Locator("[data-testid=step-by]")).ToHaveCountAsync(2);
            await Assertions.Expect(admin.Locator("[data-testid=instance-path]")).ToContainTextAsync("Max Manager");
            await Assertions.Expect(admin.Locator("[data-testid=instance-path]")).ToContainTextAsync("Greta Admin");
            // The diagram draws the same path: every step it ran, both branches of the fork, and the edges it took.
            var diagram = admin.Locator("[data-testid=workflow-diagram]");
            foreach (var ran in new[] { "large", "split", "approve-1", "approve-2", "both", "confirm", "tell", "done" })
            {
                await Assertions.Expect(diagram.Locator($"[data-diagram-step='{ran}']")).ToHaveAttributeAsync("data-state", "ran");
            }

            await Assertions.Expect(diagram.Locator("[data-diagram-edge='large:true:split']")).ToHaveAttributeAsync("data-taken", "true");
            await Assertions.Expect(diagram.Locator("[data-diagram-edge^='large:false:']")).ToHaveAttributeAsync("data-taken", "false");
            await diagram.ScrollIntoViewIfNeededAsync();
            await BrowserFixture.SaveScreenshotAsync(admin, "workflows-two-approvals-path-globex-1280");
        });
    }
}
