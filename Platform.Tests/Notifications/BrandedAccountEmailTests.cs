using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Access;
using Platform.Core.Notifications;
using Platform.Infrastructure.Notifications;
using Platform.Tests.Support;

namespace Platform.Tests.Notifications;

/// <summary>
/// Issue 11, defect 8: the transactional e-mails (address confirmation, password reset, "you have an account already", staff
/// invitation) are the tenant's Liquid templates framed in its branding, like its notification e-mails, and a tenant's own
/// wording of one is what its people get.
/// </summary>
public sealed class BrandedAccountEmailTests(BrandedAccountEmailTests.App app) : IClassFixture<BrandedAccountEmailTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);

    private const string Acme = "#1565C0";
    private const string Globex = "#7E57C2";

    [Theory]
    [InlineData("acme", "erin@example.com", "Acme Physiotherapy", Acme)]
    [InlineData("globex", "hanna@example.com", "Globex Hair Studio", Globex)]
    public async Task A_password_reset_is_framed_in_the_tenants_branding(string slug, string email, string name, string colour)
    {
        using var client = app.CreateClientFor($"http://{slug}.localhost/");
        await client.PostFormAsync("Account/ForgotPassword", "forgot-password", new Dictionary<string, string> { ["Input.Email"] = email });

        var mail = Mailbox.Latest(app.MailFolder, email, $"Reset your {name} password");
        Assert.Contains($"background:{colour}", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains($">{name}</td>", mail.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("notification settings", mail.HtmlBody, StringComparison.Ordinal); // nobody chose it: nothing to unsubscribe from
        Assert.Equal($"{slug}.localhost", Mailbox.Link(mail, "/Account/ResetPassword").Host);
        Assert.Equal(name, mail.From.Mailboxes.Single().Name);
    }

    [Fact]
    public async Task Registration_already_registered_and_invitation_emails_are_branded()
    {
        var email = $"newcomer-{Guid.NewGuid():N}@example.com";
        using var acme = app.CreateClientFor("http://acme.localhost/");
        var form = new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Nina Newcomer",
            ["Input.Email"] = email,
            ["Input.Password"] = "Fresh!Passw0rd-42",
            ["Input.ConfirmPassword"] = "Fresh!Passw0rd-42",
        };
        await acme.PostFormAsync("Account/Register", "register", form);
        var confirm = Mailbox.Latest(app.MailFolder, email, "Confirm your e-mail for Acme Physiotherapy");
        Assert.Contains($"background:{Acme}", confirm.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Hello Nina Newcomer", confirm.TextBody, StringComparison.Ordinal);
        Assert.Equal("acme.localhost", Mailbox.Link(confirm, "/Account/ConfirmEmail").Host);

        // Registering again with a confirmed address tells its owner instead.
        await acme.GetStringAsync(Mailbox.Link(confirm, "/Account/ConfirmEmail"));
        await acme.PostFormAsync("Account/Register", "register", form);
        var again = Mailbox.Latest(app.MailFolder, email, "You already have an account with Acme Physiotherapy");
        Assert.Contains($"background:{Acme}", again.HtmlBody, StringComparison.Ordinal);
        Assert.Equal("acme.localhost", Mailbox.Link(again, "/Account/ForgotPassword").Host);

        using var admin = await app.SignedInAsync("http://globex.localhost/", "admin@globex.test");
        var invited = $"stylist-{Guid.NewGuid():N}@example.com";
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("api/v1/invitations", new { email = invited, displayName = "Stella Stylist", role = "Staff" })).StatusCode);
        var invitation = Mailbox.Latest(app.MailFolder, invited, "You are invited to Globex Hair Studio");
        Assert.Contains($"background:{Globex}", invitation.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Hello Stella Stylist", invitation.TextBody, StringComparison.Ordinal);
        Assert.Contains("The link works for 7 days.", invitation.TextBody, StringComparison.Ordinal);
        Assert.Equal("globex.localhost", Mailbox.Link(invitation, "/Account/AcceptInvitation").Host);
    }

    [Fact]
    public async Task A_tenants_own_wording_of_the_password_reset_is_what_its_customers_get_and_only_its_own()
    {
        var admin = await app.UserIdAsync("acme", "admin@acme.test");
        var saved = await app.AsActorAsync("acme", Actor.TenantAdmin(admin), sp => sp.GetRequiredService<NotificationTemplates>().SaveAsync(
            NotificationKinds.AccountPasswordReset, NotificationChannels.Email, "{{ tenant_name }}: a new password for {{ recipient_name }}",
            "<p>Hi {{ recipient_name }}, <a href=\"{{ url }}\">choose a new password</a>.</p>"));
        Assert.True(saved.Succeeded);
        try
        {
            using var acme = app.CreateClientFor("http://acme.localhost/");
            await acme.PostFormAsync("Account/ForgotPassword", "forgot-password", new Dictionary<string, string> { ["Input.Email"] = "dan@example.com" });
            var mail = Mailbox.Latest(app.MailFolder, "dan@example.com", "Acme Physiotherapy: a new password for");
            Assert.StartsWith("Hi ", mail.TextBody, StringComparison.Ordinal);
            Assert.Equal("acme.localhost", Mailbox.Link(mail, "/Account/ResetPassword").Host);

            using var globex = app.CreateClientFor("http://globex.localhost/");
            await globex.PostFormAsync("Account/ForgotPassword", "forgot-password", new Dictionary<string, string> { ["Input.Email"] = "felix@example.com" });
            Mailbox.Latest(app.MailFolder, "felix@example.com", "Reset your Globex Hair Studio password");
        }
        finally
        {
            await app.AsActorAsync("acme", Actor.TenantAdmin(admin), sp => sp.GetRequiredService<NotificationTemplates>().ResetAsync(NotificationKinds.AccountPasswordReset, NotificationChannels.Email));
        }
    }
}
