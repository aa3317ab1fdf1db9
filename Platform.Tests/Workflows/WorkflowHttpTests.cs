using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Errors;
using Platform.Core.Workflows;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Seeding;
using Platform.Infrastructure.Workflows;
using Platform.Tests.Support;

namespace Platform.Tests.Workflows;

/// <summary>
/// /api/v1/workflows over HTTP: admins write, managers and keys read, staff and strangers are refused, another tenant's
/// workflow is not found, and a malformed or oversized document is a 400 that says why and writes nothing, in every
/// environment.
/// </summary>
public abstract class WorkflowHttpTests(PlatformAppFactory app)
{
    private const string Acme = "http://acme.localhost/";

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static StringContent Document(WorkflowDefinition definition) => Json(WorkflowJson.Write(definition));

    private Task<(int Workflows, int Versions, string Drafts)> StoredAsync() => app.InTenantAsync("acme", async sp =>
    {
        var db = sp.GetRequiredService<PlatformDbContext>();
        var drafts = await db.Workflows.AsNoTracking().OrderBy(w => w.Id).Select(w => w.DraftJson).ToListAsync();
        return (drafts.Count, await db.WorkflowVersions.CountAsync(), string.Join("|", drafts));
    });

    private async Task<string> ImportAsync(HttpClient admin, WorkflowDefinition definition)
    {
        var created = await admin.PostAsync("api/v1/workflows/import", Document(definition));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.JsonAsync()).GetProperty("workflow").GetProperty("id").GetString()!;
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, (await response.JsonAsync()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_admin_imports_edits_publishes_and_exports()
    {
        using var admin = await app.SignedInAsync(Acme, "admin@acme.test");
        var id = await ImportAsync(admin, WorkflowValidatorTests.TwoApprovals());

        var draft = await (await admin.GetAsync($"api/v1/workflows/{id}/draft")).JsonAsync();
        Assert.Equal("Two managers approve", draft.GetProperty("definition").GetProperty("name").GetString());
        Assert.Equal(1, draft.GetProperty("definition").GetProperty("formatVersion").GetInt32());
        var put = await admin.PutAsync($"api/v1/workflows/{id}/draft", Document(WorkflowValidatorTests.TwoApprovals() with { Description = "Edited" }));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var published = await admin.PostAsync($"api/v1/workflows/{id}/publish", null);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Equal(1, (await published.JsonAsync()).GetProperty("number").GetInt32());
        var versions = await (await admin.GetAsync($"api/v1/workflows/{id}/versions")).JsonAsync();
        Assert.Equal(1, versions.GetProperty("total").GetInt32());
        var version = await (await admin.GetAsync($"api/v1/workflows/{id}/versions/1")).JsonAsync();
        Assert.Equal("Edited", version.GetProperty("definition").GetProperty("description").GetString());
        var exported = await admin.GetAsync($"api/v1/workflows/{id}/export");
        Assert.Equal("application/json", exported.Content.Headers.ContentType?.MediaType);
        Assert.True(WorkflowJson.TryRead(await exported.Content.ReadAsStringAsync(), out var read, out _, out _));
        Assert.Equal("Edited", read.Description);
    }

    [Fact]
    public async Task A_refused_publish_lists_the_problems_by_step_and_writes_nothing()
    {
        using var admin = await app.SignedInAsync(Acme, "admin@acme.test");
        var valid = WorkflowValidatorTests.TwoApprovals();
        var id = await ImportAsync(admin, valid with { Steps = [.. valid.Steps, new() { Id = "orphan", Type = WorkflowStepTypes.End }] });
        var before = await StoredAsync();

        var refused = await admin.PostAsync($"api/v1/workflows/{id}/publish", null);

        await AssertProblemAsync(refused, HttpStatusCode.Conflict, WorkflowDefinitions.InvalidDefinition);
        var errors = (await refused.JsonAsync()).GetProperty("errors");
        Assert.Contains("No path from the trigger", errors.GetProperty("steps[orphan]")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await StoredAsync());
    }

    [Fact]
    public async Task Without_credentials_every_call_is_401()
    {
        using var anonymous = app.CreateClientFor(Acme);
        await AssertProblemAsync(await anonymous.GetAsync("api/v1/workflows"), HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized);
        await AssertProblemAsync(await anonymous.PostAsync("api/v1/workflows/import", Document(WorkflowValidatorTests.TwoApprovals())), HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized);
        await AssertProblemAsync(await anonymous.PostAsJsonAsync("api/v1/workflows", new { name = "x" }), HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized);
    }

    [Fact]
    public async Task Staff_are_refused_and_managers_and_keys_read_but_do_not_write()
    {
        using var admin = await app.SignedInAsync(Acme, "admin@acme.test");
        var id = await ImportAsync(admin, WorkflowValidatorTests.TwoApprovals());
        using var staff = await app.SignedInAsync(Acme, "sam@acme.test");
        using var manager = await app.SignedInAsync(Acme, "manager@acme.test");
        using var key = app.CreateClientFor(Acme);
        key.DefaultRequestHeaders.Add("X-Api-Key", DemoAccounts.ApiKeys["acme"]);
        var before = await StoredAsync();

        await AssertProblemAsync(await staff.GetAsync("api/v1/workflows"), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await AssertProblemAsync(await staff.GetAsync($"api/v1/workflows/{id}/draft"), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        foreach (var reader in new[] { manager, key })
        {
            Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("api/v1/workflows")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"api/v1/workflows/{id}/draft")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"api/v1/workflows/{id}/export")).StatusCode);
        }

