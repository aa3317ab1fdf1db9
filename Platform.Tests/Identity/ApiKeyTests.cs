using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Errors;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Identity;
using Platform.Infrastructure.Seeding;
using Platform.Infrastructure.Tenancy;
using Platform.Tests.Support;

namespace Platform.Tests.Identity;

/// <summary>API keys through HTTP on each real database: the key decides the tenant, and nothing crosses tenants.</summary>
public abstract class ApiKeyTests(PlatformAppFactory app)
{
    [Fact]
    public async Task A_key_reaches_its_own_tenant_at_an_address_without_a_tenant()
    {
        using var client = KeyClient("http://localhost/", DemoAccounts.ApiKeys["acme"]);

        using (var tenant = await GetJsonAsync(client, "api/v1/tenant"))
        {
            Assert.Equal("acme", tenant.RootElement.GetProperty("slug").GetString());
        }

        using var people = await GetJsonAsync(client, "api/v1/people?pageSize=100");
        var names = people.RootElement.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("displayName").GetString()).ToList();
        Assert.Contains("Alice Admin", names);
        Assert.DoesNotContain("Greta Admin", names);
        Assert.DoesNotContain("Carla Kunde", names);
    }

    [Theory]
    [InlineData("http://acme.localhost/")]
    [InlineData("http://localhost/t/acme/")]
    public async Task A_key_also_works_at_its_own_tenants_address(string address)
    {
        using var client = KeyClient(address, DemoAccounts.ApiKeys["acme"]);
        using var tenant = await GetJsonAsync(client, "api/v1/tenant");
        Assert.Equal("acme", tenant.RootElement.GetProperty("slug").GetString());
    }

    [Theory]
    [InlineData("http://globex.localhost/")]
    [InlineData("http://localhost/t/globex/")]
    public async Task A_key_at_another_tenants_address_is_401_without_a_hint(string address)
    {
        using var client = KeyClient(address, DemoAccounts.ApiKeys["acme"]);
        foreach (var path in new[] { "api/v1/tenant", "api/v1/people" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal(ErrorCodes.Unauthorized, Code(body));
            Assert.DoesNotContain("acme", body, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task A_key_outranks_a_sign_in_cookie_and_does_not_borrow_its_roles()
    {
        var narrow = await CreateKeyAsync("acme", [ApiKeyScopes.BookingsRead]);
        using var client = app.CreateClientFor("http://acme.localhost/");
        Assert.True(await client.SignInAsync("admin@acme.test", DemoAccounts.Password));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("api/v1/people")).StatusCode);

        client.DefaultRequestHeaders.Add("X-Api-Key", narrow);
        var response = await client.GetAsync("api/v1/people");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("api/v1/api-keys")).StatusCode);
    }

    [Fact]
    public async Task Unknown_revoked_and_expired_keys_are_401_invalid_api_key()
    {
        var revoked = await CreateKeyAsync("acme", ApiKeyScopes.All);
        var revokedId = await KeyIdAsync("acme", revoked);
        Assert.True((await app.InTenantAsync("acme", sp => sp.GetRequiredService<ApiKeys>().RevokeAsync(revokedId))).Succeeded);

        var expired = await CreateKeyAsync("acme", ApiKeyScopes.All);
        var expiredId = await KeyIdAsync("acme", expired);
        await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().ApiKeys.Where(k => k.Id == expiredId)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1))));

        var unknown = "pk_" + new string('x', 43);
        foreach (var secret in new[] { unknown, revoked, expired, "not-a-key" })
        {
            using var client = KeyClient("http://localhost/", secret);
            foreach (var path in new[] { "api/v1/tenant", "api/v1/people" })
            {
                var response = await client.GetAsync(path);
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
                Assert.Equal(ErrorCodes.InvalidApiKey, Code(await response.Content.ReadAsStringAsync()));
            }
        }
    }

    [Fact]
    public async Task A_key_without_people_read_gets_403_on_people()
    {
        var secret = await CreateKeyAsync("acme", [ApiKeyScopes.BookingsRead, ApiKeyScopes.CatalogRead]);
        using var client = KeyClient("http://localhost/", secret);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("api/v1/tenant")).StatusCode);
        var people = await client.GetAsync("api/v1/people");
        Assert.Equal(HttpStatusCode.Forbidden, people.StatusCode);
        Assert.Equal(ErrorCodes.Forbidden, Code(await people.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task A_key_cannot_call_endpoints_that_name_no_scope()
    {
        using var client = KeyClient("http://localhost/", DemoAccounts.ApiKeys["acme"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("api/v1/invitations")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("api/v1/api-keys")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("api/v1/invitations", new { email = "k@example.com", displayName = "K", role = "Staff" })).StatusCode);
    }

    [Fact]
    public async Task A_key_of_a_tenant_whose_plan_lacks_api_access_is_403_feature_not_in_plan()
    {
        var slug = await CreateFreeTenantAsync();
        var secret = await CreateKeyAsync(slug, ApiKeyScopes.All);
        using var client = KeyClient("http://localhost/", secret);

        var response = await client.GetAsync("api/v1/tenant");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(ErrorCodes.FeatureNotInPlan, json.RootElement.GetProperty("code").GetString());
        Assert.Equal("ApiAccess", json.RootElement.GetProperty("feature").GetString());
    }

    [Fact]
    public async Task An_admin_creates_lists_and_revokes_keys_and_the_secret_is_shown_once()
    {
        using var admin = await app.SignedInAsync("http://acme.localhost/", "admin@acme.test");
        var create = await admin.PostAsJsonAsync("api/v1/api-keys", new { name = "Reporting", scopes = new[] { "people:read" } });
        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        using var created = JsonDocument.Parse(await create.Content.ReadAsStringAsync());
        var secret = created.RootElement.GetProperty("secret").GetString()!;
        var id = created.RootElement.GetProperty("key").GetProperty("id").GetGuid();
        Assert.Matches("^pk_[A-Za-z0-9_-]{43}$", secret);
        Assert.Equal(secret[..10], created.RootElement.GetProperty("key").GetProperty("prefix").GetString());

        using (var keyClient = KeyClient("http://localhost/", secret))
        {
            Assert.Equal(HttpStatusCode.OK, (await keyClient.GetAsync("api/v1/people")).StatusCode);
        }

        var listBody = await (await admin.GetAsync("api/v1/api-keys")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(secret, listBody, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKeys.Hash(secret), listBody, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\"hash\"", listBody, StringComparison.OrdinalIgnoreCase);
        using (var list = JsonDocument.Parse(listBody))
        {
            var row = list.RootElement.EnumerateArray().Single(k => k.GetProperty("id").GetGuid() == id);
            Assert.Equal("active", row.GetProperty("status").GetString());
            Assert.Equal(["people:read"], row.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
            Assert.False(row.TryGetProperty("secret", out _));
        }

        // Only the hash is stored.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().ApiKeys.IgnoreQueryFilters().SingleAsync(k => k.Id == id);
            Assert.Equal(ApiKeys.Hash(secret), stored.Hash);
            Assert.NotEqual(secret, stored.Hash);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"api/v1/api-keys/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"api/v1/api-keys/{id}")).StatusCode);
        using var revokedClient = KeyClient("http://localhost/", secret);
        Assert.Equal(HttpStatusCode.Unauthorized, (await revokedClient.GetAsync("api/v1/tenant")).StatusCode);
    }

    [Theory]
    [InlineData("", "people:read", "name")]
    [InlineData("Unknown scope", "people:admin", "scopes")]
    [InlineData("A name longer than eighty characters, which is more than anyone needs to say who uses a key", "people:read", "name")]
    [InlineData("No scopes", null, "scopes")]
    public async Task Bad_keys_are_400_problems(string name, string? scope, string field)
    {
        using var admin = await app.SignedInAsync("http://acme.localhost/", "admin@acme.test");
        var response = await admin.PostAsJsonAsync("api/v1/api-keys", new { name, scopes = scope is null ? Array.Empty<string>() : [scope] });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(json.RootElement.GetProperty("errors").TryGetProperty(field, out _), json.RootElement.ToString());

        var past = await admin.PostAsJsonAsync("api/v1/api-keys", new { name = "Past", scopes = new[] { "people:read" }, expiresAt = DateTimeOffset.UtcNow.AddDays(-1) });
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
    }

    [Fact]
    public async Task Another_tenants_keys_are_neither_listed_nor_revocable()
    {
        var acmeSecret = await CreateKeyAsync("acme", ApiKeyScopes.All);
        var acmeKey = await KeyIdAsync("acme", acmeSecret);

        using var globex = await app.SignedInAsync("http://globex.localhost/", "admin@globex.test");
        using (var list = JsonDocument.Parse(await (await globex.GetAsync("api/v1/api-keys")).Content.ReadAsStringAsync()))
        {
            Assert.DoesNotContain(list.RootElement.EnumerateArray(), k => k.GetProperty("id").GetGuid() == acmeKey);
        }

        var revoke = await globex.DeleteAsync($"api/v1/api-keys/{acmeKey}");
        Assert.Equal(HttpStatusCode.NotFound, revoke.StatusCode);
        Assert.Equal(ErrorCodes.NotFound, Code(await revoke.Content.ReadAsStringAsync()));

        using var stillWorks = KeyClient("http://localhost/", acmeSecret);
        Assert.Equal(HttpStatusCode.OK, (await stillWorks.GetAsync("api/v1/people")).StatusCode);
    }

    [Fact]
    public async Task Only_tenant_admins_manage_keys()
    {
        using var manager = await app.SignedInAsync("http://acme.localhost/", "manager@acme.test");
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.GetAsync("api/v1/api-keys")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.PostAsJsonAsync("api/v1/api-keys", new { name = "M", scopes = new[] { "people:read" } })).StatusCode);
        using var anonymous = app.CreateClientFor("http://acme.localhost/");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("api/v1/api-keys")).StatusCode);
    }

    [Fact]
    public async Task Last_use_is_recorded_at_most_once_a_minute()
    {
        var secret = await CreateKeyAsync("acme", ApiKeyScopes.All);
        var id = await KeyIdAsync("acme", secret);
        using var client = KeyClient("http://localhost/", secret);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("api/v1/tenant")).StatusCode);
        var first = await LastUsedAsync(id);
        Assert.NotNull(first);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("api/v1/tenant")).StatusCode);
        Assert.Equal(first, await LastUsedAsync(id));
    }

    protected HttpClient KeyClient(string address, string secret)
    {
        var client = app.CreateClientFor(address);
        client.DefaultRequestHeaders.TryAddWithoutValidation("X-Api-Key", secret);
        return client;
    }

    private async Task<string> CreateKeyAsync(string slug, IReadOnlyCollection<string> scopes)
    {
        var outcome = await app.InTenantAsync(slug, sp => sp.GetRequiredService<ApiKeys>().CreateAsync(new CreateApiKey($"Test {Guid.NewGuid():N}", scopes)));
        Assert.True(outcome.Succeeded);
        return outcome.Value!.Secret;
    }

    private Task<Guid> KeyIdAsync(string slug, string secret) =>
        app.InTenantAsync(slug, sp => sp.GetRequiredService<PlatformDbContext>().ApiKeys.Where(k => k.Hash == ApiKeys.Hash(secret)).Select(k => k.Id).SingleAsync());

    private async Task<DateTimeOffset?> LastUsedAsync(Guid id)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().ApiKeys.IgnoreQueryFilters().AsNoTracking()
            .Where(k => k.Id == id).Select(k => k.LastUsedAt).SingleAsync();
    }

    private async Task<string> CreateFreeTenantAsync()
    {
        var slug = $"free{Guid.NewGuid():N}"[..20];
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreateHost();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        db.Tenants.Add(new Tenant { Slug = slug, Name = "Free Florist", Plan = PlanTier.Free, CreatedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
        return slug;
    }


    private static async Task<JsonDocument> GetJsonAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body);
    }

    private static string? Code(string body)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("code").GetString();
    }
}

public sealed class ApiKeySqliteTests(ApiKeySqliteTests.App app) : ApiKeyTests(app), IClassFixture<ApiKeySqliteTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);
}

public sealed class ApiKeyPostgresTests(ApiKeyPostgresTests.App app) : ApiKeyTests(app), IClassFixture<ApiKeyPostgresTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Postgres);
}
