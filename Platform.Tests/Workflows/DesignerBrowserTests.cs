using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Platform.Core.Workflows;
using Platform.Infrastructure.Workflows;
using Platform.Tests.Events;
using Platform.Tests.Support;

namespace Platform.Tests.Workflows;

/// <summary>
/// The designer in a browser, as an admin of each demo tenant (acme light at desktop width, globex dark at phone width),
/// on the parallel approval template: a step dragged with the mouse follows it and stays where it was dropped, snapped to
/// the grid; a step added from the palette is selected and set in its panel; ports are dragged onto steps to connect
/// them; undo and redo step through the changes; the draft is saved, stays as it was after a reload, and is published.
/// A manager sees the same canvas without the palette.
/// </summary>
public sealed class DesignerBrowserTests(FailFastWorkflowApp app) : IClassFixture<FailFastWorkflowApp>, IAsyncLifetime
{

    private readonly BrowserFixture _browser = new();

    public Task InitializeAsync() => _browser.InitializeAsync();

    public Task DisposeAsync() => _browser.DisposeAsync();

    private Task<IPage> SignedInAsync(string slug, string email, int width, int height) => _browser.SignedInPageAsync(app.TenantUri(slug), email, width, height);

    private async Task OpenAsync(IPage page, string slug, Guid workflowId)
    {
        await page.GotoAsync(new Uri(app.TenantUri(slug), $"app/workflows/{workflowId:D}/design").ToString());
        await Assertions.Expect(page.Locator("[data-testid=canvas][data-designer-ready=true]")).ToHaveCountAsync(1);
    }

    private static ILocator Step(IPage page, string id) => page.Locator($".wf-step[data-step='{id}']");

    private static async Task<(double X, double Y)> CenterAsync(ILocator locator)
    {
        // On a phone the palette and the panel are below the canvas: bring the canvas back into view first.
        await locator.Page.Locator("[data-testid=canvas]").ScrollIntoViewIfNeededAsync();
        var box = await locator.BoundingBoxAsync() ?? throw new InvalidOperationException("not shown");
        return (box.X + (box.Width / 2), box.Y + (box.Height / 2));
    }

    /// <summary>Presses the mouse on one element and lets it go on another, through a few moves as a hand does.</summary>
    private static async Task DragAsync(IPage page, (double X, double Y) from, (double X, double Y) to)
    {
        await page.Mouse.MoveAsync((float)from.X, (float)from.Y);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync((float)((from.X + to.X) / 2), (float)((from.Y + to.Y) / 2), new MouseMoveOptions { Steps = 4 });
        await page.Mouse.MoveAsync((float)to.X, (float)to.Y, new MouseMoveOptions { Steps = 4 });
        await page.Mouse.UpAsync();
    }

    private Task<WorkflowDefinition> DraftAsync(string slug, Guid workflowId) => WorkflowTestKit.ReadAsync(app, async db =>
    {
        var json = await db.Workflows.AsNoTracking().Where(w => w.Id == workflowId).Select(w => w.DraftJson).SingleAsync();
        Assert.True(WorkflowJson.TryRead(json, out var definition, out _, out var error), error);
        return definition;
    }, slug);

