using System.Net;
using Platform.Infrastructure.Seeding;
using Platform.Tests.Support;

namespace Platform.Tests.Identity;

public class LoginTests(LoginTests.App app) : IClassFixture<LoginTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);

    [Theory]
    [InlineData("http://acme.localhost/", "admin@acme.test", "/app")]
    [InlineData("http://acme.localhost/", "sam@acme.test", "/app")]
    [InlineData("http://acme.localhost/", "carla@example.com", "/")]
    [InlineData("http://localhost/t/globex/", "manager@globex.test", "/t/globex/app")]
    [InlineData("http://localhost/t/globex/", "felix@example.com", "/t/globex/")]
    [InlineData("http://localhost/", DemoAccounts.HostAdminEmail, "/host")]
    public async Task People_land_where_their_work_is(string address, string email, string landing)
    {
        using var client = app.CreateClientFor(address);
        var response = await SignInAsync(client, email, DemoAccounts.Password);
        Assert.Equal(landing, Pages.RedirectPath(response, client));
    }

    [Theory]
    [InlineData("app/people", "/app/people")]
    [InlineData("/app/people", "/app/people")]
    [InlineData("https://evil.example/steal", "/")]
    [InlineData("//evil.example/steal", "/")]
    [InlineData("/\\evil.example/steal", "/")]
    public async Task A_return_url_is_followed_only_inside_the_site(string returnUrl, string landing)
    {
        using var client = app.CreateClientFor("http://acme.localhost/");
        var response = await SignInAsync(client, "carla@example.com", DemoAccounts.Password, returnUrl);
        Assert.Equal(landing, Pages.RedirectPath(response, client));
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_email_get_the_same_answer()
    {
        using var client = app.CreateClientFor("http://acme.localhost/");
        var wrongPassword = await SignInAsync(client, "manager@acme.test", "Not!ThePassw0rd");
        var unknown = await SignInAsync(client, "nobody@acme.test", "Not!ThePassw0rd");
        var otherTenant = await SignInAsync(client, "admin@globex.test", DemoAccounts.Password);

        Assert.Equal(HttpStatusCode.OK, wrongPassword.StatusCode);
        var message = Pages.Status(await wrongPassword.Content.ReadAsStringAsync());
        Assert.Equal("The e-mail or password is incorrect. If you registered recently, confirm your e-mail address first.", message);
        Assert.Equal(message, Pages.Status(await unknown.Content.ReadAsStringAsync()));
        Assert.Equal(message, Pages.Status(await otherTenant.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account()
    {
        using var client = app.CreateClientFor("http://acme.localhost/");
        HttpResponseMessage response = default!;
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            response = await SignInAsync(client, "jo@acme.test", $"Wrong!Passw0rd{attempt}");
        }

        Assert.Equal("/Account/Lockout", Pages.RedirectPath(response, client));
        Assert.Equal("/Account/Lockout", Pages.RedirectPath(await SignInAsync(client, "jo@acme.test", DemoAccounts.Password), client));
        var html = await client.GetStringAsync("Account/Lockout");
        Assert.Contains("locked for", Pages.Status(html), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sign_in_page_is_accessible_and_offers_a_passkey_sign_in()
    {
        using var client = app.CreateClientFor("http://acme.localhost/");
        var html = WebUtility.HtmlDecode(await client.GetStringAsync("Account/Login"));
        Assert.Contains("<title>Sign in · Acme Physiotherapy</title>", html, StringComparison.Ordinal);
        Assert.Contains("<h1", html, StringComparison.Ordinal);
        Assert.Contains("<label for=\"login-email\">", html, StringComparison.Ordinal);
        Assert.Contains("<label for=\"login-password\">", html, StringComparison.Ordinal);
        Assert.Contains("autocomplete=\"current-password\"", html, StringComparison.Ordinal);
        Assert.Contains("Sign in with a passkey", html, StringComparison.Ordinal);
    }

    /// <summary>The sign-in form, with the second step for demo accounts that have one.</summary>
    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password, string? returnUrl = null) =>
        returnUrl is null
            ? client.SignInResponseAsync(email, password)
            : client.PostFormAsync($"Account/Login?ReturnUrl={Uri.EscapeDataString(returnUrl)}", "login",
                new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });
}
