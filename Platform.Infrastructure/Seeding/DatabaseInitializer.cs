using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Core.Identity;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Identity;
using Platform.Infrastructure.Security;
using Platform.Infrastructure.Tenancy;

namespace Platform.Infrastructure.Seeding;

/// <summary>Brings the database up to date at start-up: migrations, SQLite WAL mode, roles, and demo data when asked.</summary>
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
            if (options.Value.MigrateOnStartup)
            {
                await db.Database.MigrateAsync(ct);
            }

            if (db.Database.IsSqlite())
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", ct);
            }

            await SeedRolesAsync(scope.ServiceProvider.GetRequiredService<RoleManager<PlatformRole>>());
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

    private static async Task SeedRolesAsync(RoleManager<PlatformRole> roles)
    {
        foreach (var role in PlatformRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new PlatformRole(role)));
            }
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

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Seeding failed: " + string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}
