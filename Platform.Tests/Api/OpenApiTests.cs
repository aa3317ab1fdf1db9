using System.Net;
using System.Text.Json;
using Platform.Tests.Support;

namespace Platform.Tests.Api;

public sealed class OpenApiTests(OpenApiTests.App app) : IClassFixture<OpenApiTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);

    [Fact]
    public async Task The_document_lists_the_api_and_the_api_key_scheme()
    {
        using var client = app.CreateClientFor("http://localhost/");
        var response = await client.GetAsync("openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;

        var paths = root.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/people", paths);
        Assert.Contains("/api/v1/api-keys", paths);
        Assert.All(paths, p => Assert.StartsWith("/api/", p, StringComparison.Ordinal));

        Assert.Contains("people:read", root.GetProperty("paths").GetProperty("/api/v1/people").GetProperty("get").GetProperty("description").GetString(), StringComparison.Ordinal);

        var scheme = root.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal("apiKey", scheme.GetProperty("type").GetString());
        Assert.Equal("header", scheme.GetProperty("in").GetString());
        Assert.Equal("X-Api-Key", scheme.GetProperty("name").GetString());
        Assert.Contains(root.GetProperty("security").EnumerateArray(), r => r.TryGetProperty("ApiKey", out _));
    }

    [Fact]
    public async Task The_reference_page_answers_and_loads_only_its_own_assets()
    {
        using var client = app.CreateClientFor("http://localhost/");
        var page = await client.GetAsync("scalar/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<script src=\"scalar.js\"></script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("cdn.jsdelivr.net", html, StringComparison.Ordinal);

        var script = await client.GetAsync("scalar/scalar.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);

        var redirect = await client.GetAsync("scalar");
        Assert.True(redirect.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect or HttpStatusCode.Found, $"{(int)redirect.StatusCode}");
    }
}
