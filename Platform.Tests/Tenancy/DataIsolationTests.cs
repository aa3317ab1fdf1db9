using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Identity;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Identity;
using Platform.Infrastructure.Tenancy;
using Platform.Tests.Support;

namespace Platform.Tests.Tenancy;

/// <summary>The data layer's guarantees, on both SQLite and PostgreSQL: filter, stamp, refuse.</summary>
public abstract class DataIsolationTests(PlatformAppFactory app)
{
    [Fact]
    public async Task A_tenant_scope_sees_only_its_own_users()
    {
        var acmeEmails = await app.InTenantAsync("acme", sp =>
            sp.GetRequiredService<PlatformDbContext>().Users.Select(u => u.Email!).ToListAsync());
        var globexEmails = await app.InTenantAsync("globex", sp =>
            sp.GetRequiredService<PlatformDbContext>().Users.Select(u => u.Email!).ToListAsync());

        Assert.Contains("admin@acme.test", acmeEmails);
        Assert.DoesNotContain(acmeEmails, e => e.EndsWith("@globex.test", StringComparison.Ordinal));
        Assert.Contains("admin@globex.test", globexEmails);
        Assert.DoesNotContain(globexEmails, e => e.EndsWith("@acme.test", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Finding_a_user_by_email_finds_the_account_of_the_current_tenant()
    {
        var acme = await app.TenantIdAsync("acme");
        var globex = await app.TenantIdAsync("globex");
        var inAcme = await app.InTenantAsync("acme", sp => sp.GetRequiredService<UserManager<PlatformUser>>().FindByEmailAsync("carla@example.com"));
        var inGlobex = await app.InTenantAsync("globex", sp => sp.GetRequiredService<UserManager<PlatformUser>>().FindByEmailAsync("carla@example.com"));

        Assert.Equal(acme, inAcme!.TenantId);
        Assert.Equal(globex, inGlobex!.TenantId);
        Assert.NotEqual(inAcme.Id, inGlobex.Id);
    }

    [Fact]
    public async Task Inserting_a_row_with_another_tenants_id_throws_and_writes_nothing()
    {
        var globex = await app.TenantIdAsync("globex");
        var before = await CountInvitationsAsync("globex");

        await Assert.ThrowsAsync<TenantMismatchException>(() => app.InTenantAsync("acme", async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            db.StaffInvitations.Add(Invitation(globex));
            return await db.SaveChangesAsync();
        }));

        Assert.Equal(before, await CountInvitationsAsync("globex"));
    }

    [Fact]
    public async Task An_insert_without_a_tenant_id_is_stamped_with_the_current_tenant()
    {
        var acme = await app.TenantIdAsync("acme");
        var id = await app.InTenantAsync("acme", async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            var invitation = Invitation(Guid.Empty);
            db.StaffInvitations.Add(invitation);
            await db.SaveChangesAsync();
            return invitation.Id;
        });

        var stored = await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().StaffInvitations.SingleAsync(i => i.Id == id));
        Assert.Equal(acme, stored.TenantId);
        Assert.Null(await app.InTenantAsync("globex", sp => sp.GetRequiredService<PlatformDbContext>().StaffInvitations.SingleOrDefaultAsync(i => i.Id == id)));
    }

    [Fact]
    public async Task Changing_another_tenants_row_throws_even_when_it_was_loaded_around_the_filter()
    {
        var globexInvitation = await app.InTenantAsync("globex", async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            var invitation = Invitation(Guid.Empty);
            db.StaffInvitations.Add(invitation);
            await db.SaveChangesAsync();
            return invitation.Id;
        });

        await Assert.ThrowsAsync<TenantMismatchException>(() => app.InTenantAsync("acme", async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            var row = await db.StaffInvitations.IgnoreQueryFilters([PlatformDbContext.TenantFilter]).SingleAsync(i => i.Id == globexInvitation);
            row.RevokedAt = DateTimeOffset.UtcNow;
            return await db.SaveChangesAsync();
        }));

        var after = await app.InTenantAsync("globex", sp => sp.GetRequiredService<PlatformDbContext>().StaffInvitations.SingleAsync(i => i.Id == globexInvitation));
        Assert.Null(after.RevokedAt);
    }

    [Fact]
    public async Task Creating_a_user_for_another_tenant_throws()
    {
        var globex = await app.TenantIdAsync("globex");
        await Assert.ThrowsAsync<TenantMismatchException>(() => app.InTenantAsync("acme", async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PlatformUser>>();
            return await users.CreateAsync(new PlatformUser { UserName = "intruder@example.com", Email = "intruder@example.com", TenantId = globex }, "Intruder!Passw0rd");
        }));

        var found = await app.InTenantAsync("globex", sp => sp.GetRequiredService<UserManager<PlatformUser>>().FindByEmailAsync("intruder@example.com"));
        Assert.Null(found);
    }

    [Fact]
    public async Task A_scope_without_a_tenant_sees_no_tenant_rows_and_cannot_insert_them()
    {
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreateHost();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        Assert.Empty(await db.StaffInvitations.ToListAsync());
        Assert.DoesNotContain(await db.Users.Select(u => u.Email).ToListAsync(), e => e!.EndsWith("@acme.test", StringComparison.Ordinal));

        db.StaffInvitations.Add(Invitation(Guid.Empty));
        await Assert.ThrowsAsync<TenantMismatchException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task A_scope_cannot_switch_tenant_once_set()
    {
        var globex = await app.InTenantAsync("globex", sp => Task.FromResult(sp.GetRequiredService<ITenantContext>().Tenant!));
        await Assert.ThrowsAsync<TenantMismatchException>(() => app.InTenantAsync("acme", sp =>
        {
            sp.GetRequiredService<ITenantContext>().Set(globex);
            return Task.FromResult(0);
        }));
    }

    private Task<int> CountInvitationsAsync(string slug) =>
        app.InTenantAsync(slug, sp => sp.GetRequiredService<PlatformDbContext>().StaffInvitations.CountAsync());

    private static StaffInvitation Invitation(Guid tenantId) => new()
    {
        TenantId = tenantId,
        Email = $"{Guid.NewGuid():N}@example.com",
        DisplayName = "Test Person",
        Role = PlatformRoles.Staff,
        TokenHash = Convert.ToHexString(Guid.NewGuid().ToByteArray()) + Convert.ToHexString(Guid.NewGuid().ToByteArray()),
        CreatedAt = DateTimeOffset.UtcNow,
        ExpiresAt = DateTimeOffset.UtcNow.AddDays(1),
    };
}

public sealed class SqliteDataIsolationTests(SqliteDataIsolationTests.App app) : DataIsolationTests(app), IClassFixture<SqliteDataIsolationTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);
}

public sealed class PostgresDataIsolationTests(PostgresDataIsolationTests.App app) : DataIsolationTests(app), IClassFixture<PostgresDataIsolationTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Postgres);
}
