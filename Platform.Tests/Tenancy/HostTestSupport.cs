using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Platform.Core.Common;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Identity;
using Platform.Infrastructure.Seeding;
using Platform.Infrastructure.Tenancy;
using Platform.Tests.Support;

namespace Platform.Tests.Tenancy;

/// <summary>One SQLite app shared by the host tests; each test makes tenants of its own so they do not interfere.</summary>
public sealed class HostSqliteApp() : PlatformAppFactory(TestDatabase.Sqlite);

[CollectionDefinition(Name)]
public sealed class HostSqliteCollection : ICollectionFixture<HostSqliteApp>
{
    public const string Name = "Host on SQLite";
}

/// <summary>Rows and mails that a refused host action must leave as they were.</summary>
public sealed record CatalogCounts(int Tenants, int Domains, int Overrides, int Invitations, int Users, int Mails);

public static class HostTestSupport
{
    /// <summary>Runs code with <see cref="TenantAdministration"/> in a host scope, as the demo operator.</summary>
    public static Task<T> AdministerAsync<T>(this PlatformAppFactory app, Func<TenantAdministration, Guid, Task<T>> work) =>
        AdministerAsync(app.Services, work);

    public static async Task<T> AdministerAsync<T>(IServiceProvider services, Func<TenantAdministration, Guid, Task<T>> work)
    {
        await using var scope = services.GetRequiredService<TenantScopeFactory>().CreateHost();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>();
        var host = await users.FindByEmailAsync(DemoAccounts.HostAdminEmail) ?? throw new InvalidOperationException("No host admin.");
        return await work(scope.ServiceProvider.GetRequiredService<TenantAdministration>(), host.Id);
    }

    /// <summary>A valid command for a new tenant; slug and admin e-mail are unique per call unless given.</summary>
    public static CreateTenant NewTenant(string? slug = null, PlanTier plan = PlanTier.Premium)
    {
        slug ??= UniqueSlug();
        return new CreateTenant(slug, "Test Clinic", plan, "eu-central", "EUR", "Europe/Vienna", $"admin@{slug}.example.com", "Fiona First");
    }

    public static string UniqueSlug(string prefix = "t") => $"{prefix}-{Guid.NewGuid():N}"[..20];

    public static string AcceptUrl(string slug) => $"http://{slug}.localhost/Account/AcceptInvitation";

    public static Task<Outcome<TenantDetails>> CreateTenantAsync(this PlatformAppFactory app, CreateTenant command) =>
        app.AdministerAsync((admin, host) => admin.CreateAsync(command, host, AcceptUrl));

    public static async Task<CatalogCounts> CountAsync(this PlatformAppFactory app)
    {
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreateHost();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var mails = Directory.Exists(app.MailFolder) ? Directory.GetFiles(app.MailFolder, "*.eml").Length : 0;
        return new CatalogCounts(
            await db.Tenants.CountAsync(),
            await db.TenantDomains.CountAsync(),
            await db.TenantFeatureOverrides.CountAsync(),
            await db.StaffInvitations.IgnoreQueryFilters([PlatformDbContext.TenantFilter]).CountAsync(),
            await db.Users.IgnoreQueryFilters([PlatformDbContext.TenantFilter]).CountAsync(),
            mails);
    }

    /// <summary>The messages in the pickup folder addressed to <paramref name="address"/>, oldest first.</summary>
    public static IReadOnlyList<MimeMessage> MailsTo(this PlatformAppFactory app, string address) =>
        Directory.Exists(app.MailFolder)
            ? [.. Directory.GetFiles(app.MailFolder, "*.eml").Order(StringComparer.Ordinal).Select(path => MimeMessage.Load(path))
                .Where(m => m.To.Mailboxes.Any(to => string.Equals(to.Address, address, StringComparison.OrdinalIgnoreCase)))]
            : [];
}
