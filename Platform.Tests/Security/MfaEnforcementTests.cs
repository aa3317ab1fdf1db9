using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Common;
using Platform.Core.Errors;
using Platform.Infrastructure.Identity;
using Platform.Infrastructure.Security;
using Platform.Infrastructure.Seeding;
using Platform.Tests.Identity;
using Platform.Tests.Support;

namespace Platform.Tests.Security;

/// <summary>Over HTTP: who is kept on the set-up page, how set-up opens the app, and whose security log an admin sees.</summary>
public partial class MfaEnforcementTests(MfaEnforcementTests.App app) : IClassFixture<MfaEnforcementTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);

    [Fact]
    public async Task An_admin_without_a_second_factor_reaches_only_the_set_up_and_enables_an_app_there()
    {
        await DisableAsync("admin@globex.test", "globex");
        using var client = await app.SignedInAsync("http://globex.localhost/", "admin@globex.test");

        var appPage = await client.GetAsync("app");
        Assert.Equal("/Account/Manage/TwoFactor", Pages.RedirectPath(appPage, client));
        Assert.Equal("/Account/Manage/TwoFactor", Pages.RedirectPath(await client.GetAsync("app/settings/security"), client));
        var api = await client.GetAsync("api/v1/people");
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        Assert.Equal(ErrorCodes.MfaRequired, (await api.JsonAsync()).GetProperty("code").GetString());
        Assert.Contains("data-testid=\"mfa-required\"", await client.GetStringAsync("Account/Manage/TwoFactor"), StringComparison.Ordinal);

        var setUp = await client.GetStringAsync("Account/Manage/EnableAuthenticator");
        var secret = SecretOn(setUp);
        Assert.Contains("<svg", setUp, StringComparison.Ordinal);
        var done = await client.PostFormAsync("Account/Manage/EnableAuthenticator", "enable-authenticator",
            new Dictionary<string, string> { ["Input.Code"] = TotpCode.Compute(secret, DateTimeOffset.UtcNow) });
        var html = await done.Content.ReadAsStringAsync();
        Assert.Equal(10, BackupCode().Count(html));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("app")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("api/v1/people")).StatusCode);
    }

    [Fact]
    public async Task Staff_of_a_tenant_that_requires_it_are_sent_to_set_up_and_other_tenants_staff_are_not()
    {
        using var sam = await app.SignedInAsync("http://acme.localhost/", "sam@acme.test");
        using var lena = await app.SignedInAsync("http://globex.localhost/", "lena@globex.test");
        Assert.Equal(HttpStatusCode.OK, (await sam.GetAsync("app")).StatusCode);

        await app.InTenantAsync("acme", async services =>
        {
            var admin = await services.GetRequiredService<UserManager<PlatformUser>>().FindByEmailAsync("admin@acme.test");
            await services.GetRequiredService<MfaPolicy>().SetRequireMfaForStaffAsync(admin!, admin!.TenantId!.Value, true);
            return true;
        });

        try
        {
            Assert.Equal("/Account/Manage/TwoFactor", Pages.RedirectPath(await sam.GetAsync("app"), sam));
            Assert.Equal("/Account/Manage/TwoFactor", Pages.RedirectPath(await sam.GetAsync("app/calendar"), sam));
            Assert.Equal(HttpStatusCode.OK, (await lena.GetAsync("app")).StatusCode);
        }
        finally
        {
            await app.InTenantAsync("acme", async services =>
            {
                var admin = await services.GetRequiredService<UserManager<PlatformUser>>().FindByEmailAsync("admin@acme.test");
                await services.GetRequiredService<MfaPolicy>().SetRequireMfaForStaffAsync(admin!, admin!.TenantId!.Value, false);
                return true;
            });
        }
    }

    [Fact]
    public async Task A_wrong_reused_or_malformed_code_is_refused_clearly_and_counts_towards_lockout()
    {
        using var client = app.CreateClientFor("http://acme.localhost/");
        var login = await client.PostFormAsync("Account/Login", "login", new Dictionary<string, string>
        {
            ["Input.Email"] = "manager@acme.test",
            ["Input.Password"] = DemoAccounts.Password,
        });
        var secondStep = login.Headers.Location!;
        Assert.Contains("Account/LoginWith2fa", secondStep.OriginalString, StringComparison.Ordinal);

        var wrong = TotpCode.Compute(DemoAccounts.AuthenticatorSecrets["manager@acme.test"], DateTimeOffset.UtcNow.AddMinutes(5));
        foreach (var code in new[] { wrong, "12ab56" })
        {
            var refused = await client.PostFormAsync(secondStep.ToString(), "login-2fa", new Dictionary<string, string> { ["Input.Code"] = code });
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.Equal(SecondFactors.WrongCodeMessage, Pages.Status(await refused.Content.ReadAsStringAsync()));
        }

        var backup = await client.PostFormAsync(secondStep.ToString().Replace("LoginWith2fa", "LoginWithBackupCode", StringComparison.Ordinal), "login-backup-code",
            new Dictionary<string, string> { ["Input.Code"] = "AAAAA-BBBBB" });
        Assert.Equal("That backup code is not valid or was already used.", Pages.Status(await backup.Content.ReadAsStringAsync()));

        var (failures, twoFactor) = await app.InTenantAsync("acme", async services =>
        {
            var users = services.GetRequiredService<UserManager<PlatformUser>>();
            var manager = await users.FindByEmailAsync("manager@acme.test");
            return (await users.GetAccessFailedCountAsync(manager!), await services.GetRequiredService<SecondFactors>().IsAuthenticatorConfirmedAsync(manager!));
        });
        Assert.Equal(3, failures);
        Assert.True(twoFactor);
        Assert.False((await client.GetAsync("app")).StatusCode == HttpStatusCode.OK, "Still not signed in.");
    }

    [Fact]
    public async Task A_tenant_admin_sees_their_tenants_security_log_and_never_another_tenants()
    {
        using var acme = await app.SignedInAsync("http://acme.localhost/", "admin@acme.test");
        using var globex = await app.SignedInAsync("http://globex.localhost/", "lena@globex.test");
        var globexEntry = await app.InTenantAsync("globex", async services =>
        {
            var page = await services.GetRequiredService<SecurityLog>().PageAsync(SecurityLogScope.Tenant, PageRequest.Of(1, 100));
            return page.Value!.Items.First(e => e.Email == "lena@globex.test").Id;
        });

        var list = await (await acme.GetAsync("api/v1/security-log?pageSize=100")).JsonAsync();
        var emails = list.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("email").GetString()).ToList();
        Assert.Contains("admin@acme.test", emails);
        Assert.DoesNotContain("lena@globex.test", emails);
        Assert.DoesNotContain(DemoAccounts.HostAdminEmail, emails);
        Assert.Equal(HttpStatusCode.NotFound, (await acme.GetAsync($"api/v1/security-log/{globexEntry}")).StatusCode);

        // Staff cannot read even their own tenant's log through the API.
        Assert.Equal(HttpStatusCode.Forbidden, (await globex.GetAsync("api/v1/security-log")).StatusCode);
    }

    private Task<bool> DisableAsync(string email, string slug) => app.InTenantAsync(slug, async services =>
    {
        var user = await services.GetRequiredService<UserManager<PlatformUser>>().FindByEmailAsync(email);
        var outcome = await services.GetRequiredService<SecondFactors>().DisableAsync(user!, DemoAccounts.Password);
        Assert.True(outcome.Succeeded);
        return true;
    });

    private static string SecretOn(string html) => SecretAttribute().Match(html).Groups[1].Value;

    [GeneratedRegex("data-secret=\"([A-Z2-7]+)\"")]
    private static partial Regex SecretAttribute();

    [GeneratedRegex("<code>[A-Z2-9]{5}-[A-Z2-9]{5}</code>")]
    private static partial Regex BackupCode();
}
