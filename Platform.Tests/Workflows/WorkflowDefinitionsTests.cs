using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Access;
using Platform.Core.Common;
using Platform.Core.Errors;
using Platform.Core.Workflows;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Identity;
using Platform.Infrastructure.Workflows;
using Platform.Tests.Support;

namespace Platform.Tests.Workflows;

/// <summary>
/// The definitions use case on a real database: drafts are saved whole or not at all, publishing makes version n+1
/// and leaves earlier versions as they were, a refused publish lists every problem by step and changes nothing, and
/// only admins change while managers read.
/// </summary>
public abstract class WorkflowDefinitionsTests(PlatformAppFactory app)
{
    private static readonly Actor Admin = Actor.TenantAdmin(Guid.NewGuid());

    private Task<T> AsAsync<T>(Actor actor, Func<WorkflowDefinitions, Task<T>> work, string slug = "acme") =>
        app.AsActorAsync(slug, actor, sp => work(sp.GetRequiredService<WorkflowDefinitions>()));

    private async Task<Guid> ImportAsync(WorkflowDefinition definition, string slug = "acme")
    {
        var outcome = await AsAsync(Admin, d => d.ImportAsync(WorkflowJson.Write(definition)), slug);
        Assert.True(outcome.Succeeded, string.Join(" ", outcome.Errors.SelectMany(e => e.Value)));
        return outcome.Value!.Workflow.Id;
    }

    private Task<(int Versions, string Draft, int Latest)> StoredAsync(Guid id) => app.InTenantAsync("acme", async sp =>
    {
        var db = sp.GetRequiredService<PlatformDbContext>();
        var workflow = await db.Workflows.AsNoTracking().SingleAsync(w => w.Id == id);
        return (await db.WorkflowVersions.CountAsync(v => v.WorkflowId == id), workflow.DraftJson, workflow.LatestVersion);
    });

    [Fact]
    public async Task Publishing_makes_version_n_plus_1_and_leaves_earlier_versions_unchanged()
    {
        var first = WorkflowValidatorTests.TwoApprovals();
        var id = await ImportAsync(first);

        var v1 = await AsAsync(Admin, d => d.PublishAsync(id));
        Assert.Equal(1, v1.Value!.Number);
        Assert.Equal(Admin.UserId, v1.Value.PublishedBy);

        var second = first with { Name = "Two managers approve, renamed", Description = "Now with a description." };
        Assert.True((await AsAsync(Admin, d => d.SaveDraftAsync(id, WorkflowJson.Write(second)))).Succeeded);
        var v2 = await AsAsync(Admin, d => d.PublishAsync(id));
        Assert.Equal(2, v2.Value!.Number);

        var one = await AsAsync(Admin, d => d.GetVersionAsync(id, 1));
        Assert.Equal(WorkflowJson.Write(first), WorkflowJson.Write(one.Value!.Definition));
        var two = await AsAsync(Admin, d => d.GetVersionAsync(id, 2));
        Assert.Equal("Two managers approve, renamed", two.Value!.Definition.Name);
        var listed = await AsAsync(Admin, d => d.ListVersionsAsync(id, PageRequest.First));
        Assert.Equal([2, 1], listed.Value!.Items.Select(v => v.Number));
        Assert.Equal((2, 2), ((await StoredAsync(id)).Versions, (await StoredAsync(id)).Latest));
        Assert.Equal(ErrorCodes.NotFound, (await AsAsync(Admin, d => d.GetVersionAsync(id, 3))).Code);
    }

    [Fact]
    public async Task A_refused_publish_lists_every_problem_by_step_and_changes_nothing()
    {
        var valid = WorkflowValidatorTests.TwoApprovals();
        var id = await ImportAsync(valid);
        Assert.True((await AsAsync(Admin, d => d.PublishAsync(id))).Succeeded);
        var broken = valid with
        {
            Steps = [.. valid.Steps.Select(s => s.Id == "tell" ? s with { Template = "no.such" } : s), new() { Id = "orphan", Type = WorkflowStepTypes.End }],
        };
        Assert.True((await AsAsync(Admin, d => d.SaveDraftAsync(id, WorkflowJson.Write(broken)))).Succeeded);
        var before = await StoredAsync(id);

        var refused = await AsAsync(Admin, d => d.PublishAsync(id));

        Assert.Equal(WorkflowDefinitions.InvalidDefinition, refused.Code);
        Assert.Contains("no.such", Assert.Single(refused.Errors["steps[tell]"]), StringComparison.Ordinal);
        Assert.Single(refused.Errors["steps[orphan]"]);
        Assert.Equal(before, await StoredAsync(id));
        Assert.Equal(1, before.Latest);
    }

    [Fact]
    public async Task A_draft_may_be_incomplete_but_must_be_readable()
    {
        var id = (await AsAsync(Admin, d => d.CreateAsync("Half done", null))).Value!.Workflow.Id;
        var before = await StoredAsync(id);

        var unreadable = await AsAsync(Admin, d => d.SaveDraftAsync(id, """{ "name": "x", "steps": [ { "id": 5 } ] }"""));
        Assert.Equal(ErrorCodes.ValidationFailed, unreadable.Code);
        Assert.Contains("steps[0].id", unreadable.Errors.Keys);
        var nameless = await AsAsync(Admin, d => d.SaveDraftAsync(id, """{ "name": " " }"""));
        Assert.Contains("name", nameless.Errors.Keys);
        var tooLarge = await AsAsync(Admin, d => d.SaveDraftAsync(id, $$"""{ "name": "x", "description": "{{new string('x', WorkflowJson.MaxLength)}}" }"""));
        Assert.Contains("at most", Assert.Single(tooLarge.Errors[WorkflowJson.BodyField]), StringComparison.Ordinal);
        Assert.Equal(before, await StoredAsync(id));

        var incomplete = await AsAsync(Admin, d => d.SaveDraftAsync(id, """{ "name": "Half done", "trigger": { "type": "manual" }, "steps": [ { "id": "a", "type": "sendEmail" } ] }"""));
        Assert.True(incomplete.Succeeded);
        Assert.Equal("manual", incomplete.Value!.Workflow.TriggerType);
        Assert.Equal(WorkflowDefinitions.InvalidDefinition, (await AsAsync(Admin, d => d.PublishAsync(id))).Code);
    }

