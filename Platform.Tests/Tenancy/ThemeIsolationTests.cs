using System.Net;
using Platform.Core.Errors;
using Platform.Tests.Support;

namespace Platform.Tests.Tenancy;

/// <summary>A theme saved by one tenant's admin shows on every page of that tenant and on no page of another.</summary>
public abstract class ThemeIsolationTests(PlatformAppFactory app)
{
    /// <summary>Portal, sign-in, staff app and a settings page: each renders the MudThemeProvider.</summary>
    private static readonly string[] Pages = ["", "Account/Login", "app", "app/settings/plan"];

    [Fact]
    public async Task Acmes_new_primary_colour_is_on_every_acme_page_and_on_no_globex_page()
    {
        using var acme = await app.SignedInAsync("http://acme.localhost/", "admin@acme.test");
        using var anonymousAcme = app.CreateClientFor("http://localhost/t/acme/");
        using var globex = await app.SignedInAsync("http://globex.localhost/", "admin@globex.test");
        var globexBefore = await VariablesAsync(globex);
        var globexStored = await globex.GetStringAsync("api/v1/theme"); // from the database, past any cache

        var saved = await acme.PutThemeAsync("#2e7d32");

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal("#2E7D32", (await saved.JsonAsync()).GetProperty("primaryColor").GetString());
        foreach (var page in Pages)
        {
            Assert.Equal(BrandingHttp.PrimaryVariable("#2E7D32"), await acme.PrimaryVariableOnAsync(page));
        }

        Assert.Equal(BrandingHttp.PrimaryVariable("#2E7D32"), await anonymousAcme.PrimaryVariableOnAsync(""));
        Assert.Equal(BrandingHttp.PrimaryVariable("#2E7D32"), await anonymousAcme.PrimaryVariableOnAsync("Account/Login"));
        Assert.Equal(globexBefore, await VariablesAsync(globex));
        Assert.DoesNotContain(BrandingHttp.PrimaryVariable("#2E7D32"), globexBefore);
        Assert.Equal(globexStored, await globex.GetStringAsync("api/v1/theme"));
    }

    [Fact]
    public async Task Globexs_admin_changes_globex_only()
    {
        using var acme = await app.SignedInAsync("http://acme.localhost/", "admin@acme.test");
        using var globex = await app.SignedInAsync("http://localhost/t/globex/", "admin@globex.test");
        var acmeBefore = await VariablesAsync(acme);
        var acmeStored = await acme.GetStringAsync("api/v1/theme");

        var saved = await globex.PutThemeAsync("#AD1457", secondary: "#F06292", font: "Rounded");

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        foreach (var page in Pages)
        {
            Assert.Equal(BrandingHttp.PrimaryVariable("#AD1457"), await globex.PrimaryVariableOnAsync(page));
        }

        Assert.Equal(acmeBefore, await VariablesAsync(acme));
        Assert.Equal("#AD1457", (await (await globex.GetAsync("api/v1/theme")).JsonAsync()).GetProperty("primaryColor").GetString());
        Assert.Equal(acmeStored, await acme.GetStringAsync("api/v1/theme"));
    }

    [Fact]
    public async Task An_acme_cookie_replayed_at_globex_cannot_change_globexs_theme()
    {
        using var acme = app.CreateClientFor("http://acme.localhost/");
        var signIn = await acme.SignInResponseAsync("admin@acme.test", Infrastructure.Seeding.DemoAccounts.Password);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("platform.auth=", StringComparison.Ordinal)).Split(';')[0];
        using var globex = await app.SignedInAsync("http://globex.localhost/", "admin@globex.test");
        var before = await VariablesAsync(globex);

        using var replay = new HttpRequestMessage(HttpMethod.Put, "http://globex.localhost/api/v1/theme")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { primaryColor = "#000000", secondaryColor = "#000000", font = "System", darkMode = false }),
        };
        replay.Headers.Add("Cookie", cookie);
        using var bare = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
        var response = await bare.SendAsync(replay);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(ErrorCodes.Unauthorized, (await response.JsonAsync()).GetProperty("code").GetString());
        Assert.Equal(before, await VariablesAsync(globex));
    }

    private static async Task<string[]> VariablesAsync(HttpClient client)
    {
        var variables = new List<string>();
        foreach (var page in Pages)
        {
            variables.Add(await client.PrimaryVariableOnAsync(page));
        }

        return [.. variables];
    }
}

public sealed class ThemeIsolationOnSqliteTests(ThemeIsolationOnSqliteTests.App app)
    : ThemeIsolationTests(app), IClassFixture<ThemeIsolationOnSqliteTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);
}

public sealed class ThemeIsolationOnPostgresTests(ThemeIsolationOnPostgresTests.App app)
    : ThemeIsolationTests(app), IClassFixture<ThemeIsolationOnPostgresTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Postgres);
}
