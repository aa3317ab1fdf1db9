using System.Net;
using System.Text.RegularExpressions;

namespace Platform.Tests.Tenancy;

/// <summary>
/// The page a suspended or unknown tenant's address answers is styled: the stylesheet and icon it links are served at
/// that address (they hold nothing of any tenant), while every page and the API stay closed.
/// </summary>
[Collection(HostSqliteCollection.Name)]
public sealed partial class SuspendedTenantPageTests(HostSqliteApp app)
{
    [Fact]
    public async Task A_suspended_tenants_page_gets_its_stylesheet_and_nothing_else_opens()
    {
        var command = HostTestSupport.NewTenant() with { Name = "Resting Reflexology" };
        var id = (await app.CreateTenantAsync(command)).Value!.Id;
        Assert.True((await app.AdministerAsync((admin, me) => admin.SuspendAsync(id, me))).Succeeded);
        using var portal = app.CreateClientFor($"http://{command.Slug}.localhost/");

        var page = await portal.GetAsync("");
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("class=\"pf-standalone\"", html, StringComparison.Ordinal);
        await AssertStylesheetsServedAsync(portal, html);

        Assert.Equal(HttpStatusCode.OK, (await portal.GetAsync("favicon.svg")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await portal.GetAsync("Account/Login")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await portal.GetAsync("book")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await portal.GetAsync("api/v1/tenant")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await portal.GetAsync("branding/logo")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await portal.PostAsync("app.css", new StringContent(""))).StatusCode);
    }

    [Fact]
    public async Task An_unknown_tenants_page_gets_its_stylesheet_too()
    {
        using var nobody = app.CreateClientFor("http://no-such-business.localhost/");

        var page = await nobody.GetAsync("");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        await AssertStylesheetsServedAsync(nobody, await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await nobody.GetAsync("Account/Login")).StatusCode);
    }

    private static async Task AssertStylesheetsServedAsync(HttpClient client, string html)
    {
        var sheets = Stylesheet().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(sheets);
        foreach (var sheet in sheets)
        {
            var css = await client.GetAsync(sheet);
            Assert.Equal(HttpStatusCode.OK, css.StatusCode);
            Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
            Assert.Contains(".pf-standalone", await css.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [GeneratedRegex("<link rel=\"stylesheet\" href=\"([^\"]+)\"")]
    private static partial Regex Stylesheet();
}
