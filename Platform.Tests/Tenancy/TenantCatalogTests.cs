using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Tenancy;
using Platform.Tests.Support;

namespace Platform.Tests.Tenancy;

public class TenantCatalogTests(TenantCatalogTests.App app) : IClassFixture<TenantCatalogTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);

    [Fact]
    public async Task Lookups_are_cached_until_the_tenant_is_invalidated()
    {
        var id = await app.TenantIdAsync("globex");
        Assert.Equal("Globex Hair Studio", (await FindAsync(c => c.FindBySlugAsync("globex")))!.Name);

        // Change the row behind the catalog's back: the cached snapshot still answers.
        await RenameAsync(id, "Globex Salon");
        Assert.Equal("Globex Hair Studio", (await FindAsync(c => c.FindBySlugAsync("globex")))!.Name);
        Assert.Equal("Globex Hair Studio", (await FindAsync(c => c.FindByIdAsync(id)))!.Name);

        await FindAsync(async c =>
        {
            await c.InvalidateAsync(id);
            return null;
        });
        Assert.Equal("Globex Salon", (await FindAsync(c => c.FindBySlugAsync("globex")))!.Name);
        Assert.Equal("Globex Salon", (await FindAsync(c => c.FindByIdAsync(id)))!.Name);
    }

    [Fact]
    public async Task A_cached_miss_is_dropped_when_any_tenant_changes()
    {
        Assert.Null(await FindAsync(c => c.FindBySlugAsync("initech")));

        var acme = await app.TenantIdAsync("acme");
        await using (var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreateHost())
        {
            var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            db.Tenants.Add(new Platform.Core.Tenancy.Tenant { Slug = "initech", Name = "Initech", CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }

        Assert.Null(await FindAsync(c => c.FindBySlugAsync("initech")));
        var initech = await FindAsync(async c =>
        {
            await c.InvalidateAsync(acme);
            return await c.FindBySlugAsync("initech");
        });
        Assert.Equal("Initech", initech!.Name);
    }

    private async Task<Platform.Core.Tenancy.TenantInfo?> FindAsync(Func<TenantCatalog, ValueTask<Platform.Core.Tenancy.TenantInfo?>> find)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await find(scope.ServiceProvider.GetRequiredService<TenantCatalog>());
    }

    private async Task RenameAsync(Guid id, string name)
    {
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreateHost();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        await db.Tenants.Where(t => t.Id == id).ExecuteUpdateAsync(s => s.SetProperty(t => t.Name, name));
    }
}
