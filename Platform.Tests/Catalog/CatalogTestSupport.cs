using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Bookings;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Data;
using Platform.Tests.Support;

namespace Platform.Tests.Catalog;

/// <summary>Rows of every catalog table over all tenants, to prove that a refused command wrote nothing.</summary>
public sealed record CatalogCounts(int Services, int Offerings, int Providers, int WeeklyHours, int Overrides, int TimeOff);

public static class CatalogTestSupport
{
    public static async Task<CatalogCounts> CatalogCountsAsync(this PlatformAppFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        return new CatalogCounts(
            await db.Services.IgnoreQueryFilters().CountAsync(),
            await db.ServiceOfferings.IgnoreQueryFilters().CountAsync(),
            await db.Providers.IgnoreQueryFilters().CountAsync(),
            await db.Set<WeeklyHours>().IgnoreQueryFilters().CountAsync(),
            await db.Set<HoursOverride>().IgnoreQueryFilters().CountAsync(),
            await db.Set<TimeOff>().IgnoreQueryFilters().CountAsync());
    }

    public static Task<T> CatalogAsync<T>(this PlatformAppFactory app, string slug, Func<ServiceCatalog, Task<T>> work) =>
        app.InTenantAsync(slug, sp => work(sp.GetRequiredService<ServiceCatalog>()));

    public static Task<T> ProvidersAsync<T>(this PlatformAppFactory app, string slug, Func<ProviderDirectory, Task<T>> work) =>
        app.InTenantAsync(slug, sp => work(sp.GetRequiredService<ProviderDirectory>()));

    /// <summary>The seeded services and providers of a tenant, by name.</summary>
    public static async Task<(Dictionary<string, Guid> Services, Dictionary<string, Guid> Providers)> DemoCatalogAsync(this PlatformAppFactory app, string slug)
    {
        var services = await app.CatalogAsync(slug, c => c.ListAsync(new ServiceQuery(1, 100, null)));
        var providers = await app.ProvidersAsync(slug, p => p.ListAsync(new ProviderQuery(1, 100, null, IncludeInactive: true)));
        return (services.Items.ToDictionary(s => s.Name, s => s.Id), providers.Items.ToDictionary(p => p.DisplayName, p => p.Id));
    }
}
