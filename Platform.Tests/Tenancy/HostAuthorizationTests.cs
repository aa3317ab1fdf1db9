using System.Net;
using Platform.Infrastructure.Seeding;
using Platform.Tests.Support;

namespace Platform.Tests.Tenancy;

/// <summary>Host pages are for platform operators on the host side only; an operator's cookie opens no tenant.</summary>
[Collection(HostSqliteCollection.Name)]
public sealed class HostAuthorizationTests(HostSqliteApp app)
{
    public static TheoryData<string> HostPages => ["host", "host/tenants", $"host/tenants/{Guid.Empty}", "host/events"];

    [Theory]
    [MemberData(nameof(HostPages))]
    public async Task Anonymous_visitors_are_sent_to_sign_in(string page)
    {
        using var client = app.CreateClientFor("http://localhost/");

        var response = await client.GetAsync(page);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost/Account/Login?ReturnUrl=", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(HostPages))]
    public async Task A_tenant_admins_cookie_opens_no_host_page_at_localhost(string page)
    {
        var cookie = await SignInCookieAsync("http://acme.localhost/", "admin@acme.test");
        using var client = app.CreateClientFor("http://localhost/");
        client.DefaultRequestHeaders.Add("Cookie", cookie);

        var response = await client.GetAsync(page);

        // The acme cookie is not valid on the host side: the visitor counts as anonymous.
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/Login", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(HostPages))]
    public async Task A_tenant_admin_cannot_open_host_pages_inside_their_tenant(string page)
    {
        using var acme = app.CreateClientFor("http://acme.localhost/");
        Assert.True(await acme.SignInAsync("admin@acme.test", DemoAccounts.Password));

        var response = await acme.GetAsync(page);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/AccessDenied", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_host_admin_opens_the_host_pages_but_no_tenants_app()
    {
        using var host = app.CreateClientFor("http://localhost/");
        Assert.True(await host.SignInAsync(DemoAccounts.HostAdminEmail, DemoAccounts.Password));
        var acme = await app.TenantIdAsync("acme");

        var overview = await host.GetAsync("host");
        Assert.Equal(HttpStatusCode.OK, overview.StatusCode);
        Assert.Contains("Operator console", await overview.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("host/tenants")).StatusCode);
        var events = await host.GetAsync("host/events");
        Assert.Equal(HttpStatusCode.OK, events.StatusCode);
        Assert.Contains("A message whose handler kept failing", await events.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var details = await host.GetAsync($"host/tenants/{acme}");
        Assert.Equal(HttpStatusCode.OK, details.StatusCode);
        Assert.Contains("Acme Physiotherapy", await details.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("Tenant not found", await host.GetStringAsync($"host/tenants/{Guid.NewGuid()}"), StringComparison.Ordinal);

        var tenantApp = await host.GetAsync("t/acme/app");
        Assert.Equal(HttpStatusCode.Redirect, tenantApp.StatusCode);
        Assert.Contains("/t/acme/Account/Login", tenantApp.Headers.Location!.OriginalString, StringComparison.Ordinal);
        using var sub = app.CreateClientFor("http://acme.localhost/");
        sub.DefaultRequestHeaders.Add("Cookie", await SignInCookieAsync("http://localhost/", DemoAccounts.HostAdminEmail));
        Assert.Equal(HttpStatusCode.Redirect, (await sub.GetAsync("app")).StatusCode);
    }

    private async Task<string> SignInCookieAsync(string address, string email)
    {
        using var client = app.CreateClientFor(address);
        var signIn = await client.SignInResponseAsync(email, DemoAccounts.Password);
        return signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("platform.auth=", StringComparison.Ordinal)).Split(';')[0];
    }
}