        foreach (var writer in new[] { staff, manager, key })
        {
            await AssertProblemAsync(await writer.PutAsync($"api/v1/workflows/{id}/draft", Document(WorkflowValidatorTests.TwoApprovals() with { Name = "Mine" })), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
            await AssertProblemAsync(await writer.PostAsync($"api/v1/workflows/{id}/publish", null), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
            await AssertProblemAsync(await writer.PostAsync("api/v1/workflows/import", Document(WorkflowValidatorTests.TwoApprovals())), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
            await AssertProblemAsync(await writer.PostAsJsonAsync("api/v1/workflows", new { name = "Mine" }), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        }

        Assert.Equal(before, await StoredAsync());
    }

    [Fact]
    public async Task Another_tenant_can_neither_see_read_change_publish_nor_export_a_workflow()
    {
        using var admin = await app.SignedInAsync(Acme, "admin@acme.test");
        var id = await ImportAsync(admin, WorkflowValidatorTests.TwoApprovals());
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"api/v1/workflows/{id}/publish", null)).StatusCode);
        using var globex = await app.SignedInAsync("http://globex.localhost/", "admin@globex.test");
        var before = await StoredAsync();

        var listed = await (await globex.GetAsync("api/v1/workflows?pageSize=100")).JsonAsync();
        Assert.DoesNotContain(listed.GetProperty("items").EnumerateArray(), w => w.GetProperty("id").GetString() == id);
        await AssertProblemAsync(await globex.GetAsync($"api/v1/workflows/{id}/draft"), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await AssertProblemAsync(await globex.PutAsync($"api/v1/workflows/{id}/draft", Document(WorkflowValidatorTests.TwoApprovals())), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await AssertProblemAsync(await globex.PostAsync($"api/v1/workflows/{id}/publish", null), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await AssertProblemAsync(await globex.GetAsync($"api/v1/workflows/{id}/versions"), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await AssertProblemAsync(await globex.GetAsync($"api/v1/workflows/{id}/versions/1"), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await AssertProblemAsync(await globex.GetAsync($"api/v1/workflows/{id}/export"), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        Assert.Equal(before, await StoredAsync());
    }

    [Fact]
    public async Task Bad_or_oversized_documents_are_400_with_a_clear_message_and_write_nothing()
    {
        using var admin = await app.SignedInAsync(Acme, "admin@acme.test");
        var id = await ImportAsync(admin, WorkflowValidatorTests.TwoApprovals());
        var before = await StoredAsync();
        var oversized = $$"""{ "name": "x", "description": "{{new string('x', WorkflowJson.MaxLength)}}" }""";

        foreach (var send in new Func<HttpContent, Task<HttpResponseMessage>>[]
        {
            body => admin.PutAsync($"api/v1/workflows/{id}/draft", body),
            body => admin.PostAsync("api/v1/workflows/import", body),
        })
        {
            var broken = await send(Json("""{ "name": "x", "steps": [ """));
            await AssertProblemAsync(broken, HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
            var where = Assert.Single((await broken.JsonAsync()).GetProperty("errors").EnumerateObject());
            Assert.Contains("not valid JSON of the workflow format at line 1", where.Value[0].GetString(), StringComparison.Ordinal);

            var misspelt = await send(Json("""{ "name": "x", "steps": [ { "id": "a", "type": "end", "templat": "x" } ] }"""));
            await AssertProblemAsync(misspelt, HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
            Assert.True((await misspelt.JsonAsync()).GetProperty("errors").TryGetProperty("steps[0].templat", out _));

            var tooLarge = await send(Json(oversized));
            await AssertProblemAsync(tooLarge, HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
            Assert.Contains("larger than 256 KB", (await tooLarge.JsonAsync()).GetProperty("errors").GetProperty("body")[0].GetString(), StringComparison.Ordinal);

            await AssertProblemAsync(await send(Json("""{ "name": "", "formatVersion": 2 }""")), HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
            await AssertProblemAsync(await send(new StringContent("{}", Encoding.UTF8, "text/plain")), HttpStatusCode.UnsupportedMediaType, ErrorCodes.UnsupportedMediaType);
        }

        Assert.Equal(before, await StoredAsync());
    }
}

public sealed class SqliteWorkflowHttpTests(SqliteWorkflowHttpTests.App app) : WorkflowHttpTests(app), IClassFixture<SqliteWorkflowHttpTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);
}

/// <summary>The same in the Development and Production environments, where error pages and problem details differ.</summary>
public sealed class DevelopmentWorkflowHttpTests(EnvironmentApp.Development app) : WorkflowHttpTests(app), IClassFixture<EnvironmentApp.Development>;

public sealed class ProductionWorkflowHttpTests(EnvironmentApp.Production app) : WorkflowHttpTests(app), IClassFixture<EnvironmentApp.Production>;
