using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Platform.Infrastructure.Seeding;
using Platform.Tests.Support;

namespace Platform.Tests.CrossCutting;

public class CrossCuttingTests(CrossCuttingTests.App app) : IClassFixture<CrossCuttingTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite)
    {
        public CapturingLoggerProvider Logs { get; } = new();

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Information" };

        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<ILoggerProvider>(Logs));
        }
    }

    [Fact]
    public async Task Every_log_line_of_a_tenant_request_carries_the_tenant_id()
    {
        var acme = await app.TenantIdAsync("acme");
        using var client = app.CreateClientFor("http://acme.localhost/");
        Assert.True(await client.SignInAsync("admin@acme.test", DemoAccounts.Password));

        var requestLines = app.Logs.Entries.Where(e => e.Scope.ContainsKey("RequestId")).ToList();
        Assert.NotEmpty(requestLines);
        Assert.Contains(requestLines, e => e.Category.Contains("Login", StringComparison.Ordinal) || e.Message.Contains("logged in", StringComparison.OrdinalIgnoreCase));
        Assert.All(requestLines.Where(e => !e.Category.StartsWith("Microsoft.AspNetCore.Hosting", StringComparison.Ordinal)), e =>
            Assert.Equal(acme, e.Scope.GetValueOrDefault("TenantId")));
    }

    [Fact]
    public void Outside_development_logs_are_json_with_scopes()
    {
        var console = app.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue;
        var json = app.Services.GetRequiredService<IOptionsMonitor<JsonConsoleFormatterOptions>>().CurrentValue;
        Assert.Equal(ConsoleFormatterNames.Json, console.FormatterName);
        Assert.True(json.IncludeScopes);
    }

    [Theory]
    [InlineData("http://acme.localhost/", "api/v1/nothing-here", HttpStatusCode.NotFound, "not_found")]
    [InlineData("http://nobody.localhost/", "api/v1/tenant", HttpStatusCode.NotFound, "tenant.not_found")]
    [InlineData("http://localhost/", "api/v1/tenant", HttpStatusCode.NotFound, "not_found")]
    public async Task Api_errors_are_problem_details_with_a_code(string address, string path, HttpStatusCode status, string code)
    {
        using var client = app.CreateClientFor(address);
        var response = await client.GetAsync(path);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Pages_carry_security_headers()
    {
        using var client = app.CreateClientFor("http://acme.localhost/");
        var response = await client.GetAsync("");
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.True(response.Headers.Contains("Referrer-Policy"));
    }

    [Fact]
    public async Task Forms_refuse_a_post_without_the_antiforgery_token()
    {
        using var client = app.CreateClientFor("http://acme.localhost/");
        var response = await client.PostAsync("Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = "admin@acme.test",
            ["Input.Password"] = DemoAccounts.Password,
            ["_handler"] = "login",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("platform.auth=", StringComparison.Ordinal)));
    }
}
