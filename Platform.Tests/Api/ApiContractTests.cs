using Microsoft.AspNetCore.Hosting;
using Platform.Tests.Support;
using Xunit.Abstractions;

namespace Platform.Tests.Api;

/// <summary>
/// The API's error contract, proven by walking the OpenAPI document: every operation gets wrong-typed values
/// for each query parameter and body field, malformed JSON, a bogus charset, extreme dates and a malformed
/// path id, under both address forms, with the demo API key, the sign-in cookie and no credentials. No answer
/// may be a 5xx, and every error must be an <c>application/problem+json</c> with a <c>code</c> that fits its status.
/// </summary>
public abstract class ApiContractTests<TApp>(TApp app, ITestOutputHelper output)
    where TApp : ApiContractApp
{
    [Fact]
    public async Task Every_bad_request_to_every_operation_answers_a_fitting_problem_and_never_a_5xx()
    {
        var walk = await ApiContractWalk.RunAsync(app);
        output.WriteLine($"{app.EnvironmentName}: {walk.Operations} operations walked, {walk.Requests} requests sent, {walk.Failures.Count} failures " +
                         $"(sign-in {walk.SignIn.TotalSeconds:0.0} s, walk {walk.Walk.TotalSeconds:0.0} s).");
        foreach (var failure in walk.Failures)
        {
            output.WriteLine(failure);
        }

        Assert.True(walk.Operations > 30, $"The OpenAPI document lists only {walk.Operations} operations.");
        Assert.True(walk.Failures.Count == 0,
            $"{walk.Failures.Count} of {walk.Requests} requests broke the contract in {app.EnvironmentName}:\n{string.Join('\n', walk.Failures.Take(60))}");
    }
}

public sealed class ApiContractDevelopmentTests(ApiContractApp.Development app, ITestOutputHelper output)
    : ApiContractTests<ApiContractApp.Development>(app, output), IClassFixture<ApiContractApp.Development>;

public sealed class ApiContractProductionTests(ApiContractApp.Production app, ITestOutputHelper output)
    : ApiContractTests<ApiContractApp.Production>(app, output), IClassFixture<ApiContractApp.Production>;

/// <summary>The app in a named environment, with the demo bookings and rate limits high enough for a walk.</summary>
public abstract class ApiContractApp(string environment) : PlatformAppFactory(TestDatabase.Sqlite)
{
    public string EnvironmentName => environment;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Seed:DemoBookings"] = "true",
        ["RateLimits:ApiKeyPerMinute"] = "100000",
        ["RateLimits:UserPerMinute"] = "100000",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment(environment);
    }

    public sealed class Development() : ApiContractApp("Development");

    public sealed class Production() : ApiContractApp("Production");
}
