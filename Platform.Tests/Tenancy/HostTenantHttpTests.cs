using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Tenancy;

namespace Platform.Tests.Tenancy;

/// <summary>Host actions are seen by the very next request: the catalog cache is dropped on every write.</summary>
[Collection(HostSqliteCollection.Name)]
public sealed class HostTenantHttpTests(HostSqliteApp app)
{
    [Fact]
    public async Task A_new_tenants_portal_answers_right_after_creation()
    {
        var command = HostTestSupport.NewTenant() with { Name = "Fresh Fitness" };
        using var portal = app.CreateClientFor($"http://{command.Slug}.localhost/");
        // Asked before it exists: the miss is cached, so creation must drop it.
        Assert.Equal(HttpStatusCode.NotFound, (await portal.GetAsync("")).StatusCode);

        Assert.True((await app.CreateTenantAsync(command)).Succeeded);

        var response = await portal.GetAsync("");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Welcome to Fresh Fitness", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var byPath = app.CreateClientFor($"http://localhost/t/{command.Slug}/");
        Assert.Equal(HttpStatusCode.OK, (await byPath.GetAsync("")).StatusCode);
    }

    [Fact]
    public async Task Suspending_closes_the_portal_and_the_api_and_reactivating_opens_them()
    {
        var command = HostTestSupport.NewTenant() with { Name = "Paused Pilates" };
        var id = (await app.CreateTenantAsync(command)).Value!.Id;
        using var portal = app.CreateClientFor($"http://{command.Slug}.localhost/");
        Assert.Equal(HttpStatusCode.OK, (await portal.GetAsync("")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await portal.GetAsync("api/v1/tenant")).StatusCode);

        Assert.True((await app.AdministerAsync((admin, me) => admin.SuspendAsync(id, me))).Succeeded);

        var page = await portal.GetAsync("");
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Contains("Paused Pilates is unavailable", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var api = await portal.GetAsync("api/v1/tenant");
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        var problem = await api.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("tenant.suspended", problem.GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await portal.GetAsync("Account/Login")).StatusCode);

        Assert.True((await app.AdministerAsync((admin, me) => admin.ReactivateAsync(id, me))).Succeeded);

        Assert.Equal(HttpStatusCode.OK, (await portal.GetAsync("")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await portal.GetAsync("api/v1/tenant")).StatusCode);
    }

    [Fact]
    public async Task A_new_name_shows_on_the_next_request()
    {
        var command = HostTestSupport.NewTenant() with { Name = "Old Name Osteo" };
        var id = (await app.CreateTenantAsync(command)).Value!.Id;
        using var portal = app.CreateClientFor($"http://{command.Slug}.localhost/");
        Assert.Contains("<title>Old Name Osteo</title>", await portal.GetStringAsync(""), StringComparison.Ordinal);

        var renamed = await app.AdministerAsync((admin, me) =>
            admin.UpdateAsync(id, new UpdateTenant("New Name Osteo", PlanTier.Premium, "eu-central", "EUR", "Europe/Vienna"), me));
        Assert.True(renamed.Succeeded);

        var html = await portal.GetStringAsync("");
        Assert.Contains("<title>New Name Osteo</title>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Old Name Osteo", html, StringComparison.Ordinal);
        var api = await portal.GetFromJsonAsync<JsonElement>("api/v1/tenant");
        Assert.Equal("New Name Osteo", api.GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_custom_domain_resolves_once_added_and_stops_once_removed()
    {
        var command = HostTestSupport.NewTenant() with { Name = "Domain Dental" };
        var id = (await app.CreateTenantAsync(command)).Value!.Id;
        var host = $"{command.Slug}.example.net";
        using var custom = app.CreateClientFor($"http://{host}/");
        Assert.Equal(HttpStatusCode.NotFound, (await custom.GetAsync("")).StatusCode); // nobody's domain yet

        var added = await app.AdministerAsync((admin, me) => admin.AddDomainAsync(id, host, me));
        Assert.Contains("Welcome to Domain Dental", await custom.GetStringAsync(""), StringComparison.Ordinal);

        await app.AdministerAsync((admin, me) => admin.RemoveDomainAsync(id, added.Value!.Domains.Single().Id, me));
        Assert.Equal(HttpStatusCode.NotFound, (await custom.GetAsync("")).StatusCode);
    }
}
