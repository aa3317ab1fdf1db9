using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Errors;
using Platform.Infrastructure.Identity;
using Platform.Tests.Identity;
using Platform.Tests.Support;

namespace Platform.Tests.Bookings;

/// <summary>Services and providers through the HTTP API and the pages, on each real database: each tenant sees its own only.</summary>
public abstract class CatalogHttpTests(PlatformAppFactory app)
{
    private static readonly string[] GlobexServices = ["Cut & style", "Colour"];
    private static readonly string[] GlobexProviders = ["Lena Vogel", "Tom Weber"];

    [Fact]
    public async Task Acme_staff_see_acmes_services_and_none_of_globexs()
    {
        using var acme = await app.SignedInAsync("http://acme.localhost/", "sam@acme.test");
        using var json = await GetJsonAsync(acme, "api/v1/services?pageSize=100");
        var items = json.RootElement.GetProperty("items").EnumerateArray().ToList();
        var names = items.Select(s => s.GetProperty("name").GetString()).ToList();

        Assert.Contains("Initial assessment", names);
        Assert.Contains("Group mobility class", names);
        Assert.Empty(names.Intersect(GlobexServices));
        var assessment = items.Single(s => s.GetProperty("name").GetString() == "Initial assessment");
        Assert.Equal(95.00m, assessment.GetProperty("price").GetProperty("amount").GetDecimal());
        Assert.Equal("USD", assessment.GetProperty("price").GetProperty("currency").GetString());
        Assert.All(items, s => Assert.False(s.GetProperty("isArchived").GetBoolean()));

        using var one = await GetJsonAsync(acme, $"api/v1/services/{assessment.GetProperty("id").GetGuid()}");
        Assert.Equal(15, one.RootElement.GetProperty("bufferAfterMinutes").GetInt32());
        Assert.Equal(2, one.RootElement.GetProperty("providerIds").GetArrayLength());
    }

    [Fact]
    public async Task Acme_staff_see_acmes_providers_with_weekly_hours_and_none_of_globexs()
    {
        using var acme = await app.SignedInAsync("http://acme.localhost/", "sam@acme.test");
        using var json = await GetJsonAsync(acme, "api/v1/providers?pageSize=100");
        var items = json.RootElement.GetProperty("items").EnumerateArray().ToList();
        var names = items.Select(p => p.GetProperty("displayName").GetString()).ToList();
        Assert.Contains("Sam Rivera", names);
        Assert.Empty(names.Intersect(GlobexProviders));

        var sam = items.Single(p => p.GetProperty("displayName").GetString() == "Sam Rivera").GetProperty("id").GetGuid();
        using var one = await GetJsonAsync(acme, $"api/v1/providers/{sam}");
        var monday = one.RootElement.GetProperty("weeklyHours").EnumerateArray()
            .Where(h => h.GetProperty("day").GetString() == "Monday")
            .Select(h => (h.GetProperty("start").GetString(), h.GetProperty("end").GetString()));
        Assert.Equal([("09:00", "12:00"), ("13:00", "17:00")], monday);
    }

