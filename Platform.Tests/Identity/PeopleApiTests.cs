using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Errors;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Seeding;
using Platform.Tests.Support;

namespace Platform.Tests.Identity;

/// <summary>Tenant isolation and input checks of the people API, through HTTP, on each real database.</summary>
public abstract class PeopleApiTests(PlatformAppFactory app)
{
    [Fact]
    public async Task Acme_admin_sees_only_acmes_people()
    {
        using var acme = await app.SignedInAsync("http://acme.localhost/", "admin@acme.test");
        using var json = await GetJsonAsync(acme, "api/v1/people?pageSize=100");
        var people = json.RootElement.GetProperty("items").EnumerateArray().ToList();
        var names = people.Select(p => p.GetProperty("displayName").GetString()).ToList();

        Assert.Contains("Alice Admin", names);
        Assert.Contains("Carla Customer", names);
        Assert.DoesNotContain("Carla Kunde", names); // the same e-mail at globex is another account
        Assert.DoesNotContain(people, p => p.GetProperty("email").GetString()!.EndsWith("@globex.test", StringComparison.Ordinal));
        Assert.Equal(people.Count, json.RootElement.GetProperty("total").GetInt32());
        var alice = people.Single(p => p.GetProperty("displayName").GetString() == "Alice Admin");
        Assert.Equal(["TenantAdmin"], alice.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task People_are_paged_searched_and_filtered_by_role()
    {
        using var acme = await app.SignedInAsync("http://acme.localhost/", "manager@acme.test");
        using (var page = await GetJsonAsync(acme, "api/v1/people?page=2&pageSize=2"))
        {
            Assert.Equal(2, page.RootElement.GetProperty("items").GetArrayLength());
            Assert.True(page.RootElement.GetProperty("total").GetInt32() >= 7);
        }

        using (var search = await GetJsonAsync(acme, "api/v1/people?search=rIVER"))
        {
            Assert.Equal("Sam Rivera", Assert.Single(search.RootElement.GetProperty("items").EnumerateArray()).GetProperty("displayName").GetString());
        }

        using var staff = await GetJsonAsync(acme, "api/v1/people?role=Staff&pageSize=100");
        Assert.Equal(["Jo Chen", "Sam Rivera"], staff.RootElement.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("displayName").GetString()).Order());
    }

    [Fact]
    public async Task Invitations_are_the_tenants_own_and_another_tenants_id_is_not_found()
    {
        using var globex = await app.SignedInAsync("http://globex.localhost/", "admin@globex.test");
        var globexInvitation = await InviteAsync(globex, new { email = $"g-{Guid.NewGuid():N}@example.com", displayName = "Globex Guest", role = "Staff" });

        using var acme = await app.SignedInAsync("http://acme.localhost/", "admin@acme.test");
        using (var list = await GetJsonAsync(acme, "api/v1/invitations"))
        {
            Assert.DoesNotContain(list.RootElement.EnumerateArray(), i => i.GetProperty("id").GetGuid() == globexInvitation);
        }

        var delete = await acme.DeleteAsync($"api/v1/invitations/{globexInvitation}");
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Equal(ErrorCodes.NotFound, await CodeAsync(delete));

        using var stillOpen = await GetJsonAsync(globex, "api/v1/invitations");
        Assert.Contains(stillOpen.RootElement.EnumerateArray(), i => i.GetProperty("id").GetGuid() == globexInvitation);
    }

    [Fact]
    public async Task An_admin_revokes_an_open_invitation_once()
    {
        using var acme = await app.SignedInAsync("http://acme.localhost/", "admin@acme.test");
        var id = await InviteAsync(acme, new { email = $"r-{Guid.NewGuid():N}@example.com", displayName = "Revoked Rita", role = "Staff" });

        Assert.Equal(HttpStatusCode.NoContent, (await acme.DeleteAsync($"api/v1/invitations/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await acme.DeleteAsync($"api/v1/invitations/{id}")).StatusCode);
        using var list = await GetJsonAsync(acme, "api/v1/invitations");
        Assert.DoesNotContain(list.RootElement.EnumerateArray(), i => i.GetProperty("id").GetGuid() == id);
    }

    [Fact]
    public async Task A_tenant_id_in_the_body_is_ignored_and_the_invitation_is_the_callers_tenants()
    {
        var globexId = await app.TenantIdAsync("globex");
        var acmeId = await app.TenantIdAsync("acme");
        var email = $"t-{Guid.NewGuid():N}@example.com";
        using var acme = await app.SignedInAsync("http://acme.localhost/", "admin@acme.test");
        var id = await InviteAsync(acme, new { email, displayName = "Tenant Hopper", role = "Staff", tenantId = globexId });

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var stored = await db.StaffInvitations.IgnoreQueryFilters().Where(i => i.Email == email).ToListAsync();
        Assert.Equal(acmeId, Assert.Single(stored).TenantId);
        Assert.Equal(id, stored[0].Id);

        using var globex = await app.SignedInAsync("http://globex.localhost/", "admin@globex.test");
        using var globexList = await GetJsonAsync(globex, "api/v1/invitations");
        Assert.DoesNotContain(globexList.RootElement.EnumerateArray(), i => i.GetProperty("email").GetString() == email);
    }

    [Theory]
    [InlineData("sam@acme.test", HttpStatusCode.Forbidden, HttpStatusCode.Forbidden)]
    [InlineData("manager@acme.test", HttpStatusCode.OK, HttpStatusCode.Forbidden)]
    [InlineData("carla@example.com", HttpStatusCode.Forbidden, HttpStatusCode.Forbidden)]
    public async Task Only_managers_read_and_only_admins_invite(string email, HttpStatusCode read, HttpStatusCode invite)
    {
        using var client = await app.SignedInAsync("http://acme.localhost/", email);
        Assert.Equal(read, (await client.GetAsync("api/v1/people")).StatusCode);
        Assert.Equal(read, (await client.GetAsync("api/v1/invitations")).StatusCode);
        var before = await InvitationCountAsync();
        var post = await client.PostAsJsonAsync("api/v1/invitations", new { email = "x@example.com", displayName = "X", role = "Staff" });
        Assert.Equal(invite, post.StatusCode);
        Assert.Equal(ErrorCodes.Forbidden, await CodeAsync(post));
        Assert.Equal(HttpStatusCode.Forbidden, (await client.DeleteAsync($"api/v1/invitations/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(before, await InvitationCountAsync());
    }

    [Fact]
    public async Task Anonymous_callers_get_401()
    {
        using var client = app.CreateClientFor("http://acme.localhost/");
        var people = await client.GetAsync("api/v1/people");
        Assert.Equal(HttpStatusCode.Unauthorized, people.StatusCode);
        Assert.Equal(ErrorCodes.Unauthorized, await CodeAsync(people));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("api/v1/invitations")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("api/v1/invitations", new { email = "a@example.com", displayName = "A", role = "Staff" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.DeleteAsync($"api/v1/invitations/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task An_acme_sign_in_is_anonymous_at_globexs_api()
    {
        using var client = app.CreateClientFor("http://localhost/");
        Assert.True(await client.SignInAsync("admin@acme.test", DemoAccounts.Password, prefix: "t/acme/"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("t/acme/api/v1/people")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("t/globex/api/v1/people")).StatusCode);
    }

    [Theory]
    [InlineData("not-an-email", "Valid Name", "Staff", "email")]
    [InlineData("valid@example.com", "Valid Name", "Owner", "role")]
    [InlineData("valid@example.com", "Valid Name", "Customer", "role")]
    [InlineData("valid@example.com", "", "Staff", "displayName")]
    [InlineData("valid@example.com", null, "Staff", "displayName")]
    [InlineData("admin@acme.test", "Already Here", "Staff", "email")]
    public async Task Bad_invitations_are_400_problems_and_write_nothing(string email, string? displayName, string role, string field)
    {
        using var acme = await app.SignedInAsync("http://acme.localhost/", "admin@acme.test");
        var before = await InvitationCountAsync();
        var mails = Mailbox.To(app.MailFolder, email).Count;

        var response = await acme.PostAsJsonAsync("api/v1/invitations", new { email, displayName, role });

        await AssertValidationProblemAsync(response, field);
        Assert.Equal(before, await InvitationCountAsync());
        Assert.Equal(mails, Mailbox.To(app.MailFolder, email).Count);
    }

    [Fact]
    public async Task An_over_long_name_is_a_400_problem()
    {
        using var acme = await app.SignedInAsync("http://acme.localhost/", "admin@acme.test");
        var before = await InvitationCountAsync();
        var response = await acme.PostAsJsonAsync("api/v1/invitations", new { email = "long@example.com", displayName = new string('n', 121), role = "Staff" });
        await AssertValidationProblemAsync(response, "displayName");
        Assert.Equal(before, await InvitationCountAsync());
    }

    [Fact]
    public async Task All_problems_of_an_invitation_are_reported_at_once()
    {
        using var acme = await app.SignedInAsync("http://acme.localhost/", "admin@acme.test");
        var response = await acme.PostAsJsonAsync("api/v1/invitations", new { email = "nope", displayName = "", role = "King" });
        using var json = await AssertValidationProblemAsync(response, "email");
        var errors = json.RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("displayName", out _));
        Assert.True(errors.TryGetProperty("role", out _));
    }

    [Theory]
    [InlineData("api/v1/people?pageSize=1000", "pageSize")]
    [InlineData("api/v1/people?pageSize=0", "pageSize")]
    [InlineData("api/v1/people?page=0", "page")]
    [InlineData("api/v1/people?role=HostAdmin", "role")]
    [InlineData("api/v1/people?role=Owner", "role")]
    public async Task Bad_people_queries_are_400_problems(string path, string field)
    {
        using var acme = await app.SignedInAsync("http://acme.localhost/", "manager@acme.test");
        (await AssertValidationProblemAsync(await acme.GetAsync(path), field)).Dispose();
    }

    private static async Task<JsonDocument> AssertValidationProblemAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(ErrorCodes.ValidationFailed, json.RootElement.GetProperty("code").GetString());
        Assert.True(json.RootElement.GetProperty("errors").TryGetProperty(field, out var messages), $"No error for {field}: {json.RootElement}");
        Assert.Contains(messages.EnumerateArray(), m => !string.IsNullOrWhiteSpace(m.GetString()));
        return json;
    }


    private static async Task<JsonDocument> GetJsonAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private static async Task<Guid> InviteAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("api/v1/invitations", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("id").GetGuid();
    }

    private static async Task<string?> CodeAsync(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("code").GetString();
    }

    private async Task<int> InvitationCountAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().StaffInvitations.IgnoreQueryFilters().CountAsync();
    }
}

public sealed class PeopleApiSqliteTests(PeopleApiSqliteTests.App app) : PeopleApiTests(app), IClassFixture<PeopleApiSqliteTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);
}

public sealed class PeopleApiPostgresTests(PeopleApiPostgresTests.App app) : PeopleApiTests(app), IClassFixture<PeopleApiPostgresTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Postgres);
}
