using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Errors;
using Platform.Infrastructure.Identity;
using Platform.Tests.Support;

namespace Platform.Tests.Api;

/// <summary>Guessing keys: an address that sends too many unusable keys is refused for a while, before any lookup.</summary>
public sealed class InvalidApiKeyThrottleTests(InvalidApiKeyThrottleTests.App app) : IClassFixture<InvalidApiKeyThrottleTests.App>
{
    public const int PerMinute = 4;

    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite)
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["RateLimits:InvalidApiKeysPerMinute"] = PerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    [Fact]
    public async Task After_too_many_unknown_keys_the_address_gets_429_with_retry_after_even_for_a_good_key()
    {
        var good = await app.InTenantAsync("acme", sp => sp.GetRequiredService<ApiKeys>().CreateAsync(new CreateApiKey("Good", ApiKeyScopes.All)));
        using var client = app.CreateClientFor("http://localhost/");

        // A working key spends nothing, however often it is used.
        for (var i = 0; i < PerMinute * 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, good.Value!.Secret)).StatusCode);
        }

        for (var i = 0; i < PerMinute; i++)
        {
            var wrong = await SendAsync(client, $"pk_guess_{i}");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Equal(ErrorCodes.InvalidApiKey, await CodeAsync(wrong));
        }

        // A pause changes nothing: the allowance is for the minute, not refilled bit by bit.
        await Task.Delay(500);
        var refused = await SendAsync(client, "pk_guess_next");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(ErrorCodes.TooManyRequests, await CodeAsync(refused));
        Assert.InRange(int.Parse(Assert.Single(refused.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture), 1, 60);

        // The address is refused whatever it sends now, so guessing on cannot tell a right key from a wrong one.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await SendAsync(client, good.Value!.Secret)).StatusCode);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/tenant");
        request.Headers.Add("X-Api-Key", key);
        return client.SendAsync(request);
    }

    private static async Task<string?> CodeAsync(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("code").GetString();
    }
}
