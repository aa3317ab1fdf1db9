using System.Net;
using Platform.Tests.Support;

namespace Platform.Tests.Identity;

public class PeoplePageTests(PeoplePageTests.App app) : IClassFixture<PeoplePageTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);

    [Fact]
    public async Task Admins_see_the_people_page_with_the_invite_button()
    {
        using var client = await app.SignedInAsync("http://acme.localhost/", "admin@acme.test");
        var html = WebUtility.HtmlDecode(await client.GetStringAsync("app/people"));
        Assert.Contains("<title>People · Acme Physiotherapy</title>", html, StringComparison.Ordinal);
        Assert.Contains("Invite staff", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Managers_see_people_but_cannot_invite()
    {
        using var client = await app.SignedInAsync("http://acme.localhost/", "manager@acme.test");
        var html = WebUtility.HtmlDecode(await client.GetStringAsync("app/people"));
        Assert.Contains("<title>People · Acme Physiotherapy</title>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Invite staff", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staff_are_told_they_have_no_access()
    {
        using var client = await app.SignedInAsync("http://acme.localhost/", "sam@acme.test");
        var response = await client.GetAsync("app/people");
        Assert.Equal("/Account/AccessDenied", Pages.RedirectPath(response, client));
        var html = await client.GetStringAsync(response.Headers.Location);
        Assert.Contains("does not have access", Pages.Status(html), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in()
    {
        using var client = app.CreateClientFor("http://acme.localhost/");
        var response = await client.GetAsync("app/people");
        Assert.Equal("/Account/Login", Pages.RedirectPath(response, client));
    }
}
