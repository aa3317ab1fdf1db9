using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Platform.Core.Identity;
using Platform.Core.Workflows;
using Platform.Infrastructure.Identity;
using Platform.Tests.Support;

namespace Platform.Tests.Workflows;

/// <summary>
/// Two admins on one draft, in two browser contexts (acme, light, desktop): each sees the other in the toolbar and the
/// other's pointer on the canvas; one moves a step while the other renames it, and both end with the move and the new
/// name; one deletes the step the other has selected, and the other is told; the other links the ports that led to it
/// elsewhere, which the first sees; a save by one shows as saved to both, and the activity feed names who did what; what
/// is published holds all of it. Once with
/// both on one node, once with each on a node of their own (<see cref="DesignerTogetherOnTwoNodesBrowserTests"/>).
/// </summary>
public abstract class DesignerTogetherBrowserTests : IAsyncLifetime
{
    private readonly BrowserFixture _browser = new();

    /// <summary>The node Alice's browser talks to; the test reads and writes the database through it.</summary>
    protected abstract KestrelAppFactory AliceNode { get; }

    /// <summary>The node Mark's browser talks to.</summary>
    protected abstract KestrelAppFactory MarkNode { get; }

    /// <summary>The name the screenshots get.</summary>
    protected abstract string Shots { get; }

    public Task InitializeAsync() => _browser.InitializeAsync();

    public Task DisposeAsync() => _browser.DisposeAsync();

    private async Task<IPage> OpenAsync(KestrelAppFactory node, string email, Guid workflowId)
    {
        var page = await _browser.SignedInPageAsync(node.TenantUri("acme"), email);
        await page.GotoAsync(new Uri(node.TenantUri("acme"), $"app/workflows/{workflowId:D}/design").ToString());
        await Assertions.Expect(page.Locator("[data-testid=canvas][data-designer-ready=true]")).ToHaveCountAsync(1);
        return page;
    }

    private static ILocator Step(IPage page, string id) => page.Locator($".wf-step[data-step='{id}']");

    private static async Task<(float X, float Y)> CenterAsync(ILocator locator)
    {
        var box = await locator.BoundingBoxAsync() ?? throw new InvalidOperationException("not shown");
        return ((float)(box.X + (box.Width / 2)), (float)(box.Y + (box.Height / 2)));
    }

