using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Identity;
using Platform.Infrastructure.Identity;
using Platform.Infrastructure.Seeding;
using Platform.Tests.Support;

namespace Platform.Tests.Identity;

public class RegistrationTests(RegistrationTests.App app) : IClassFixture<RegistrationTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);

    private const string NewPassword = "Fresh!Passw0rd-42";

    [Fact]
    public async Task A_customer_registers_confirms_by_email_and_signs_in_at_that_tenant_only()
    {
        // felix@example.com is a customer of globex, not of acme: registering at acme makes a second, separate account.
        const string email = "felix@example.com";
        using var acme = app.CreateClientFor("http://acme.localhost/");
        var registered = await acme.PostFormAsync("Account/Register", "register", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Felix at Acme",
            ["Input.Email"] = email,
            ["Input.Password"] = NewPassword,
            ["Input.ConfirmPassword"] = NewPassword,
        });
        Assert.Equal("/Account/RegisterConfirmation", Pages.RedirectPath(registered, acme));
        Assert.False(await acme.SignInAsync(email, NewPassword), "An unconfirmed account must not sign in.");

        var mail = Mailbox.Latest(app.MailFolder, email, "Confirm your e-mail for Acme Physiotherapy");
        var link = Mailbox.Link(mail, "/Account/ConfirmEmail");
        Assert.Equal("acme.localhost", link.Host);
        var confirmed = await acme.GetStringAsync(link);
        Assert.Contains("your e-mail address is confirmed", Pages.Status(confirmed), StringComparison.Ordinal);

        var signIn = await acme.PostFormAsync("Account/Login", "login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = NewPassword,
        });
        Assert.Equal("/", Pages.RedirectPath(signIn, acme)); // customers land on the portal
        Assert.True(await app.InTenantAsync("acme", async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PlatformUser>>();
            var user = await users.FindByEmailAsync(email);
            return user is { DisplayName: "Felix at Acme", EmailConfirmed: true } && await users.IsInRoleAsync(user, PlatformRoles.Customer);
        }));

        using var globex = app.CreateClientFor("http://globex.localhost/");
        Assert.False(await globex.SignInAsync(email, NewPassword));
        Assert.True(await globex.SignInAsync(email, DemoAccounts.Password), "The globex account is untouched.");
    }

    [Fact]
    public async Task A_confirmation_link_of_one_tenant_does_nothing_at_another()
    {
        const string email = "hanna@example.com"; // a globex customer registering at acme
        using var acme = app.CreateClientFor("http://localhost/t/acme/");
        await acme.PostFormAsync("Account/Register", "register", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Hanna",
            ["Input.Email"] = email,
            ["Input.Password"] = NewPassword,
            ["Input.ConfirmPassword"] = NewPassword,
        });
        var link = Mailbox.Link(Mailbox.Latest(app.MailFolder, email, "Acme Physiotherapy"), "/Account/ConfirmEmail");
        Assert.StartsWith("/t/acme/Account/ConfirmEmail", link.AbsolutePath, StringComparison.Ordinal);

        using var globex = app.CreateClientFor("http://localhost/t/globex/");
        var atGlobex = await globex.GetStringAsync(link.PathAndQuery.Replace("/t/acme/", "/t/globex/", StringComparison.Ordinal));
        Assert.Contains("invalid or has expired", Pages.Status(atGlobex), StringComparison.Ordinal);
        Assert.False(await acme.SignInAsync(email, NewPassword), "The acme account is still unconfirmed.");
    }

    [Fact]
    public async Task Registering_an_existing_email_looks_the_same_and_tells_the_owner_by_email()
    {
        const string email = "dan@example.com";
        using var acme = app.CreateClientFor("http://acme.localhost/");
        var response = await acme.PostFormAsync("Account/Register", "register", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Not Dan",
            ["Input.Email"] = email,
            ["Input.Password"] = NewPassword,
            ["Input.ConfirmPassword"] = NewPassword,
        });

        Assert.Equal("/Account/RegisterConfirmation", Pages.RedirectPath(response, acme));
        Mailbox.Latest(app.MailFolder, email, "You already have an account with Acme Physiotherapy");
        Assert.True(await acme.SignInAsync(email, DemoAccounts.Password), "The existing password still works.");
        Assert.False(await app.CreateClientFor("http://acme.localhost/").SignInAsync(email, NewPassword));
    }

    [Fact]
    public async Task Invalid_input_shows_clear_messages_and_creates_nothing()
    {
        using var acme = app.CreateClientFor("http://acme.localhost/");
        var response = await acme.PostFormAsync("Account/Register", "register", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "",
            ["Input.Email"] = "not-an-email",
            ["Input.Password"] = NewPassword,
            ["Input.ConfirmPassword"] = NewPassword + "x",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("Enter your name.", html, StringComparison.Ordinal);
        Assert.Contains("Enter a valid e-mail address", html, StringComparison.Ordinal);
        Assert.Contains("The two passwords do not match.", html, StringComparison.Ordinal);
        Assert.Empty(Mailbox.To(app.MailFolder, "not-an-email"));
    }

    [Fact]
    public async Task The_register_form_labels_every_field()
    {
        using var acme = app.CreateClientFor("http://acme.localhost/");
        var html = WebUtility.HtmlDecode(await acme.GetStringAsync("Account/Register"));
        Assert.Contains("<title>Create your account · Acme Physiotherapy</title>", html, StringComparison.Ordinal);
        foreach (var (id, autocomplete) in new[] { ("register-name", "name"), ("register-email", "email"), ("register-password", "new-password"), ("register-confirm", "new-password") })
        {
            Assert.Contains($"<label for=\"{id}\">", html, StringComparison.Ordinal);
            Assert.Matches($"<input[^>]*id=\"{id}\"[^>]*autocomplete=\"{autocomplete}\"|<input[^>]*autocomplete=\"{autocomplete}\"[^>]*id=\"{id}\"", html);
        }

        Assert.Contains("<button type=\"submit\" class=\"pf-submit\">", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://localhost/")]
    [InlineData("http://127.0.0.1/")]
    public async Task The_host_does_not_offer_registration(string host)
    {
        using var client = app.CreateClientFor(host);
        var html = await client.GetStringAsync("Account/Register");
        Assert.Contains("register on the booking site of the business", html, StringComparison.Ordinal);
        Assert.False(Pages.HasField(html, "Input.Email"));
        Assert.DoesNotContain("Account/Register", await client.GetStringAsync("Account/Login"), StringComparison.Ordinal);
    }
}
