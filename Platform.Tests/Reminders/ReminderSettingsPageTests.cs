using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Platform.Infrastructure.Reminders;
using Platform.Tests.Identity;
using Platform.Tests.Support;

namespace Platform.Tests.Reminders;

/// <summary>Who reaches /app/settings/reminders, and that each tenant's page shows its own offset.</summary>
public sealed class ReminderSettingsPageTests(ReminderSettingsPageTests.App app) : IClassFixture<ReminderSettingsPageTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);

    [Fact]
    public async Task Each_admin_sees_the_tenants_own_offset()
    {
        Assert.True((await app.InTenantAsync("globex", sp => sp.GetRequiredService<ReminderSettingsStore>().SetOffsetHoursAsync(48))).Succeeded);

        using var acme = await app.SignedInAsync("http://acme.localhost/", "admin@acme.test");
        var acmePage = WebUtility.HtmlDecode(await acme.GetStringAsync("app/settings/reminders"));
        Assert.Contains("<title>Reminders · ", acmePage, StringComparison.Ordinal);
        Assert.Contains("value=\"24\"", acmePage, StringComparison.Ordinal);
        Assert.Contains("href=\"app/settings/reminders\"", acmePage, StringComparison.Ordinal);

        using var globex = await app.SignedInAsync("http://globex.localhost/", "admin@globex.test");
        Assert.Contains("value=\"48\"", WebUtility.HtmlDecode(await globex.GetStringAsync("app/settings/reminders")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Managers_and_anonymous_visitors_cannot_open_it()
    {
        using var manager = await app.SignedInAsync("http://acme.localhost/", "manager@acme.test");
        Assert.Equal("/Account/AccessDenied", Pages.RedirectPath(await manager.GetAsync("app/settings/reminders"), manager));

        using var anonymous = app.CreateClientFor("http://acme.localhost/");
        Assert.Equal("/Account/Login", Pages.RedirectPath(await anonymous.GetAsync("app/settings/reminders"), anonymous));
    }
}
