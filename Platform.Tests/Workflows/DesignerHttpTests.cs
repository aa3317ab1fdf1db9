using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Core.Errors;
using Platform.Core.Workflows;
using Platform.Tests.Support;

namespace Platform.Tests.Workflows;

/// <summary>
/// The designer over HTTP, as its first render is served: an admin gets the canvas with the draft's steps at their places
/// and the palette; a manager gets it to look at, without the palette; staff are refused; an admin of another business
/// gets no trace of the workflow; and a draft whose steps are placed off the canvas is refused with the step named and
/// nothing stored, in every environment.
/// </summary>
public abstract class DesignerHttpTests(PlatformAppFactory app)
{
    private const string Acme = "http://acme.localhost/";
    private const string Globex = "http://globex.localhost/";

    private static WorkflowDefinition Placed(string name) => new()
    {
        Name = name,
        Trigger = new WorkflowTrigger { Type = WorkflowTriggerTypes.Manual },
        Start = "ask",
        Steps =
        [
            new() { Id = "ask", Type = WorkflowStepTypes.Approval, Name = "Owner signs off", AssigneeRole = "Manager", Position = new(40, 48) },
            new() { Id = "done", Type = WorkflowStepTypes.End, Name = "Finished", Position = new(40, 200) },
        ],
        Edges = [new("ask", "approved", "done"), new("ask", "rejected", "done")],
    };

    private static string Design(Guid workflowId) => $"app/workflows/{workflowId:D}/design";