    [Fact]
    public async Task Export_gives_a_document_that_imports_as_a_new_workflow()
    {
        var id = await ImportAsync(WorkflowValidatorTests.TwoApprovals());
        var exported = (await AsAsync(Admin, d => d.ExportAsync(id))).Value!;

        var copy = await AsAsync(Admin, d => d.ImportAsync(exported));

        Assert.NotEqual(id, copy.Value!.Workflow.Id);
        Assert.Equal(exported, WorkflowJson.Write(copy.Value.Definition));
    }

    public static TheoryData<string> Readers => new() { "manager", "integration" };

    [Theory]
    [MemberData(nameof(Readers))]
    public async Task Managers_and_keys_with_the_scope_read_but_do_not_change(string who)
    {
        var actor = who == "manager" ? Actor.Manager(Guid.NewGuid()) : Actor.Integration(Guid.NewGuid(), [ApiKeyScopes.WorkflowsRead]);
        var id = await ImportAsync(WorkflowValidatorTests.TwoApprovals());
        var before = await StoredAsync(id);

        Assert.True((await AsAsync(actor, d => d.GetDraftAsync(id))).Succeeded);
        Assert.True((await AsAsync(actor, d => d.ListAsync(PageRequest.First))).Succeeded);
        Assert.True((await AsAsync(actor, d => d.ExportAsync(id))).Succeeded);
        Assert.Equal(ErrorCodes.Forbidden, (await AsAsync(actor, d => d.PublishAsync(id))).Code);
        Assert.Equal(ErrorCodes.Forbidden, (await AsAsync(actor, d => d.SaveDraftAsync(id, WorkflowJson.Write(WorkflowValidatorTests.TwoApprovals() with { Name = "Mine" })))).Code);
        Assert.Equal(ErrorCodes.Forbidden, (await AsAsync(actor, d => d.CreateAsync("Mine", null))).Code);
        Assert.Equal(before, await StoredAsync(id));
    }

    public static TheoryData<string> Outsiders => new() { "staff", "customer", "anonymous", "integration without the scope" };

    [Theory]
    [MemberData(nameof(Outsiders))]
    public async Task Staff_customers_and_others_neither_read_nor_change(string who)
    {
        var actor = who switch
        {
            "staff" => Actor.Staff(Guid.NewGuid()),
            "customer" => Actor.Customer(Guid.NewGuid()),
            "anonymous" => Actor.Anonymous,
            _ => Actor.Integration(Guid.NewGuid(), [ApiKeyScopes.BookingsRead]),
        };
        var id = await ImportAsync(WorkflowValidatorTests.TwoApprovals());

        Assert.Equal(ErrorCodes.Forbidden, (await AsAsync(actor, d => d.GetDraftAsync(id))).Code);
        Assert.Equal(ErrorCodes.Forbidden, (await AsAsync(actor, d => d.ListAsync(PageRequest.First))).Code);
        Assert.Equal(ErrorCodes.Forbidden, (await AsAsync(actor, d => d.ListVersionsAsync(id, PageRequest.First))).Code);
        Assert.Equal(ErrorCodes.Forbidden, (await AsAsync(actor, d => d.PublishAsync(id))).Code);
        Assert.Equal(ErrorCodes.Forbidden, (await AsAsync(actor, d => d.ImportAsync("{}"))).Code);
    }

    [Fact]
    public async Task Another_tenants_workflow_is_not_found()
    {
        var id = await ImportAsync(WorkflowValidatorTests.TwoApprovals());
        var before = await StoredAsync(id);

        Assert.Equal(ErrorCodes.NotFound, (await AsAsync(Admin, d => d.GetDraftAsync(id), "globex")).Code);
        Assert.Equal(ErrorCodes.NotFound, (await AsAsync(Admin, d => d.PublishAsync(id), "globex")).Code);
        Assert.Equal(ErrorCodes.NotFound, (await AsAsync(Admin, d => d.SaveDraftAsync(id, WorkflowJson.Write(WorkflowValidatorTests.TwoApprovals())), "globex")).Code);
        Assert.Equal(ErrorCodes.NotFound, (await AsAsync(Admin, d => d.ExportAsync(id), "globex")).Code);
        Assert.DoesNotContain((await AsAsync(Admin, d => d.ListAsync(PageRequest.Of(1, 100)), "globex")).Value!.Items, w => w.Id == id);
        Assert.Equal(before, await StoredAsync(id));
    }
}

public sealed class SqliteWorkflowDefinitionsTests(SqliteWorkflowDefinitionsTests.App app) : WorkflowDefinitionsTests(app), IClassFixture<SqliteWorkflowDefinitionsTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);
}

public sealed class PostgresWorkflowDefinitionsTests(PostgresWorkflowDefinitionsTests.App app) : WorkflowDefinitionsTests(app), IClassFixture<PostgresWorkflowDefinitionsTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Postgres);
}
