using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Access;
using Platform.Core.Bookings;
using Platform.Core.Common;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Identity;
using Platform.Tests.Support;

namespace Platform.Tests.Bookings;

/// <summary>Rows of every catalog table over all tenants, to prove that a refused command wrote nothing.</summary>
public sealed record CatalogCounts(int Services, int Offerings, int Providers, int WeeklyHours, int Overrides, int TimeOff);

/// <summary>The actors below a manager that the catalog's refusals are tested with.</summary>
public static class CatalogActors
{
    public static Actor Lesser(string who) => who switch
    {
        "staff" => Actor.Staff(Guid.NewGuid()),
        "customer" => Actor.Customer(Guid.NewGuid()),
        "anonymous" => Actor.Anonymous,
        "key" => Actor.Integration(Guid.NewGuid(), ApiKeyScopes.All),
        "key without catalog scope" => Actor.Integration(Guid.NewGuid(), [ApiKeyScopes.BookingsRead, ApiKeyScopes.BookingsWrite, ApiKeyScopes.PeopleRead]),
        _ => throw new ArgumentOutOfRangeException(nameof(who), who, null),
    };
}

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

    /// <summary>The service, or null when the catalog says it is not found; any other refusal fails the test.</summary>
    public static async Task<ServiceDetails?> FindAsync(this ServiceCatalog catalog, Guid id) => Found(await catalog.GetAsync(id));

    /// <summary>The provider, or null when the directory says it is not found; any other refusal fails the test.</summary>
    public static async Task<ProviderDetails?> FindAsync(this ProviderDirectory directory, Guid id) => Found(await directory.GetAsync(id));

    /// <summary>The page a list read returned; a refusal fails the test.</summary>
    public static async Task<Page<T>> PageAsync<T>(this Task<Outcome<Page<T>>> list)
    {
        var outcome = await list;
        Assert.True(outcome.Succeeded, string.Join(" ", outcome.Errors.Values.SelectMany(m => m)));
        return outcome.Value!;
    }

    private static T? Found<T>(Outcome<T> outcome)
        where T : class
    {
        Assert.True(outcome.Succeeded || outcome.Code == Core.Errors.ErrorCodes.NotFound, outcome.Code);
        return outcome.Value;
    }

    /// <summary>The seeded services and providers of a tenant, by name.</summary>
    public static async Task<(Dictionary<string, Guid> Services, Dictionary<string, Guid> Providers)> DemoCatalogAsync(this PlatformAppFactory app, string slug)
    {
        var services = await app.CatalogAsync(slug, c => c.ListAsync(new ServiceQuery(PageRequest.Of(1, 100), null)).PageAsync());
        var providers = await app.ProvidersAsync(slug, p => p.ListAsync(new ProviderQuery(PageRequest.Of(1, 100), null, IncludeInactive: true)).PageAsync());
        return (services.Items.ToDictionary(s => s.Name, s => s.Id), providers.Items.ToDictionary(p => p.DisplayName, p => p.Id));
    }
}
