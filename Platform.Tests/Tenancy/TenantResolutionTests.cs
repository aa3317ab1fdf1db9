using System.Net;
using Platform.Infrastructure.Seeding;
using Platform.Tests.Support;

namespace Platform.Tests.Tenancy;

public class TenantResolutionTests(TenantResolutionTests.App app) : IClassFixture<TenantResolutionTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);

    [Theory]
    [InlineData("http://acme.localhost/", "Acme Physiotherapy")]
    [InlineData("http://localhost/t/acme/", "Acme Physiotherapy")]
    [InlineData("http://globex.localhost/", "Globex Hair Studio")]
    [InlineData("http://localhost/t/globex/", "Globex Hair Studio")]
    public async Task Subdomain_and_path_prefix_show_the_tenants_own_portal(string address, string name)
    {
        using var client = app.CreateClientFor(address);
        var html = await client.GetStringAsync("");
        Assert.Contains($"<title>{name}</title>", html, StringComparison.Ordinal);
        Assert.Contains($"Welcome to {name}", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://nobody.localhost/")]
    [InlineData("http://localhost/t/nobody/")]
    public async Task An_unknown_tenant_gets_the_404_page(string address)
    {
        using var client = app.CreateClientFor(address);
        var response = await client.GetAsync("");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("No such business", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_path_prefix_without_a_slash_redirects_into_the_tenant()
    {
        using var client = app.CreateClientFor("http://localhost/");
        var response = await client.GetAsync("t/acme");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/t/acme/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_sign_in_page_is_the_tenants()
    {
        using var client = app.CreateClientFor("http://localhost/t/globex/");
        var html = await client.GetStringAsync("Account/Login");
        Assert.Contains("Globex Hair Studio", html, StringComparison.Ordinal);
        Assert.Contains("<base href=\"/t/globex/\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_of_acme_can_sign_in_at_acme_but_not_at_globex()
    {
        using var acme = app.CreateClientFor("http://acme.localhost/");
        Assert.True(await acme.SignInAsync("admin@acme.test", DemoAccounts.Password));

        using var globex = app.CreateClientFor("http://globex.localhost/");
        Assert.False(await globex.SignInAsync("admin@acme.test", DemoAccounts.Password));
    }

    [Fact]
    public async Task The_same_email_is_two_accounts_in_two_tenants()
    {
        using var acme = app.CreateClientFor("http://localhost/t/acme/");
        Assert.True(await acme.SignInAsync("carla@example.com", DemoAccounts.Password));
        using var globex = app.CreateClientFor("http://localhost/t/globex/");
        Assert.True(await globex.SignInAsync("carla@example.com", DemoAccounts.Password));
    }

    [Fact]
    public async Task The_sign_in_cookie_is_scoped_to_the_tenants_path()
    {
        using var client = app.CreateClientFor("http://localhost/");
        Assert.True(await client.SignInAsync("admin@acme.test", DemoAccounts.Password, prefix: "t/acme/"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("t/acme/app")).StatusCode);

        var response = await client.GetAsync("t/globex/app");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/t/globex/Account/Login", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://globex.localhost/")]
    [InlineData("http://localhost/t/globex/")]
    public async Task An_acme_cookie_replayed_at_globex_is_ignored(string globex)
    {
        using var acme = app.CreateClientFor("http://acme.localhost/");
        var signIn = await acme.SignInResponseAsync("admin@acme.test", DemoAccounts.Password);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("platform.auth=", StringComparison.Ordinal)).Split(';')[0];

        using var replay = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri(globex),
            AllowAutoRedirect = false,
            HandleCookies = false,
        });
        replay.DefaultRequestHeaders.Add("Cookie", cookie);

        var acmeCheck = new HttpRequestMessage(HttpMethod.Get, "http://acme.localhost/");
        acmeCheck.Headers.Add("Cookie", cookie);
        Assert.Contains("Alice Admin", await (await replay.SendAsync(acmeCheck)).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var home = await replay.GetStringAsync("");
        Assert.DoesNotContain("Alice Admin", home, StringComparison.Ordinal);
        Assert.Contains("Sign in", home, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await replay.GetAsync("app")).StatusCode);
    }

    [Fact]
    public async Task Health_endpoints_answer()
    {
        using var client = app.CreateClientFor("http://localhost/");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("health/ready")).StatusCode);
    }
}
