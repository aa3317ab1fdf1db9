using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Access;
using Platform.Core.Common;
using Platform.Core.Errors;
using Platform.Core.Identity;
using Platform.Core.Notifications;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Access;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Events;
using Platform.Infrastructure.Identity;
using Platform.Infrastructure.Notifications;
using Platform.Infrastructure.Reminders;
using Platform.Infrastructure.Security;
using Platform.Infrastructure.Tenancy;
using Platform.Tests.Notifications;
using Platform.Tests.Support;

namespace Platform.Tests.Security;

/// <summary>
/// The use cases of settings, people, security and the host decide themselves what their actor may do: called
/// straight (past every endpoint policy) as a lesser actor, they refuse with auth.forbidden and change nothing.
/// And over HTTP, the refusals and bad pages answer the right problems.
/// </summary>
public sealed class UseCaseActorTests(UseCaseActorTests.App app) : IClassFixture<UseCaseActorTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);

    private const string Acme = "http://acme.localhost/";

    [Fact]
    public async Task A_manager_may_not_create_list_or_revoke_api_keys_in_the_use_case()
    {
        var manager = await app.UserIdAsync("acme", "manager@acme.test");
        var (created, listed, revoked, count) = await AsAsync("acme", Actor.Manager(manager), async sp =>
        {
            var keys = sp.GetRequiredService<ApiKeys>();
            var created = await keys.CreateAsync(new CreateApiKey("By a manager", ApiKeyScopes.All));
            var listed = await keys.ListAsync();
            var revoked = await keys.RevokeAsync(Guid.NewGuid());
            var count = await sp.GetRequiredService<PlatformDbContext>().ApiKeys.CountAsync(k => k.Name == "By a manager");
            return (created, listed, revoked, count);
        });

        Assert.Equal(ErrorCodes.Forbidden, created.Code);
        Assert.Equal(ErrorCodes.Forbidden, listed.Code);
        Assert.Equal(ErrorCodes.Forbidden, revoked.Code);
        Assert.Equal(0, count);
    }

    [Fact]
    public async Task An_api_key_may_not_manage_keys_even_with_every_scope()
    {
        var outcome = await AsAsync("acme", Actor.Integration(Guid.NewGuid(), ApiKeyScopes.All), sp =>
            sp.GetRequiredService<ApiKeys>().CreateAsync(new CreateApiKey("By a key", ApiKeyScopes.All)));
        Assert.Equal(ErrorCodes.Forbidden, outcome.Code);
    }

    [Fact]
    public async Task Staff_may_neither_invite_nor_revoke_nor_read_people()
    {
        var sam = await app.UserIdAsync("acme", "sam@acme.test");
        var email = $"by-staff-{Guid.NewGuid():N}@acme.test";
        var (invited, revoked, people, open, stored) = await AsAsync("acme", Actor.Staff(sam), async sp =>
        {
            var invited = await sp.GetRequiredService<StaffInvitations>().InviteAsync(new InviteStaff(email, "Nobody", PlatformRoles.TenantAdmin), "http://acme.localhost/Account/AcceptInvitation");
            var revoked = await sp.GetRequiredService<StaffInvitations>().RevokeAsync(Guid.NewGuid());
            var people = await sp.GetRequiredService<PeopleDirectory>().FindAsync(new PeopleQuery(PageRequest.First, null, []));
            var open = await sp.GetRequiredService<PeopleDirectory>().OpenInvitationsAsync();
            var stored = await sp.GetRequiredService<PlatformDbContext>().StaffInvitations.CountAsync(i => i.Email == email);
            return (invited, revoked, people, open, stored);
        });

        Assert.Equal(ErrorCodes.Forbidden, invited.Code);
        Assert.Equal(ErrorCodes.Forbidden, revoked.Code);
        Assert.Equal(ErrorCodes.Forbidden, people.Code);
        Assert.Empty(open);
        Assert.Equal(0, stored);
    }

    [Fact]
    public async Task A_manager_may_not_change_the_tenants_settings_in_the_use_cases()
    {
        var manager = await app.UserIdAsync("acme", "manager@acme.test");
        var (theme, logo, domain, domains, reminders, template) = await AsAsync("acme", Actor.Manager(manager), async sp =>
        {
            var branding = sp.GetRequiredService<ITenantBranding>();
            var theme = await branding.SaveThemeAsync(new TenantTheme { PrimaryColor = "#000000", SecondaryColor = "#FFFFFF" });
            var logo = await branding.RemoveLogoAsync();
            var domain = await sp.GetRequiredService<TenantDomains>().AddAsync("book.by-a-manager.com");
            var domains = await sp.GetRequiredService<TenantDomains>().ListAsync();
            var reminders = await sp.GetRequiredService<ReminderSettingsStore>().SetOffsetHoursAsync(48);
            var template = await sp.GetRequiredService<NotificationTemplates>().SaveAsync(NotificationKinds.BookingConfirmed, NotificationChannels.Sms, null, "Hi");
            return (theme, logo, domain, domains, reminders, template);
        });

        Assert.All([theme.Code, logo.Code, domain.Code, domains.Code, reminders.Code, template.Code], code => Assert.Equal(ErrorCodes.Forbidden, code));
        Assert.Equal(ReminderSettings.DefaultOffsetHours, await app.InTenantAsync("acme", sp => sp.GetRequiredService<ReminderSettingsStore>().OffsetHoursAsync()));
    }

    [Fact]
    public async Task Staff_may_not_send_announcements_in_the_use_case()
    {
        var sam = await app.UserIdAsync("acme", "sam@acme.test");
        var outcome = await AsAsync("acme", Actor.Staff(sam), sp => sp.GetRequiredService<NotificationPublisher>()
            .PublishAsync(new NotificationRequest(NotificationKinds.Announcement, new NotificationAudience.Tenant(), "From staff", "", "app/notifications")));
        Assert.Equal(ErrorCodes.Forbidden, outcome.Code);
    }

    [Fact]
    public async Task Only_admins_read_the_tenants_security_log_and_only_operators_everyones()
    {
        var manager = await app.UserIdAsync("acme", "manager@acme.test");
        var admin = await app.UserIdAsync("acme", "admin@acme.test");
        var byManager = await AsAsync("acme", Actor.Manager(manager), sp => sp.GetRequiredService<SecurityLog>().PageAsync(SecurityLogScope.Tenant, PageRequest.First));
        var everyone = await AsAsync("acme", Actor.TenantAdmin(admin), sp => sp.GetRequiredService<SecurityLog>().PageAsync(SecurityLogScope.All, PageRequest.First));
        var own = await AsAsync("acme", Actor.Manager(manager), sp => sp.GetRequiredService<SecurityLog>().PageAsync(SecurityLogScope.Own, PageRequest.First));

        Assert.Equal(ErrorCodes.Forbidden, byManager.Code);
        Assert.Equal(ErrorCodes.Forbidden, everyone.Code);
        Assert.True(own.Succeeded);
    }

    [Fact]
    public async Task A_tenant_admin_on_the_host_side_administers_no_tenant_and_retries_nothing()
    {
        var admin = await app.UserIdAsync("acme", "admin@acme.test");
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreateHost();
        scope.ServiceProvider.GetRequiredService<ActorContext>().Set(Actor.TenantAdmin(admin));
        var tenants = scope.ServiceProvider.GetRequiredService<TenantAdministration>();
        var acme = await app.TenantIdAsync("acme");

        Assert.Equal(0, (await tenants.ListAsync(new TenantListQuery())).Total);
        Assert.Null(await tenants.GetAsync(acme));
        Assert.Equal(ErrorCodes.Forbidden, (await tenants.SuspendAsync(acme, admin)).Code);
        Assert.Equal(ErrorCodes.Forbidden, (await scope.ServiceProvider.GetRequiredService<OutboxAdministration>().RetryAsync(Guid.NewGuid(), admin)).Code);
        await using var host = app.Services.GetRequiredService<TenantScopeFactory>().CreateHost();
        Assert.Equal(TenantStatus.Active, (await host.ServiceProvider.GetRequiredService<TenantAdministration>().GetAsync(acme))!.Status);
    }

    [Fact]
    public async Task A_null_scope_is_refused_naming_scopes_and_makes_no_key()
    {
        using var admin = await app.SignedInAsync(Acme, "admin@acme.test");
        var name = $"Null scope {Guid.NewGuid():N}";
        var response = await admin.PostAsync("api/v1/api-keys", JsonContent.Create(JsonDocument.Parse($$"""{"name":"{{name}}","scopes":[null]}""").RootElement));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Equal(ErrorCodes.ValidationFailed, problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("scopes", out _), problem.ToString());
        Assert.DoesNotContain(name, await admin.GetStringAsync("api/v1/api-keys"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("api/v1/security-log?pageSize=0", "pageSize")]
    [InlineData("api/v1/security-log?pageSize=101", "pageSize")]
    [InlineData("api/v1/security-log?page=0", "page")]
    [InlineData("api/v1/notifications?pageSize=1000", "pageSize")]
    [InlineData("api/v1/notifications?page=-1", "page")]
    public async Task A_bad_page_is_a_400_naming_the_field_and_never_clamped(string path, string field)
    {
        using var admin = await app.SignedInAsync(Acme, "admin@acme.test");
        var response = await admin.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Equal(ErrorCodes.ValidationFailed, problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Lesser_roles_are_refused_by_the_api()
    {
        using var manager = await app.SignedInAsync(Acme, "manager@acme.test");
        using var staff = await app.SignedInAsync(Acme, "sam@acme.test");

        Assert.Equal(HttpStatusCode.Forbidden, (await manager.GetAsync("api/v1/security-log")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.DeleteAsync($"api/v1/invitations/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.PutAsJsonAsync("api/v1/notification-templates/booking.confirmed/sms", new { body = "Hi" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.DeleteAsync($"api/v1/api-keys/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync("api/v1/people")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync("api/v1/invitations")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.PutAsJsonAsync("api/v1/theme", new { primaryColor = "#000000", secondaryColor = "#FFFFFF", font = "System" })).StatusCode);
    }

    [Fact]
    public async Task A_tenants_template_stays_its_own()
    {
        using var acme = await app.SignedInAsync(Acme, "admin@acme.test");
        using var globex = await app.SignedInAsync("http://globex.localhost/", "admin@globex.test");
        var body = $"Acme only {Guid.NewGuid():N}";

        Assert.Equal(HttpStatusCode.OK, (await acme.PutAsJsonAsync("api/v1/notification-templates/booking.confirmed/sms", new { body })).StatusCode);

        var theirs = await (await globex.GetAsync("api/v1/notification-templates/booking.confirmed/sms")).JsonAsync();
        Assert.False(theirs.GetProperty("isCustom").GetBoolean());
        Assert.DoesNotContain(body, theirs.GetProperty("body").GetString(), StringComparison.Ordinal);
    }

    private async Task<T> AsAsync<T>(string slug, Actor actor, Func<IServiceProvider, Task<T>> work) =>
        await app.InTenantAsync(slug, sp =>
        {
            sp.GetRequiredService<ActorContext>().Set(actor);
            return work(sp);
        });
}
