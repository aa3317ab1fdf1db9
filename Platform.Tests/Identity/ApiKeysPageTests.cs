using System.Net;
using Platform.Infrastructure.Seeding;
using Platform.Tests.Support;

namespace Platform.Tests.Identity;

/// <summary>Who reaches /app/settings/api-keys, and that each tenant's page shows its own keys only.</summary>
public class ApiKeysPageTests(ApiKeysPageTests.App app) : IClassFixture<ApiKeysPageTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);

    [Theory]
    [InlineData("acme", "pk_demo_ac", "pk_demo_gl")]
    [InlineData("globex", "pk_demo_gl", "pk_demo_ac")]
    public async Task An_admin_sees_the_tenants_own_keys_and_never_a_secret(string slug, string own, string other)
    {
        using var client = await app.SignedInAsync($"http://{slug}.localhost/", $"admin@{slug}.test");
        var html = WebUtility.HtmlDecode(await client.GetStringAsync("app/settings/api-keys"));
        Assert.Contains("<title>API keys · ", html, StringComparison.Ordinal);
        Assert.Contains(own, html, StringComparison.Ordinal);
        Assert.DoesNotContain(other, html, StringComparison.Ordinal);
        Assert.DoesNotContain(DemoAccounts.ApiKeys[slug], html, StringComparison.Ordinal);
        Assert.Contains("href=\"app/settings/api-keys\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Managers_are_told_they_have_no_access_and_see_no_nav_entry()
    {
        using var client = await app.SignedInAsync("http://acme.localhost/", "manager@acme.test");
        Assert.DoesNotContain("app/settings/api-keys", await client.GetStringAsync("app"), StringComparison.Ordinal);
        var response = await client.GetAsync("app/settings/api-keys");
        Assert.Equal("/Account/AccessDenied", Pages.RedirectPath(response, client));
    }
}
