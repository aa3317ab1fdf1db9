using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Security;
using Platform.Infrastructure.Seeding;
using Platform.Tests.Support;

namespace Platform.Tests.Identity;

public class PasswordResetTests(PasswordResetTests.App app) : IClassFixture<PasswordResetTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);

    private const string NewPassword = "Reset!Passw0rd-77";

    [Fact]
    public async Task A_forgotten_password_is_reset_through_the_emailed_link()
    {
        const string email = "erin@example.com";
        using var acme = app.CreateClientFor("http://localhost/t/acme/");
        var asked = await acme.PostFormAsync("Account/ForgotPassword", "forgot-password", new Dictionary<string, string> { ["Input.Email"] = email });
        Assert.Equal("/t/acme/Account/ForgotPasswordConfirmation", Pages.RedirectPath(asked, acme));

        var link = Mailbox.Link(Mailbox.Latest(app.MailFolder, email, "Reset your Acme Physiotherapy password"), "/Account/ResetPassword");
        Assert.StartsWith("/t/acme/", link.AbsolutePath, StringComparison.Ordinal);
        var reset = await acme.PostFormAsync(link.AbsoluteUri, "reset-password", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = NewPassword,
            ["Input.ConfirmPassword"] = NewPassword,
        });
        Assert.Equal("/t/acme/Account/ResetPasswordConfirmation", Pages.RedirectPath(reset, acme));

        Assert.True(await app.CreateClientFor("http://acme.localhost/").SignInAsync(email, NewPassword));
        Assert.False(await app.CreateClientFor("http://acme.localhost/").SignInAsync(email, DemoAccounts.Password));

        // The security log has the reset, in acme's log.
        var logged = await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().SecurityEvents
            .Where(e => e.Email == email && e.Kind == SecurityEventKind.PasswordChanged).Select(e => e.Detail).ToListAsync());
        Assert.Equal("Reset with the e-mailed link", Assert.Single(logged));

        // The link works once: the reset changed the account's security stamp.
        var again = await acme.PostFormAsync(link.AbsoluteUri, "reset-password", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = "Another!Passw0rd-1",
            ["Input.ConfirmPassword"] = "Another!Passw0rd-1",
        });
        Assert.Equal("/t/acme/Account/InvalidPasswordReset", Pages.RedirectPath(again, acme));
    }

    [Fact]
    public async Task An_unknown_email_gets_the_same_answer_and_no_mail()
    {
        using var acme = app.CreateClientFor("http://acme.localhost/");
        // lena is staff at globex, not at acme.
        var asked = await acme.PostFormAsync("Account/ForgotPassword", "forgot-password", new Dictionary<string, string> { ["Input.Email"] = "lena@globex.test" });
        Assert.Equal("/Account/ForgotPasswordConfirmation", Pages.RedirectPath(asked, acme));
        Assert.Empty(Mailbox.To(app.MailFolder, "lena@globex.test"));
    }

    [Theory]
    [InlineData("Account/ResetPassword")]
    [InlineData("Account/ResetPassword?code=***")]
    public async Task A_broken_reset_link_shows_the_invalid_link_page(string path)
    {
        using var acme = app.CreateClientFor("http://acme.localhost/");
        var response = await acme.GetAsync(path);
        Assert.Equal("/Account/InvalidPasswordReset", Pages.RedirectPath(response, acme));
        Assert.Contains("invalid or has expired", Pages.Status(await acme.GetStringAsync("Account/InvalidPasswordReset")), StringComparison.Ordinal);
    }
}