    [Fact]
    public async Task Two_admins_see_each_other_and_each_others_edits_and_a_deletion_is_told_to_the_one_who_had_it_open()
    {
        // The demo's manager is made an admin here, so two people with the right to edit open one draft.
        var app = AliceNode;
        await app.InTenantAsync("acme", async services =>
        {
            var users = services.GetRequiredService<UserManager<PlatformUser>>();
            var manager = await users.FindByEmailAsync("manager@acme.test") ?? throw new InvalidOperationException("no demo manager");
            return (await users.AddToRoleAsync(manager, PlatformRoles.TenantAdmin)).Succeeded;
        });
        var template = WorkflowTemplates.Find(WorkflowTemplates.TwoApprovals)!.Definition;
        var workflowId = await WorkflowTestKit.PublishAsync(app, template with { Name = "Two managers approve (together)" });

        var alice = await OpenAsync(AliceNode, "admin@acme.test", workflowId);
        var mark = await OpenAsync(MarkNode, "manager@acme.test", workflowId);
        await BrowserFixture.RunAsync(alice, Shots, async () =>
        {
            foreach (var page in new[] { alice, mark })
            {
                await Assertions.Expect(page.Locator("[data-testid=people] .wf-person")).ToHaveCountAsync(2);
            }

            await Assertions.Expect(alice.Locator("[data-testid=people] [data-you=false]")).ToHaveAttributeAsync("data-person", "Mark Manager");

            // Alice's pointer shows on Mark's canvas, with her name.
            var (x, y) = await CenterAsync(alice.Locator("[data-testid=canvas]"));
            await alice.Mouse.MoveAsync(x, y);
            await alice.Mouse.MoveAsync(x + 40, y + 20, new MouseMoveOptions { Steps = 5 });
            await Assertions.Expect(mark.Locator(".wf-pointer text")).ToHaveTextAsync("Alice Admin");

            // Alice moves "Tell the customer" while Mark renames it.
            var from = await CenterAsync(Step(alice, "tell").Locator(".wf-step-name"));
            await alice.Mouse.MoveAsync(from.X, from.Y);
            await alice.Mouse.DownAsync();
            await alice.Mouse.MoveAsync(from.X + 60, from.Y, new MouseMoveOptions { Steps = 4 });
            await mark.Locator(".wf-step[data-step='tell'] .wf-step-name").ClickAsync();
            await mark.Locator("input[data-testid=step-name]").FillAsync("Mail the customer");
            await alice.Mouse.MoveAsync(from.X + 120, from.Y, new MouseMoveOptions { Steps = 4 });
            await alice.Mouse.UpAsync();

            var moved = await Step(alice, "tell").GetAttributeAsync("data-x");
            foreach (var page in new[] { alice, mark })
            {
                await Assertions.Expect(Step(page, "tell").Locator(".wf-step-name")).ToHaveTextAsync("Mail the customer");
                await Assertions.Expect(Step(page, "tell")).ToHaveAttributeAsync("data-x", moved!);
            }

            // Mark has "Decline the booking" selected (Alice sees his outline on it); Alice deletes it; Mark is told.
            await mark.Locator(".wf-step[data-step='reject'] .wf-step-name").ClickAsync();
            await Assertions.Expect(mark.Locator("[data-testid=step-panel][data-step=reject]")).ToBeVisibleAsync();
            await Assertions.Expect(Step(alice, "reject").Locator(".wf-peer-outline")).ToHaveAttributeAsync("data-selected-by", "Mark Manager");
            await BrowserFixture.SaveScreenshotAsync(alice, $"{Shots}-alice");
            await alice.Locator(".wf-step[data-step='reject'] .wf-step-name").ClickAsync();
            await alice.Keyboard.PressAsync("Delete");
            await Assertions.Expect(mark.Locator(".mud-snackbar", new() { HasText = "deleted" })).ToContainTextAsync("Alice Admin deleted “Decline the booking”, which you had selected.");
            // Their edits touched different things: neither was told that the other's change stood instead.
            await Assertions.Expect(mark.Locator(".mud-snackbar", new() { HasText = "at the same moment" })).ToHaveCountAsync(0);
            await Assertions.Expect(alice.Locator(".mud-snackbar", new() { HasText = "at the same moment" })).ToHaveCountAsync(0);
            await Assertions.Expect(Step(mark, "reject")).ToHaveCountAsync(0);
            await Assertions.Expect(mark.Locator("[data-testid=step-panel][data-step=reject]")).ToHaveCountAsync(0);
            await BrowserFixture.SaveScreenshotAsync(mark, $"{Shots}-mark");

            // The two rejections led to the deleted step: Mark leads them to the end instead, and Alice sees it.
            foreach (var approval in new[] { "approve-1", "approve-2" })
            {
                await Step(mark, "done").ScrollIntoViewIfNeededAsync();
                var port = await CenterAsync(Step(mark, approval).Locator(".wf-port[data-port=rejected]"));
                var end = await CenterAsync(Step(mark, "done").Locator(".wf-step-name"));
                await mark.Mouse.MoveAsync(port.X, port.Y);
                await mark.Mouse.DownAsync();
                await mark.Mouse.MoveAsync(end.X, end.Y, new MouseMoveOptions { Steps = 6 });
                await mark.Mouse.UpAsync();
                await Assertions.Expect(alice.Locator($".wf-edge[data-from='{approval}'][data-port=rejected][data-to=done]")).ToHaveCountAsync(1);
            }

            await Assertions.Expect(alice.Locator("[data-testid=designer-status]")).ToContainTextAsync("ready to publish");

            // A save by Alice is a save for Mark too; Mark publishes what both made.
            await Assertions.Expect(mark.Locator("[data-testid=designer-status]")).ToHaveAttributeAsync("data-dirty", "true");
            await alice.Locator("[data-testid=save-draft]").ClickAsync();
            foreach (var page in new[] { alice, mark })
            {
                await Assertions.Expect(page.Locator("[data-testid=designer-status]")).ToHaveAttributeAsync("data-dirty", "false");
            }

            // The activity feed shows Mark what both did, by name, as the save stored it.
            await mark.Locator("[data-testid=activity]").ClickAsync();
            await Assertions.Expect(mark.Locator("[data-testid=activity-saved] li[data-activity-author='Alice Admin']").First).ToBeVisibleAsync();
            await Assertions.Expect(mark.Locator("[data-testid=activity-saved]")).ToContainTextAsync("Deleted “Decline the booking”");
            await Assertions.Expect(mark.Locator("[data-testid=activity-saved] li[data-activity-author='Mark Manager']").First).ToBeVisibleAsync();
            await Assertions.Expect(mark.Locator("[data-testid=activity-unsaved]")).ToHaveCountAsync(0);
            await BrowserFixture.SaveScreenshotAsync(mark, $"{Shots}-activity");
            await mark.Locator("[data-testid=close-activity]").ClickAsync();

            await mark.Locator("[data-testid=publish]").ClickAsync();
            await Assertions.Expect(mark.Locator(".mud-snackbar").Last).ToContainTextAsync("Published as version 2");
            var published = await WorkflowTestKit.ReadAsync(app, db => db.WorkflowVersions.AsNoTracking()
                .Where(v => v.WorkflowId == workflowId && v.Number == 2).Select(v => v.Json).SingleAsync());
            Assert.True(WorkflowJson.TryRead(published, out var version, out _, out var error), error);
            Assert.Equal("Mail the customer", version.Steps.Single(s => s.Id == "tell").Name);
            Assert.Equal(double.Parse(moved!, System.Globalization.CultureInfo.InvariantCulture), version.Steps.Single(s => s.Id == "tell").Position!.X);
            Assert.DoesNotContain(version.Steps, s => s.Id == "reject");
        });
    }
}

/// <summary>Both admins on one node, where the room orders the edits itself.</summary>
public sealed class DesignerTogetherOnOneNodeBrowserTests(DesignerTogetherOnOneNodeBrowserTests.App app)
    : DesignerTogetherBrowserTests, IClassFixture<DesignerTogetherOnOneNodeBrowserTests.App>
{
    public sealed class App() : KestrelAppFactory(TestDatabase.Sqlite);

    protected override KestrelAppFactory AliceNode => app;

    protected override KestrelAppFactory MarkNode => app;

    protected override string Shots => "designer-together";
}

/// <summary>Alice on one node and Mark on another, sharing PostgreSQL and Redis: the rooms of the draft meet in Redis.</summary>
public sealed class DesignerTogetherOnTwoNodesBrowserTests(DesignerNodes nodes) : DesignerTogetherBrowserTests, IClassFixture<DesignerNodes>
{
    protected override KestrelAppFactory AliceNode => nodes.A;

    protected override KestrelAppFactory MarkNode => nodes.B;

    protected override string Shots => "designer-together-two-nodes";
}