    [Fact]
    public async Task A_globex_id_is_a_404_problem_at_acme()
    {
        using var globex = await app.SignedInAsync("http://globex.localhost/", "manager@globex.test");
        using var services = await GetJsonAsync(globex, "api/v1/services");
        using var providers = await GetJsonAsync(globex, "api/v1/providers");
        var serviceId = services.RootElement.GetProperty("items")[0].GetProperty("id").GetGuid();
        var providerId = providers.RootElement.GetProperty("items")[0].GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await globex.GetAsync($"api/v1/services/{serviceId}")).StatusCode);

        using var acme = await app.SignedInAsync("http://acme.localhost/", "admin@acme.test");
        foreach (var path in new[] { $"api/v1/services/{serviceId}", $"api/v1/providers/{providerId}", $"api/v1/services/{Guid.NewGuid()}" })
        {
            var response = await acme.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(ErrorCodes.NotFound, problem.RootElement.GetProperty("code").GetString());
        }
    }

    [Fact]
    public async Task Customers_and_anonymous_callers_cannot_read_the_catalog()
    {
        using var customer = await app.SignedInAsync("http://acme.localhost/", "carla@example.com");
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync("api/v1/services")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync("api/v1/providers")).StatusCode);
        using var anonymous = app.CreateClientFor("http://acme.localhost/");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("api/v1/services")).StatusCode);
    }

    [Theory]
    [InlineData("api/v1/services")]
    [InlineData("api/v1/providers")]
    public async Task A_key_without_the_catalog_scope_is_refused_and_one_with_it_reads(string path)
    {
        using var narrow = KeyClient("http://acme.localhost/", await CreateKeyAsync("acme", [ApiKeyScopes.BookingsRead, ApiKeyScopes.BookingsWrite, ApiKeyScopes.PeopleRead]));
        var refused = await narrow.GetAsync(path);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        using (var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()))
        {
            Assert.Equal(ErrorCodes.Forbidden, problem.RootElement.GetProperty("code").GetString());
        }

        using var catalog = KeyClient("http://acme.localhost/", await CreateKeyAsync("acme", [ApiKeyScopes.CatalogRead]));
        using var json = await GetJsonAsync(catalog, path);
        Assert.NotEqual(0, json.RootElement.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task An_acme_key_finds_none_of_globexs_services_or_providers()
    {
        var (globexServices, globexProviders) = await app.DemoCatalogAsync("globex");
        using var acme = KeyClient("http://acme.localhost/", await CreateKeyAsync("acme", [ApiKeyScopes.CatalogRead]));

        foreach (var path in new[] { $"api/v1/services/{globexServices["Colour"]}", $"api/v1/providers/{globexProviders["Lena Vogel"]}" })
        {
            var response = await acme.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(ErrorCodes.NotFound, problem.RootElement.GetProperty("code").GetString());
        }

        using var services = await GetJsonAsync(acme, "api/v1/services?pageSize=100&search=colour");
        Assert.Equal(0, services.RootElement.GetProperty("total").GetInt32());
        using var providers = await GetJsonAsync(acme, "api/v1/providers?pageSize=100&search=lena");
        Assert.Equal(0, providers.RootElement.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task The_v1_json_shapes_stay_as_they_were()
    {
        var (services, providers) = await app.DemoCatalogAsync("acme");
        using var sam = await app.SignedInAsync("http://acme.localhost/", "sam@acme.test");

        using var serviceList = await GetJsonAsync(sam, "api/v1/services?pageSize=1");
        Assert.Equal(["items", "total"], Names(serviceList.RootElement));
        Assert.Equal(["id", "name", "durationMinutes", "price", "capacity", "providerCount", "isArchived"], Names(serviceList.RootElement.GetProperty("items")[0]));
        Assert.Equal(["amount", "currency"], Names(serviceList.RootElement.GetProperty("items")[0].GetProperty("price")));
        using var service = await GetJsonAsync(sam, $"api/v1/services/{services["Initial assessment"]}");
        // The fields v1 has always had, in their order; "questions" (intake questions, #11) is the one field added since, at the end.
        Assert.Equal(
            ["id", "name", "description", "durationMinutes", "price", "bufferBeforeMinutes", "bufferAfterMinutes", "capacity", "requiresApproval",
                "minimumNoticeMinutes", "maximumDaysInAdvance", "cancellationWindowHours", "slotIntervalMinutes", "isArchived", "providerIds", "questions"],
            Names(service.RootElement));
        Assert.Equal(["amount", "currency"], Names(service.RootElement.GetProperty("price")));

        using var providerList = await GetJsonAsync(sam, "api/v1/providers?pageSize=1");
        Assert.Equal(["items", "total"], Names(providerList.RootElement));
        Assert.Equal(["id", "displayName", "timeZone", "isActive", "userId", "serviceCount"], Names(providerList.RootElement.GetProperty("items")[0]));
        using var provider = await GetJsonAsync(sam, $"api/v1/providers/{providers["Sam Rivera"]}");
        Assert.Equal(["id", "displayName", "bio", "timeZone", "isActive", "userId", "weeklyHours", "overrides", "timeOff"], Names(provider.RootElement));
        Assert.Equal(["day", "startMinute", "endMinute", "start", "end"], Names(provider.RootElement.GetProperty("weeklyHours")[0]));

        static string[] Names(JsonElement e) => [.. e.EnumerateObject().Select(p => p.Name)];
    }

    [Theory]
    [InlineData("api/v1/services?pageSize=0", "pageSize")]
    [InlineData("api/v1/services?pageSize=101", "pageSize")]
    [InlineData("api/v1/providers?pageSize=1000", "pageSize")]
    [InlineData("api/v1/services?page=-1", "page")]
    [InlineData("api/v1/providers?page=0", "page")]
    public async Task Bad_queries_are_400_problems(string path, string field)
    {
        using var acme = await app.SignedInAsync("http://acme.localhost/", "manager@acme.test");
        var response = await acme.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(json.RootElement.GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal(ErrorCodes.ValidationFailed, json.RootElement.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("app/services")]
    [InlineData("app/services/new")]
    [InlineData("app/providers")]
    [InlineData("app/providers/new")]
    public async Task Staff_cannot_open_the_catalog_pages(string page)
    {
        using var sam = await app.SignedInAsync("http://acme.localhost/", "sam@acme.test");
        var response = await sam.GetAsync(page);
        Assert.Equal("/Account/AccessDenied", Pages.RedirectPath(response, sam));
    }

    [Theory]
    [InlineData("manager@acme.test", true)]
    [InlineData("sam@acme.test", false)]
    public async Task Only_managers_see_services_and_providers_in_the_navigation(string email, bool shown)
    {
        using var client = await app.SignedInAsync("http://acme.localhost/", email);
        var html = await client.GetStringAsync("app");
        Assert.Equal(shown, html.Contains("href=\"app/services\"", StringComparison.Ordinal));
        Assert.Equal(shown, html.Contains("href=\"app/providers\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Managers_open_the_new_service_form_with_the_tenants_currency()
    {
        using var manager = await app.SignedInAsync("http://acme.localhost/", "manager@acme.test");
        var html = WebUtility.HtmlDecode(await manager.GetStringAsync("app/services/new"));
        Assert.Contains("<title>New service · Acme Physiotherapy</title>", html, StringComparison.Ordinal);
        Assert.Contains("Create service", html, StringComparison.Ordinal);
        Assert.Contains("value=\"USD\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_globex_service_page_is_not_found_at_acme()
    {
        var (globex, _) = await app.DemoCatalogAsync("globex");
        var (acme, _) = await app.DemoCatalogAsync("acme");
        using var manager = await app.SignedInAsync("http://acme.localhost/", "manager@acme.test");

        var own = WebUtility.HtmlDecode(await manager.GetStringAsync($"app/services/{acme["Initial assessment"]}"));
        Assert.Contains("<title>Initial assessment · Acme Physiotherapy</title>", own, StringComparison.Ordinal);

        var foreign = WebUtility.HtmlDecode(await manager.GetStringAsync($"app/services/{globex["Colour"]}"));
        Assert.Contains("Service not found", foreign, StringComparison.Ordinal);
        Assert.DoesNotContain("Colour", foreign, StringComparison.Ordinal);
        Assert.DoesNotContain("Lena Vogel", foreign, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_globex_provider_page_is_not_found_at_acme()
    {
        var (_, globex) = await app.DemoCatalogAsync("globex");
        var (_, acme) = await app.DemoCatalogAsync("acme");
        using var manager = await app.SignedInAsync("http://acme.localhost/", "manager@acme.test");

        var own = WebUtility.HtmlDecode(await manager.GetStringAsync($"app/providers/{acme["Sam Rivera"]}"));
        Assert.Contains("<title>Sam Rivera · Acme Physiotherapy</title>", own, StringComparison.Ordinal);
        Assert.Contains("Weekly hours", own, StringComparison.Ordinal);
        Assert.Contains("value=\"13:00\"", own, StringComparison.Ordinal); // after the lunch break

        var foreign = WebUtility.HtmlDecode(await manager.GetStringAsync($"app/providers/{globex["Lena Vogel"]}"));
        Assert.Contains("Provider not found", foreign, StringComparison.Ordinal);
        Assert.DoesNotContain("Lena Vogel", foreign, StringComparison.Ordinal);
        Assert.DoesNotContain("Europe/Berlin", foreign, StringComparison.Ordinal);
    }

    private HttpClient KeyClient(string address, string secret)
    {
        var client = app.CreateClientFor(address);
        client.DefaultRequestHeaders.TryAddWithoutValidation("X-Api-Key", secret);
        return client;
    }

    private async Task<string> CreateKeyAsync(string slug, IReadOnlyCollection<string> scopes)
    {
        var outcome = await app.InTenantAsync(slug, sp => sp.GetRequiredService<ApiKeys>().CreateAsync(new CreateApiKey($"Catalog {Guid.NewGuid():N}", scopes)));
        Assert.True(outcome.Succeeded);
        return outcome.Value!.Secret;
    }

    private static async Task<JsonDocument> GetJsonAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }
}

public sealed class CatalogHttpSqliteTests(CatalogHttpSqliteTests.App app) : CatalogHttpTests(app), IClassFixture<CatalogHttpSqliteTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);
}

public sealed class CatalogHttpPostgresTests(CatalogHttpPostgresTests.App app) : CatalogHttpTests(app), IClassFixture<CatalogHttpPostgresTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Postgres);
}
