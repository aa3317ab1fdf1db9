using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Errors;
using Platform.Infrastructure.Identity;
using Platform.Tests.Support;

namespace Platform.Tests.Api;

/// <summary>
/// Guessing keys: an address that sends too many unusable keys is refused for a while, before any lookup, except for
/// the keys that already worked from it, so one guesser behind a shared address does not shut out the others.
/// </summary>
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
    public async Task After_too_many_unknown_keys_the_address_gets_429_for_any_key_that_never_worked_from_it()
    {
        var good = await app.InTenantAsync("acme", sp => sp.GetRequiredService<ApiKeys>().CreateAsync(new CreateApiKey("Good", ApiKeyScopes.All)));
        var otherTenants = await app.InTenantAsync("globex", sp => sp.GetRequiredService<ApiKeys>().CreateAsync(new CreateApiKey("Working", ApiKeyScopes.All)));
        var neverUsedHere = await app.InTenantAsync("globex", sp => sp.GetRequiredService<ApiKeys>().CreateAsync(new CreateApiKey("New", ApiKeyScopes.All)));
        using var client = app.CreateClientFor("http://localhost/");

        // A working key spends nothing, however often it is used.
        for (var i = 0; i < PerMinute * 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, good.Value!.Secret)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, otherTenants.Value!.Secret)).StatusCode);

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

        // A guess past the limit is refused whether it is right or wrong: a valid key that never worked from this
        // address gets the same 429 as a wrong one, so guessing on (or trying out a list of leaked keys) teaches nothing.
        var rightGuess = await SendAsync(client, neverUsedHere.Value!.Secret);
        Assert.Equal(HttpStatusCode.TooManyRequests, rightGuess.StatusCode);
        Assert.Equal(ErrorCodes.TooManyRequests, await CodeAsync(rightGuess));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await SendAsync(client, "pk_guess_after")).StatusCode);

        // The clients that were working from this address (a shared proxy: any tenant's) go on working.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, good.Value!.Secret)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, otherTenants.Value!.Secret)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await SendAsync(client, neverUsedHere.Value!.Secret)).StatusCode);
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
