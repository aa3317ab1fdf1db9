using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Errors;
using Platform.Infrastructure.Identity;
using Platform.Infrastructure.Seeding;
using Platform.Tests.Support;

namespace Platform.Tests.Api;

/// <summary>Per-key and per-user limits, with small numbers from the RateLimits section.</summary>
public sealed class ApiRateLimitTests(ApiRateLimitTests.App app) : IClassFixture<ApiRateLimitTests.App>
{
    public const int PerKey = 5;
    public const int PerUser = 8;

    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite)
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["RateLimits:ApiKeyPerMinute"] = PerKey.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RateLimits:UserPerMinute"] = PerUser.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    [Fact]
    public async Task The_request_after_a_keys_limit_is_429_with_retry_after_and_other_keys_are_unaffected()
    {
        var first = await CreateKeyAsync("acme");
        using var client = KeyClient(first);
        for (var i = 0; i < PerKey; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("api/v1/tenant")).StatusCode);
        }

        var refused = await client.GetAsync("api/v1/tenant");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        using (var json = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()))
        {
            Assert.Equal(ErrorCodes.TooManyRequests, json.RootElement.GetProperty("code").GetString());
        }

        var retryAfter = Assert.Single(refused.Headers.GetValues("Retry-After"));
        Assert.InRange(int.Parse(retryAfter, System.Globalization.CultureInfo.InvariantCulture), 1, 60);

        // Another key of the same tenant, and a key of another tenant, have buckets of their own.
        using var second = KeyClient(await CreateKeyAsync("acme"));
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("api/v1/tenant")).StatusCode);
        using var globex = KeyClient(await CreateKeyAsync("globex"));
        Assert.Equal(HttpStatusCode.OK, (await globex.GetAsync("api/v1/tenant")).StatusCode);
    }

    [Fact]
    public async Task A_signed_in_user_has_a_more_generous_limit_of_their_own()
    {
        using var client = app.CreateClientFor("http://acme.localhost/");
        Assert.True(await client.SignInAsync("manager@acme.test", DemoAccounts.Password));
        for (var i = 0; i < PerUser; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("api/v1/people")).StatusCode);
        }

        var refused = await client.GetAsync("api/v1/people");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.Contains("Retry-After"));

        using var other = app.CreateClientFor("http://acme.localhost/");
        Assert.True(await other.SignInAsync("admin@acme.test", DemoAccounts.Password));
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("api/v1/people")).StatusCode);
    }

    private HttpClient KeyClient(string secret)
    {
        var client = app.CreateClientFor("http://localhost/");
        client.DefaultRequestHeaders.Add("X-Api-Key", secret);
        return client;
    }

    private async Task<string> CreateKeyAsync(string slug)
    {
        var outcome = await app.InTenantAsync(slug, sp => sp.GetRequiredService<ApiKeys>().CreateAsync(new CreateApiKey("Limited", ApiKeyScopes.All)));
        return outcome.Value!.Secret;
    }
}