    [Fact]
    public async Task An_admin_gets_the_canvas_with_the_drafts_steps_at_their_places_and_the_palette()
    {
        var name = "Sign-off " + Guid.NewGuid().ToString("N")[..6];
        var workflowId = await WorkflowTestKit.PublishAsync(app, Placed(name));
        using var admin = await app.SignedInAsync(Acme, "admin@acme.test");

        var response = await admin.GetAsync(Design(workflowId));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"Design: {name}", html, StringComparison.Ordinal);
        Assert.Contains("data-step=\"ask\" data-x=\"40\" data-y=\"48\"", html, StringComparison.Ordinal);
        Assert.Contains("data-step=\"done\" data-x=\"40\" data-y=\"200\"", html, StringComparison.Ordinal);
        Assert.Contains("data-from=\"ask\" data-port=\"approved\" data-to=\"done\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"palette\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"save-draft\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"read-only\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_manager_may_look_without_changing_and_staff_are_refused()
    {
        var name = "Sign-off " + Guid.NewGuid().ToString("N")[..6];
        var workflowId = await WorkflowTestKit.PublishAsync(app, Placed(name));

        using var manager = await app.SignedInAsync(Acme, "manager@acme.test");
        var looked = await (await manager.GetAsync(Design(workflowId))).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"read-only\"", looked, StringComparison.Ordinal);
        Assert.Contains("data-step=\"ask\"", looked, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"palette\"", looked, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"save-draft\"", looked, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"publish\"", looked, StringComparison.Ordinal);

        using var staff = await app.SignedInAsync(Acme, "sam@acme.test");
        var refused = await staff.GetAsync(Design(workflowId));
        var html = await refused.Content.ReadAsStringAsync();
        Assert.True(refused.StatusCode == HttpStatusCode.Redirect, $"{refused.StatusCode}: {html}");
        Assert.Contains("Account/AccessDenied", refused.Headers.Location?.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(name, html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-step=", html, StringComparison.Ordinal);

        // The draft a manager could not change is the one stored.
        var stored = await WorkflowTestKit.ReadAsync(app, db => db.Workflows.AsNoTracking().Where(w => w.Id == workflowId).Select(w => w.DraftJson).SingleAsync());
        Assert.Contains("Owner signs off", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_of_another_business_gets_no_trace_of_the_workflow()
    {
        var name = "Sign-off " + Guid.NewGuid().ToString("N")[..6];
        var workflowId = await WorkflowTestKit.PublishAsync(app, Placed(name));
        using var stranger = await app.SignedInAsync(Globex, "admin@globex.test");

        var html = await (await stranger.GetAsync(Design(workflowId))).Content.ReadAsStringAsync();

        Assert.Contains("data-testid=\"workflow-missing\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain(name, html, StringComparison.Ordinal);
        Assert.DoesNotContain("Owner signs off", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-step=", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_draft_placed_off_the_canvas_is_refused_with_the_step_named_and_nothing_stored()
    {
        var workflowId = await WorkflowTestKit.PublishAsync(app, Placed("Sign-off " + Guid.NewGuid().ToString("N")[..6]));
        using var admin = await app.SignedInAsync(Acme, "admin@acme.test");
        var far = Placed("Moved far away");
        far = far with { Steps = [far.Steps[0] with { Position = new(WorkflowEdits.MaxCoordinate * 2, 0) }, far.Steps[1]] };

        var response = await admin.PutAsync($"api/v1/workflows/{workflowId}/draft", new StringContent(WorkflowJson.Write(far), System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Equal(ErrorCodes.ValidationFailed, problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("steps[ask]", out _), problem.ToString());
        var stored = await WorkflowTestKit.ReadAsync(app, db => db.Workflows.AsNoTracking().Where(w => w.Id == workflowId).Select(w => w.DraftJson).SingleAsync());
        Assert.DoesNotContain("Moved far away", stored, StringComparison.Ordinal);

        // A place on the canvas is kept as sent.
        var near = Placed("Moved near");
        near = near with { Steps = [near.Steps[0] with { Position = new(-320, 96) }, near.Steps[1]] };
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"api/v1/workflows/{workflowId}/draft", near, WorkflowJson.Options)).StatusCode);
        var draft = await (await admin.GetAsync($"api/v1/workflows/{workflowId}/draft")).Content.ReadAsStringAsync();
        Assert.True(WorkflowJson.TryRead(System.Text.Json.JsonDocument.Parse(draft).RootElement.GetProperty("definition").GetRawText(), out var read, out _, out var error), error);
        Assert.Equal(new WorkflowPosition(-320, 96), read.Steps.Single(s => s.Id == "ask").Position);
    }

    [Fact]
    public async Task The_activity_feed_says_who_stored_the_draft_to_managers_and_to_nobody_of_another_business_or_below()
    {
        var workflowId = await WorkflowTestKit.PublishAsync(app, Placed("Fed " + Guid.NewGuid().ToString("N")[..6]));
        using var admin = await app.SignedInAsync(Acme, "admin@acme.test");
        var activity = $"api/v1/workflows/{workflowId}/activity";
        Assert.Equal(0, (await (await admin.GetAsync(activity)).JsonAsync()).GetProperty("total").GetInt32());

        // An admin stores the draft through the API; then a bad document changes nothing, the feed included.
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"api/v1/workflows/{workflowId}/draft", Placed("Stored whole"), WorkflowJson.Options)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsync($"api/v1/workflows/{workflowId}/draft", new StringContent("{ \"name\": 5 }", System.Text.Encoding.UTF8, "application/json"))).StatusCode);

        using var manager = await app.SignedInAsync(Acme, "manager@acme.test");
        var response = await manager.GetAsync(activity + "?page=1&pageSize=10");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var feed = await response.JsonAsync();
        Assert.Equal(1, feed.GetProperty("total").GetInt32());
        var entry = feed.GetProperty("items")[0];
        Assert.Equal(("Alice Admin", "Stored the whole draft"), (entry.GetProperty("authorName").GetString(), entry.GetProperty("description").GetString()));

        // Bad paging is a 400; staff are refused; another business's admin finds no such workflow.
        Assert.Equal(HttpStatusCode.BadRequest, (await manager.GetAsync(activity + "?pageSize=0")).StatusCode);
        using var staff = await app.SignedInAsync(Acme, "sam@acme.test");
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync(activity)).StatusCode);
        using var stranger = await app.SignedInAsync(Globex, "admin@globex.test");
        var refused = await stranger.GetAsync(activity);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.DoesNotContain("Alice Admin", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_draft_stored_with_if_match_is_stored_only_over_the_revision_read_and_never_over_someone_elses()
    {
        var workflowId = await WorkflowTestKit.PublishAsync(app, Placed("Tagged " + Guid.NewGuid().ToString("N")[..6]));
        using var admin = await app.SignedInAsync(Acme, "admin@acme.test");
        var draft = $"api/v1/workflows/{workflowId}/draft";

        async Task<HttpResponseMessage> PutAsync(string name, string? ifMatch)
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, draft) { Content = JsonContent.Create(Placed(name), options: WorkflowJson.Options) };
            if (ifMatch is not null)
            {
                request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
            }

            return await admin.SendAsync(request);
        }

        async Task<string> StoredNameAsync() =>
            (await (await admin.GetAsync(draft)).JsonAsync()).GetProperty("definition").GetProperty("name").GetString()!;

        // The read's ETag stores the change, and the answer carries the next one.
        var read = await admin.GetAsync(draft);
        var tag = read.Headers.ETag?.Tag;
        Assert.NotNull(tag);
        var first = await PutAsync("Mine, on what I read", tag);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var next = first.Headers.ETag?.Tag;
        Assert.NotNull(next);
        Assert.NotEqual(tag, next);

        // A second integration that read before that store is refused with 412, and nothing of it is stored.
        var late = await PutAsync("Theirs, on what they read before", tag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, late.StatusCode);
        Assert.Equal(ErrorCodes.PreconditionFailed, (await late.JsonAsync()).GetProperty("code").GetString());
        Assert.Equal("Mine, on what I read", await StoredNameAsync());

        // A tag this API never gave (weak, a list, garbage) matches nothing; "*" and no If-Match store as before.
        foreach (var bad in new[] { $"W/{next}", $"{next}, \"1\"", "\"not-a-revision\"", "123" })
        {
            Assert.Equal(HttpStatusCode.PreconditionFailed, (await PutAsync("Never stored", bad)).StatusCode);
        }

        Assert.Equal("Mine, on what I read", await StoredNameAsync());
        Assert.Equal(HttpStatusCode.OK, (await PutAsync("Over anything", "*")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PutAsync("Unconditional", null)).StatusCode);
        Assert.Equal("Unconditional", await StoredNameAsync());

        // Another business's admin with a good tag still finds no such workflow.
        using var stranger = await app.SignedInAsync(Globex, "admin@globex.test");
        using var theirs = new HttpRequestMessage(HttpMethod.Put, draft) { Content = JsonContent.Create(Placed("Foreign"), options: WorkflowJson.Options) };
        theirs.Headers.TryAddWithoutValidation("If-Match", (await admin.GetAsync(draft)).Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.SendAsync(theirs)).StatusCode);
        Assert.Equal("Unconditional", await StoredNameAsync());
    }
}

public sealed class SqliteDesignerHttpTests(SqliteDesignerHttpTests.App app) : DesignerHttpTests(app), IClassFixture<SqliteDesignerHttpTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);
}

/// <summary>The same in the Development and Production environments, where error pages and problem details differ.</summary>
public sealed class DevelopmentDesignerHttpTests(EnvironmentApp.Development app) : DesignerHttpTests(app), IClassFixture<EnvironmentApp.Development>;

public sealed class ProductionDesignerHttpTests(EnvironmentApp.Production app) : DesignerHttpTests(app), IClassFixture<EnvironmentApp.Production>;
