using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Core.Common;
using Platform.Core.Identity;
using Platform.Core.Tenancy;
using Platform.Core.Workflows;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Identity;
using Platform.Infrastructure.Security;
using Platform.Infrastructure.Tenancy;
using Platform.Infrastructure.Workflows;

namespace Platform.Infrastructure.Seeding;

/// <summary>
/// Brings the database up to date at start-up: migrations, SQLite WAL mode, roles, and demo data when asked. A restart on
/// a database that is up to date only reads: whether a migration is pending, which roles exist, whether customers wait
/// for their e-mail key and whether there are tenants (ADR 0026).
/// </summary>
public sealed class DatabaseInitializer(
    IServiceProvider services,
    IOptions<DatabaseOptions> options,
    TimeProvider clock,
    ILogger<DatabaseInitializer> logger)
{
    /// <param name="seedDemo">Seed the demo tenants, accounts, catalog and API keys into an empty database.</param>
    /// <param name="seedDemoBookings">With the demo, also fill the calendars with bookings (past and coming).</param>
    /// <returns>True when demo data was seeded on this start.</returns>
    public async Task<bool> InitializeAsync(bool seedDemo, bool seedDemoBookings = false, CancellationToken ct = default)
    {
        var scopes = services.GetRequiredService<TenantScopeFactory>();
        await using (var scope = scopes.CreateHost())
        {
            var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            if (options.Value.MigrateOnStartup && await HasPendingMigrationsAsync(db, ct))
            {
                await db.Database.MigrateAsync(ct);
            }

            if (db.Database.IsSqlite())
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", ct);
            }

            await SeedRolesAsync(scope.ServiceProvider.GetRequiredService<RoleManager<PlatformRole>>(), ct);
            await services.GetRequiredService<CustomerEmailBackfill>().RunAsync(ct);

            if (!seedDemo || await db.Tenants.AnyAsync(ct))
            {
                return false;
            }

            await SeedHostAdminAsync(scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>(), scope.ServiceProvider.GetRequiredService<SecondFactors>());
            foreach (var demo in DemoAccounts.Tenants)
            {
                db.Tenants.Add(new Tenant
                {
                    Slug = demo.Slug,
                    Name = demo.Name,
                    Plan = demo.Plan,
                    DefaultCurrency = demo.Currency,
                    TimeZone = demo.TimeZone,
                    Culture = demo.Culture,
                    Address = demo.Address,
                    Region = demo.Currency == "EUR" ? "eu-central" : "us-east",
                    Theme = demo.Theme,
                    CreatedAt = clock.GetUtcNow(),
                });
            }

            await db.SaveChangesAsync(ct);
        }

        foreach (var demo in DemoAccounts.Tenants)
        {
            await SeedTenantUsersAsync(scopes, demo, seedDemoBookings, ct);
        }

        logger.LogInformation("Seeded demo data: {TenantCount} tenants", DemoAccounts.Tenants.Count);
        return true;
    }

    /// <summary>
    /// Whether this build has a migration the database lacks: one read of the history table. MigrateAsync itself takes the
    /// migration lock and compares the model with the migrations' snapshot on every call, which costs a start more than all
    /// the rest of this initializer when there is nothing to apply. Nodes starting together may both find a migration
    /// pending; MigrateAsync's lock then lets one apply it and the other find nothing left.
    /// </summary>
    private static async Task<bool> HasPendingMigrationsAsync(PlatformDbContext db, CancellationToken ct)
    {
        var applied = (await db.Database.GetAppliedMigrationsAsync(ct)).ToHashSet(StringComparer.Ordinal);
        return db.Database.GetMigrations().Any(m => !applied.Contains(m));
    }

    /// <summary>Creates the roles that are missing, after one query for the names of those there are.</summary>
    private static async Task SeedRolesAsync(RoleManager<PlatformRole> roles, CancellationToken ct)
    {
        var existing = (await roles.Roles.Select(r => r.NormalizedName).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        foreach (var role in PlatformRoles.All.Where(r => !existing.Contains(roles.NormalizeKey(r))))
        {
            Check(await roles.CreateAsync(new PlatformRole(role)));
        }
    }

    private async Task SeedHostAdminAsync(UserManager<PlatformUser> users, SecondFactors secondFactors)
    {
        var admin = new PlatformUser
        {
            UserName = DemoAccounts.HostAdminEmail,
            Email = DemoAccounts.HostAdminEmail,
            EmailConfirmed = true,
            DisplayName = "Olivia Operator",
            CreatedAt = clock.GetUtcNow(),
        };
        Check(await users.CreateAsync(admin, DemoAccounts.Password));
        Check(await users.AddToRoleAsync(admin, PlatformRoles.HostAdmin));
        await secondFactors.EnrollKnownSecretAsync(admin, DemoAccounts.AuthenticatorSecrets[DemoAccounts.HostAdminEmail]);
    }

    private async Task SeedTenantUsersAsync(TenantScopeFactory scopes, DemoTenant demo, bool withBookings, CancellationToken ct)
    {
        Guid tenantId;
        await using (var host = scopes.CreateHost())
        {
            tenantId = await host.ServiceProvider.GetRequiredService<PlatformDbContext>().Tenants
                .Where(t => t.Slug == demo.Slug).Select(t => t.Id).SingleAsync(ct);
        }

        await using var scope = await scopes.CreateAsync(tenantId, ct);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>();
        foreach (var person in demo.Users)
        {
            var user = new PlatformUser
            {
                UserName = person.Email,
                Email = person.Email,
                EmailConfirmed = true,
                DisplayName = person.DisplayName,
                CreatedAt = clock.GetUtcNow(),
            };
            Check(await users.CreateAsync(user, DemoAccounts.Password));
            Check(await users.AddToRoleAsync(user, person.Role));
            if (DemoAccounts.AuthenticatorSecrets.TryGetValue(person.Email, out var totpSecret))
            {
                await scope.ServiceProvider.GetRequiredService<SecondFactors>().EnrollKnownSecretAsync(user, totpSecret, ct);
            }
        }

        await DemoBookingData.SeedAsync(scopes, tenantId, demo, clock, ct);
        if (withBookings)
        {
            await DemoBookingData.SeedBookingsAsync(scopes, tenantId, clock, ct);
            await SeedWorkflowsAsync(scope.ServiceProvider, ct);
        }

        if (DemoAccounts.ApiKeys.TryGetValue(demo.Slug, out var secret))
        {
            var created = await scope.ServiceProvider.GetRequiredService<ApiKeys>()
                .ImportAsync(new CreateApiKey("Demo key", ApiKeyScopes.All), secret, ct);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException("Seeding the demo API key failed: " + string.Join("; ", created.Errors.SelectMany(e => e.Value)));
            }
        }
    }

    /// <summary>
    /// The workflow templates, for the running demo: the two-manager approval and the no-show follow-up published (the
    /// approval replaces the built-in one), the SMS reminder and the webhook left as drafts to look at.
    /// </summary>
    private static async Task SeedWorkflowsAsync(IServiceProvider scope, CancellationToken ct)
    {
        var definitions = scope.GetRequiredService<WorkflowDefinitions>();
        foreach (var template in WorkflowTemplates.All)
        {
            var draft = Seeded(await definitions.CreateFromTemplateAsync(template.Key, null, ct), $"Seeding the workflow template {template.Key}");
            if (template.Key is WorkflowTemplates.TwoApprovals or WorkflowTemplates.NoShowFollowUp)
            {
                Seeded(await definitions.PublishAsync(draft.Workflow.Id, ct), $"Publishing the workflow template {template.Key}");
            }
        }

        static T Seeded<T>(Outcome<T> outcome, string what) => outcome.Succeeded
            ? outcome.Value!
            : throw new InvalidOperationException($"{what} failed: " + string.Join("; ", outcome.Errors.SelectMany(e => e.Value)));
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Seeding failed: " + string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}
