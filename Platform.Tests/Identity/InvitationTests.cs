using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Identity;
using Platform.Infrastructure.Identity;
using Platform.Infrastructure.Seeding;
using Platform.Tests.Support;

namespace Platform.Tests.Identity;

public class InvitationTests(InvitationTests.App app) : IClassFixture<InvitationTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);

    private const string Password = "Invited!Passw0rd-9";

    [Fact]
    public async Task An_invited_manager_accepts_by_email_and_works_at_that_tenant_only()
    {
        const string email = "nina@example.com";
        using var admin = app.CreateClientFor("http://acme.localhost/");
        Assert.True(await admin.SignInAsync("admin@acme.test", DemoAccounts.Password));
        var created = await admin.PostAsJsonAsync("api/v1/invitations", new { email, displayName = "Nina Novak", role = "Manager" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadAsStringAsync();
        Assert.DoesNotContain("token", body, StringComparison.OrdinalIgnoreCase);
        using (var json = JsonDocument.Parse(body))
        {
            Assert.Equal(email, json.RootElement.GetProperty("email").GetString());
            Assert.Equal("Manager", json.RootElement.GetProperty("role").GetString());
        }

        var link = Mailbox.Link(Mailbox.Latest(app.MailFolder, email, "You are invited to Acme Physiotherapy"), "/Account/AcceptInvitation");
        Assert.Equal("acme.localhost", link.Host);

        using var invitee = app.CreateClientFor("http://acme.localhost/");
        var page = await invitee.GetStringAsync(link);
        Assert.Contains("Join Acme Physiotherapy", page, StringComparison.Ordinal);
        Assert.Contains("Nina Novak", page, StringComparison.Ordinal);
        Assert.Contains(email, page, StringComparison.Ordinal);
        Assert.Contains("<dd>Manager</dd>", page, StringComparison.Ordinal);

        var accepted = await invitee.PostFormAsync(link.AbsoluteUri, "accept-invitation", new Dictionary<string, string>
        {
            ["Input.Password"] = Password,
            ["Input.ConfirmPassword"] = Password,
        });
        Assert.Equal("/app", Pages.RedirectPath(accepted, invitee));
        // Signed in by accepting; a manager sets up two-step sign-in before anything else opens.
        Assert.Equal("/Account/Manage/TwoFactor", Pages.RedirectPath(await invitee.GetAsync("app"), invitee));
        await invitee.SetUpAuthenticatorAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await invitee.GetAsync("app")).StatusCode);

        Assert.True(await app.InTenantAsync("acme", async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PlatformUser>>();
            var user = await users.FindByEmailAsync(email);
            return user is { DisplayName: "Nina Novak", EmailConfirmed: true } && await users.IsInRoleAsync(user, PlatformRoles.Manager);
        }));
        Assert.True(await app.CreateClientFor("http://acme.localhost/").SignInAsync(email, Password));
        Assert.False(await app.CreateClientFor("http://globex.localhost/").SignInAsync(email, Password));

        // Used once: the same link now says so and offers no form.
        var used = await app.CreateClientFor("http://acme.localhost/").GetStringAsync(link);
        Assert.Contains("invalid, was already used, or has expired", Pages.Status(used), StringComparison.Ordinal);
        Assert.False(Pages.HasField(used, "Input.Password"));
    }

    [Fact]
    public async Task An_invitation_link_does_not_work_at_another_tenant()
    {
        const string email = "otto@example.com";
        using var admin = app.CreateClientFor("http://localhost/t/acme/");
        Assert.True(await admin.SignInAsync("admin@acme.test", DemoAccounts.Password));
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("api/v1/invitations", new { email, displayName = "Otto", role = "Staff" })).StatusCode);
        var link = Mailbox.Link(Mailbox.Latest(app.MailFolder, email, "You are invited"), "/Account/AcceptInvitation");
        Assert.StartsWith("/t/acme/Account/AcceptInvitation", link.AbsolutePath, StringComparison.Ordinal);

        using var globex = app.CreateClientFor("http://localhost/t/globex/");
        var atGlobex = await globex.GetStringAsync(link.PathAndQuery.Replace("/t/acme/", "/t/globex/", StringComparison.Ordinal));
        Assert.Contains("invalid, was already used, or has expired", Pages.Status(atGlobex), StringComparison.Ordinal);
        Assert.False(Pages.HasField(atGlobex, "Input.Password"));
        Assert.False(await app.CreateClientFor("http://localhost/t/globex/").SignInAsync(email, Password));
    }

    [Theory]
    [InlineData("Account/AcceptInvitation")]
    [InlineData("Account/AcceptInvitation?token=made-up-token")]
    public async Task An_invalid_token_shows_a_clear_message_and_no_form(string path)
    {
        using var client = app.CreateClientFor("http://acme.localhost/");
        var html = await client.GetStringAsync(path);
        Assert.Contains("invalid, was already used, or has expired", Pages.Status(html), StringComparison.Ordinal);
        Assert.False(Pages.HasField(html, "Input.Password"));
    }

    [Fact]
    public async Task A_weak_password_is_refused_with_the_reason_and_the_invitation_stays_open()
    {
        const string email = "pia@example.com";
        using var admin = app.CreateClientFor("http://acme.localhost/");
        Assert.True(await admin.SignInAsync("admin@acme.test", DemoAccounts.Password));
        await admin.PostAsJsonAsync("api/v1/invitations", new { email, displayName = "Pia", role = "Staff" });
        var link = Mailbox.Link(Mailbox.Latest(app.MailFolder, email, "You are invited"), "/Account/AcceptInvitation");

        using var invitee = app.CreateClientFor("http://acme.localhost/");
        var weak = await invitee.PostFormAsync(link.AbsoluteUri, "accept-invitation",
            new Dictionary<string, string> { ["Input.Password"] = "alllowercase", ["Input.ConfirmPassword"] = "alllowercase" });
        Assert.Equal(HttpStatusCode.OK, weak.StatusCode);
        Assert.Contains("Passwords must have at least one", WebUtility.HtmlDecode(await weak.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.True(Pages.HasField(await invitee.GetStringAsync(link), "Input.Password"), "The invitation is still open.");
    }
}