    [Theory]
    [InlineData("acme", 1280, 900)]
    [InlineData("globex", 390, 844)]
    public async Task An_admin_moves_adds_connects_undoes_saves_and_publishes_on_the_canvas(string slug, int width, int height)
    {
        var template = WorkflowTemplates.Find(WorkflowTemplates.TwoApprovals)!.Definition;
        var workflowId = await WorkflowTestKit.PublishAsync(app, template with { Name = $"Two managers approve ({width})" }, slug);
        var page = await SignedInAsync(slug, $"admin@{slug}.test", width, height);
        var shot = $"{slug}-{width}";

        await BrowserFixture.RunAsync(page, $"{nameof(An_admin_moves_adds_connects_undoes_saves_and_publishes_on_the_canvas)}-{shot}", async () =>
        {
            await OpenAsync(page, slug, workflowId);
            await Assertions.Expect(page.Locator(".wf-step")).ToHaveCountAsync(template.Steps.Count);
            await Assertions.Expect(page.Locator(".wf-edge")).ToHaveCountAsync(template.Edges.Count);
            await BrowserFixture.SaveScreenshotAsync(page, $"designer-template-{shot}");
            var minimap = page.Locator("[data-testid=minimap]");
            if (width > 600)
            {
                // The minimap shows every step; pressing a place on it moves the view there (phones have no room for it).
                await Assertions.Expect(minimap.Locator(".wf-minimap-step")).ToHaveCountAsync(template.Steps.Count);
                var view = await page.Locator(".wf-viewport").GetAttributeAsync("transform");
                var corner = await minimap.BoundingBoxAsync() ?? throw new InvalidOperationException("no minimap");
                await page.Mouse.ClickAsync(corner.X + 6, corner.Y + 6);
                await Assertions.Expect(page.Locator(".wf-viewport")).Not.ToHaveAttributeAsync("transform", view!);
                await page.Locator("[data-testid=fit]").ClickAsync();
            }
            else
            {
                await Assertions.Expect(minimap).ToBeHiddenAsync();
            }

            var status = page.Locator("[data-testid=designer-status]");
            await Assertions.Expect(status).ToHaveAttributeAsync("data-dirty", "false");

            // Move the last step: it follows the pointer and stays, on the grid.
            var tell = Step(page, "tell");
            var before = double.Parse((await tell.GetAttributeAsync("data-x"))!, System.Globalization.CultureInfo.InvariantCulture);
            var from = await CenterAsync(tell.Locator(".wf-step-name"));
            await DragAsync(page, from, (from.X + 90, from.Y));
            await Assertions.Expect(status).ToHaveAttributeAsync("data-dirty", "true");
            var after = double.Parse((await tell.GetAttributeAsync("data-x"))!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(after > before + 40, $"the step moved from {before} to {after}");
            Assert.Equal(0, after % WorkflowEdits.Grid);

            // Add a wait from the palette: it is selected and its panel sets it.
            await page.Locator("[data-palette-type=delay]").ClickAsync();
            await Assertions.Expect(Step(page, "delay")).ToHaveAttributeAsync("data-selected", "true");
            await Assertions.Expect(page.Locator("[data-testid=step-panel][data-step=delay]")).ToBeVisibleAsync();
            await Assertions.Expect(Step(page, "delay")).ToHaveAttributeAsync("data-invalid", "true");
            await page.Locator("input[data-testid=step-duration]").FillAsync("PT1H");
            if (width > 600)
            {
                await Assertions.Expect(minimap.Locator(".wf-minimap-step")).ToHaveCountAsync(template.Steps.Count + 1);
            }

            // Put it between "Confirm the booking" and "Tell the customer": confirm → wait → tell.
            await page.Locator("[data-testid=fit]").ClickAsync();
            await DragAsync(page, await CenterAsync(Step(page, "confirm").Locator(".wf-port[data-port=next]")), await CenterAsync(Step(page, "delay").Locator(".wf-step-name")));
            await Assertions.Expect(page.Locator(".wf-edge[data-from=confirm][data-port=next][data-to=delay]")).ToHaveCountAsync(1);
            await DragAsync(page, await CenterAsync(Step(page, "delay").Locator(".wf-port[data-port=next]")), await CenterAsync(Step(page, "tell").Locator(".wf-step-name")));
            await Assertions.Expect(page.Locator(".wf-edge[data-from=delay][data-to=tell]")).ToHaveCountAsync(1);
            await Assertions.Expect(Step(page, "delay")).ToHaveAttributeAsync("data-invalid", "false");
            await Assertions.Expect(status).ToContainTextAsync("ready to publish");

            // Undo takes the last link away, redo brings it back.
            await page.Locator("[data-testid=canvas]").FocusAsync();
            await page.Keyboard.PressAsync("Control+z");
            await Assertions.Expect(page.Locator(".wf-edge[data-from=delay][data-to=tell]")).ToHaveCountAsync(0);
            await page.Keyboard.PressAsync("Control+y");
            await Assertions.Expect(page.Locator(".wf-edge[data-from=delay][data-to=tell]")).ToHaveCountAsync(1);
            await BrowserFixture.SaveScreenshotAsync(page, $"designer-edited-{shot}");

            await page.Locator("[data-testid=save-draft]").ClickAsync();
            await Assertions.Expect(status).ToHaveAttributeAsync("data-dirty", "false");
            var saved = await DraftAsync(slug, workflowId);
            Assert.Equal("PT1H", saved.Steps.Single(s => s.Id == "delay").Duration);
            Assert.Contains(new WorkflowEdge("confirm", "next", "delay"), saved.Edges);
            Assert.Contains(new WorkflowEdge("delay", "next", "tell"), saved.Edges);
            Assert.Equal(after, saved.Steps.Single(s => s.Id == "tell").Position!.X);
            Assert.All(saved.Steps, s => Assert.NotNull(s.Position));

            // A reload shows the draft as it was saved.
            await OpenAsync(page, slug, workflowId);
            await Assertions.Expect(Step(page, "tell")).ToHaveAttributeAsync("data-x", ((int)after).ToString(System.Globalization.CultureInfo.InvariantCulture));
            await Assertions.Expect(page.Locator(".wf-edge[data-from=delay][data-to=tell]")).ToHaveCountAsync(1);

            await page.Locator("[data-testid=publish]").ClickAsync();
            await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("Published as version 2");
            Assert.Equal(2, await WorkflowTestKit.ReadAsync(app, db => db.Workflows.AsNoTracking().Where(w => w.Id == workflowId).Select(w => w.LatestVersion).SingleAsync(), slug));

            // "Try it" on the condition: the sample booking (120) is large, a smaller one is not.
            await Step(page, "large").Locator(".wf-step-name").ClickAsync();
            await page.Locator("[data-testid=try-it] .mud-expand-panel-header").ClickAsync();
            await page.Locator("[data-testid=try-run]").ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=try-result]")).ToHaveTextAsync("It is true: a run goes the true way.");
            await page.Locator("input[data-sample='booking.price']").FillAsync("80");
            await page.Locator("[data-testid=try-run]").ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=try-result]")).ToHaveTextAsync("It is false: a run goes the false way.");
            await page.Locator("[data-testid=try-result]").ScrollIntoViewIfNeededAsync();
            await BrowserFixture.SaveScreenshotAsync(page, $"designer-try-{shot}");

            // The activity feed lists the edits the save stored, by the admin who made them.
            await page.Locator("[data-testid=activity]").ClickAsync();
            var admin = slug == "acme" ? "Alice Admin" : "Greta Admin";
            await Assertions.Expect(page.Locator($"[data-testid=activity-saved] li[data-activity-author='{admin}']").First).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("[data-testid=activity-saved]")).ToContainTextAsync("Connected");
            await BrowserFixture.SaveScreenshotAsync(page, $"designer-activity-{shot}");
        });
    }

    [Fact]
    public async Task A_manager_sees_the_canvas_and_a_steps_settings_but_no_palette_and_cannot_move_a_step()
    {
        var template = WorkflowTemplates.Find(WorkflowTemplates.TwoApprovals)!.Definition;
        var workflowId = await WorkflowTestKit.PublishAsync(app, template with { Name = "Two managers approve (manager)" });
        var page = await SignedInAsync("acme", "manager@acme.test", 1280, 900);

        await BrowserFixture.RunAsync(page, nameof(A_manager_sees_the_canvas_and_a_steps_settings_but_no_palette_and_cannot_move_a_step), async () =>
        {
            await OpenAsync(page, "acme", workflowId);
            await Assertions.Expect(page.Locator("[data-testid=read-only]")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("[data-testid=palette]")).ToHaveCountAsync(0);

            var tell = Step(page, "tell");
            var before = await tell.GetAttributeAsync("data-x");
            var from = await CenterAsync(tell.Locator(".wf-step-name"));
            await DragAsync(page, from, (from.X + 90, from.Y));
            await page.Mouse.ClickAsync((float)from.X, (float)from.Y);
            await Assertions.Expect(page.Locator("[data-testid=step-panel][data-step=tell]")).ToBeVisibleAsync();
            Assert.Equal(before, await tell.GetAttributeAsync("data-x"));
            await Assertions.Expect(page.Locator("[data-testid=designer-status]")).ToHaveAttributeAsync("data-dirty", "false");
            await Assertions.Expect(page.Locator("[data-testid=delete-step]")).ToHaveCountAsync(0);
        });
    }

    [Fact]
    public async Task A_keyboard_user_goes_through_the_steps_in_reading_order_edits_and_moves_one_and_tabs_out()
    {
        var template = WorkflowTemplates.Find(WorkflowTemplates.TwoApprovals)!.Definition;
        var workflowId = await WorkflowTestKit.PublishAsync(app, template with { Name = "Two managers approve (keyboard)" });
        var page = await SignedInAsync("acme", "admin@acme.test", 1280, 900);

        await BrowserFixture.RunAsync(page, nameof(A_keyboard_user_goes_through_the_steps_in_reading_order_edits_and_moves_one_and_tabs_out), async () =>
        {
            await OpenAsync(page, "acme", workflowId);
            var canvas = page.Locator("[data-testid=canvas]");
            var order = await page.EvaluateAsync<string[]>("""
                () => [...document.querySelectorAll('.wf-step')]
                  .map(s => ({ id: s.dataset.step, x: Number(s.dataset.x), y: Number(s.dataset.y) }))
                  .sort((a, b) => a.y - b.y || a.x - b.x).map(s => s.id)
                """);
            Assert.True(order.Length >= 3);

            // An arrow chooses the first step; Tab and Shift+Tab go on and back.
            await canvas.FocusAsync();
            await page.Keyboard.PressAsync("ArrowDown");
            await Assertions.Expect(canvas).ToHaveAttributeAsync("data-selected", order[0]);
            await page.Keyboard.PressAsync("Tab");
            await Assertions.Expect(canvas).ToHaveAttributeAsync("data-selected", order[1]);
            await page.Keyboard.PressAsync("Shift+Tab");
            await Assertions.Expect(canvas).ToHaveAttributeAsync("data-selected", order[0]);
            await Assertions.Expect(page.Locator($"[data-testid=step-panel][data-step='{order[0]}']")).ToBeVisibleAsync();

            // Arrows move the chosen step a grid step; Enter goes to its name.
            var step = Step(page, order[0]);
            var x = (await step.GetAttributeAsync("data-x"))!;
            await page.Keyboard.PressAsync("ArrowRight");
            await Assertions.Expect(step).Not.ToHaveAttributeAsync("data-x", x);
            await page.Keyboard.PressAsync("Enter");
            Assert.True(await page.EvaluateAsync<bool>("() => !!document.activeElement.closest('[data-testid=step-name]')"), "Enter went to the step's name");

            // Back on the canvas, Tab past the last step lets go and leaves the canvas: no keyboard trap.
            await canvas.FocusAsync();
            for (var i = 1; i < order.Length; i++)
            {
                await page.Keyboard.PressAsync("Tab");
                await Assertions.Expect(canvas).ToHaveAttributeAsync("data-selected", order[i]);
            }

            await page.Keyboard.PressAsync("Tab");
            await Assertions.Expect(canvas).ToHaveAttributeAsync("data-selected", "");
            Assert.False(await page.EvaluateAsync<bool>("() => document.activeElement === document.querySelector('[data-testid=canvas]')"), "the focus left the canvas");
        });
    }

    [Fact]
    public async Task The_draft_is_compared_with_a_published_version_on_the_canvas_and_in_words()
    {
        var template = WorkflowTemplates.Find(WorkflowTemplates.TwoApprovals)!.Definition;
        var workflowId = await WorkflowTestKit.PublishAsync(app, template with { Name = "Two managers approve (versions)" }, "globex");
        var second = template with
        {
            Name = "Two managers approve (versions)",
            Steps = [.. template.Steps.Select(s => s.Id == "approve-2" ? s with { Name = "Second sign-off" } : s)],
        };
        await WorkflowTestKit.PublishAgainAsync(app, workflowId, second, "globex");
        var page = await SignedInAsync("globex", "admin@globex.test", 1280, 900);

        await BrowserFixture.RunAsync(page, nameof(The_draft_is_compared_with_a_published_version_on_the_canvas_and_in_words), async () =>
        {
            await OpenAsync(page, "globex", workflowId);

            // Rename one step, remove another and add a third, then compare the draft with version 1.
            await Step(page, "tell").Locator(".wf-step-name").ClickAsync();
            await page.Locator("input[data-testid=step-name]").FillAsync("Mail the customer");
            await Assertions.Expect(Step(page, "tell").Locator(".wf-step-name")).ToHaveTextAsync("Mail the customer");
            // The panel is the selected step's once the circuit has answered: a click before then would land on the
            // panel being replaced.
            await Step(page, "reject").Locator(".wf-step-name").ClickAsync();
            await Assertions.Expect(page.Locator("input[data-testid=step-name]")).ToHaveValueAsync("Decline the booking");
            await page.Locator("[data-testid=delete-step]").ClickAsync();
            await Assertions.Expect(Step(page, "reject")).ToHaveCountAsync(0);
            await page.Locator("[data-palette-type=notify]").ClickAsync();
            await Assertions.Expect(Step(page, "notify")).ToHaveCountAsync(1);

            await page.Locator("[data-testid=versions]").ClickAsync();
            await page.Locator("[data-testid=versions-panel] [data-version='1']").ClickAsync();
            await Assertions.Expect(Step(page, "tell")).ToHaveAttributeAsync("data-diff", "changed");
            await Assertions.Expect(Step(page, "notify")).ToHaveAttributeAsync("data-diff", "added");
            await Assertions.Expect(Step(page, "confirm")).ToHaveAttributeAsync("data-diff", "same");
            await Assertions.Expect(page.Locator(".wf-ghost[data-ghost=reject]")).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator("[data-diff-changed=tell]")).ToContainTextAsync("Mail the customer: name");
            await Assertions.Expect(page.Locator("[data-diff-removed=reject]")).ToContainTextAsync("Removed");
            await Assertions.Expect(page.Locator("[data-diff-added=notify]")).ToHaveCountAsync(1);
            await BrowserFixture.SaveScreenshotAsync(page, "designer-versions-globex-1280");

            // Version 1 against version 2: drawn in the panel with what changed; the canvas shows the draft plainly.
            await page.Locator("[data-testid=compare-against]").ClickAsync();
            await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "Version 2" }).ClickAsync();
            var diagram = page.Locator("[data-testid=compare-diagram]");
            await Assertions.Expect(diagram.Locator("[data-diagram-step=approve-2]")).ToHaveAttributeAsync("data-diff", "changed");
            await Assertions.Expect(diagram.Locator("[data-diagram-step=confirm]")).Not.ToHaveAttributeAsync("data-diff", "changed");
            await Assertions.Expect(page.Locator("[data-diff-changed=approve-2]")).ToContainTextAsync("Second sign-off: name");
            await Assertions.Expect(page.Locator("[data-diff-added=notify]")).ToHaveCountAsync(0);
            await Assertions.Expect(page.Locator(".wf-ghost")).ToHaveCountAsync(0);
            await Assertions.Expect(Step(page, "tell")).Not.ToHaveAttributeAsync("data-diff", "changed");
            await BrowserFixture.SaveScreenshotAsync(page, "designer-versions-two-globex-1280");

            await page.Locator("[data-testid=close-versions]").ClickAsync();
            await Assertions.Expect(page.Locator(".wf-ghost")).ToHaveCountAsync(0);
            await Assertions.Expect(Step(page, "tell")).Not.ToHaveAttributeAsync("data-diff", "changed");
        });
    }

    [Fact]
    public async Task A_draft_is_exported_as_json_and_a_pasted_document_replaces_it_while_a_bad_one_changes_nothing()
    {
        var template = WorkflowTemplates.Find(WorkflowTemplates.TwoApprovals)!.Definition;
        var workflowId = await WorkflowTestKit.PublishAsync(app, template with { Name = "Two managers approve (import)" });
        var page = await SignedInAsync("acme", "admin@acme.test", 1280, 900);

        await BrowserFixture.RunAsync(page, nameof(A_draft_is_exported_as_json_and_a_pasted_document_replaces_it_while_a_bad_one_changes_nothing), async () =>
        {
            await OpenAsync(page, "acme", workflowId);
            await page.Locator("[data-testid=import-export]").ClickAsync();
            var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid=export]").ClickAsync());
            Assert.Equal("two-managers-approve--import.json", download.SuggestedFilename);
            var exported = await File.ReadAllTextAsync(await download.PathAsync());
            Assert.True(WorkflowJson.TryRead(exported, out var read, out _, out var error), error);
            Assert.Equal(template.Steps.Select(s => s.Id), read.Steps.Select(s => s.Id));

            // A document with a misspelt setting is refused with its place, and the draft stays as it was.
            await page.Locator("[data-testid=import-export]").ClickAsync();
            await page.Locator("[data-testid=import]").ClickAsync();
            var json = page.Locator("textarea[data-testid=import-json]");
            await json.FillAsync("""{ "name": "Broken", "steps": [ { "id": "a", "type": "end", "templat": "x" } ] }""");
            await page.Locator("[data-testid=import-confirm]").ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=import-dialog]")).ToContainTextAsync("templat");
            await Assertions.Expect(Step(page, "tell")).ToHaveCountAsync(1);

            var webhook = new WorkflowDefinition
            {
                Name = "Webhook on cancellation",
                Trigger = new WorkflowTrigger { Type = WorkflowTriggerTypes.BookingEvent, Event = "cancelled" },
                Start = "hook",
                Steps = [new() { Id = "hook", Type = WorkflowStepTypes.Webhook, Url = "https://hooks.example.com/cancelled" }, new() { Id = "done", Type = WorkflowStepTypes.End }],
                Edges = [new("hook", "next", "done")],
            };
            await json.FillAsync(WorkflowJson.Write(webhook));
            await page.Locator("[data-testid=import-confirm]").ClickAsync();
            await Assertions.Expect(page.Locator(".wf-step")).ToHaveCountAsync(2);
            await Assertions.Expect(Step(page, "hook")).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator(".wf-edge[data-from=hook][data-to=done]")).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator("input[data-testid=workflow-name]")).ToHaveValueAsync("Webhook on cancellation");

            // One undo takes the whole import back.
            await page.Locator("[data-testid=undo]").ClickAsync();
            await Assertions.Expect(page.Locator(".wf-step")).ToHaveCountAsync(template.Steps.Count);
            await Assertions.Expect(page.Locator("input[data-testid=workflow-name]")).ToHaveValueAsync("Two managers approve (import)");
        });
    }

    [Fact]
    public async Task A_run_opened_on_the_canvas_shows_its_path_and_what_each_step_did_without_editing()
    {
        var definition = new WorkflowDefinition
        {
            Name = "Shop system sync (canvas)",
            Trigger = new WorkflowTrigger { Type = WorkflowTriggerTypes.Manual },
            Start = "note",
            Steps =
            [
                new() { Id = "note", Type = WorkflowStepTypes.SetVariable, Name = "Remember the order", Variable = "order", Expression = "'A-1'" },
                // A loopback address, which the webhook client refuses: the step fails, without the network.
                new() { Id = "call", Type = WorkflowStepTypes.Webhook, Name = "Tell the shop system", Url = "https://localhost:9/hook" },
                new() { Id = "done", Type = WorkflowStepTypes.End },
            ],
            Edges = [new("note", "next", "call"), new("call", "next", "done")],
        };
        var workflowId = await WorkflowTestKit.PublishAsync(app, definition);
        var admin = Platform.Core.Access.Actor.TenantAdmin(await WorkflowTestKit.UserIdAsync(app, "admin@acme.test"));
        var started = await app.AsActorAsync("acme", admin, sp => sp.GetRequiredService<WorkflowInstances>().StartAsync(workflowId, null, null));
        var runId = started.Value!.Id;
        await Eventually.HoldsAsync(() => WorkflowTestKit.ReadAsync(app, db => db.WorkflowInstances.AnyAsync(i => i.Id == runId && i.Status == WorkflowInstanceStatus.Faulted)), "the run faulted");
        var page = await SignedInAsync("acme", "admin@acme.test", 1280, 900);

        await BrowserFixture.RunAsync(page, nameof(A_run_opened_on_the_canvas_shows_its_path_and_what_each_step_did_without_editing), async () =>
        {
            await page.GotoAsync(new Uri(app.TenantUri("acme"), $"app/workflows/{workflowId:D}/instances/{runId:D}").ToString());
            // The run's page renders its run once the circuit is up; a click before that can be lost under load.
            await Assertions.Expect(page.Locator("[data-interactive=true]")).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator("[data-testid=instance-status]")).ToHaveTextAsync("Faulted");
            await page.Locator("[data-testid=open-on-canvas]").ClickAsync();
            await page.WaitForURLAsync(url => url.Contains($"/design?run={runId:D}", StringComparison.Ordinal));
            await Assertions.Expect(page.Locator("[data-testid=canvas][data-designer-ready=true]")).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator("[data-testid=run-banner]")).ToContainTextAsync("Faulted");
            await Assertions.Expect(Step(page, "note")).ToHaveAttributeAsync("data-run", "ran");
            await Assertions.Expect(Step(page, "call")).ToHaveAttributeAsync("data-run", "faulted");
            await Assertions.Expect(Step(page, "done")).ToHaveAttributeAsync("data-run", "idle");
            await Assertions.Expect(page.Locator(".wf-edge-taken[data-from=note][data-to=call]")).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator("[data-testid=palette], [data-testid=designer-toolbar]")).ToHaveCountAsync(0);

            await Step(page, "call").Locator(".wf-step-name").ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=run-panel][data-step=call] [data-testid=run-step-error]")).ToHaveCountAsync(1);
            await Step(page, "note").Locator(".wf-step-name").ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=run-panel][data-step=note]")).ToContainTextAsync("left by “next”");
            await BrowserFixture.SaveScreenshotAsync(page, "designer-run-acme-1280");

            // Nothing on the canvas moves: a run is only looked at.
            var before = await Step(page, "done").GetAttributeAsync("data-x");
            var from = await CenterAsync(Step(page, "done").Locator(".wf-step-name"));
            await DragAsync(page, from, (from.X + 80, from.Y));
            Assert.Equal(before, await Step(page, "done").GetAttributeAsync("data-x"));

            await page.Locator("[data-testid=back-to-draft]").ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=designer-toolbar]")).ToHaveCountAsync(1);
            await Assertions.Expect(Step(page, "call")).Not.ToHaveAttributeAsync("data-run", "faulted");
        });
    }
}
