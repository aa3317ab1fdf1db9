using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Features;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Tenancy;
using Platform.Tests.Support;

namespace Platform.Tests.Tenancy;

public class CustomDomainResolutionTests(CustomDomainResolutionTests.App app) : IClassFixture<CustomDomainResolutionTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);

    [Fact]
    public async Task A_host_name_that_is_nobodys_gets_the_404_page_not_the_host_side()
    {
        using var client = app.CreateClientFor("http://unknown.example.com/");
        var response = await client.GetAsync("");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("No such business", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("host")).StatusCode);
    }

    [Fact]
    public async Task A_custom_domain_serves_its_tenant_only_while_the_plan_includes_custom_domains()
    {
        var acme = await app.TenantIdAsync("acme");
        await WithHostDbAsync(db => db.TenantDomains.Add(new TenantDomain { TenantId = acme, Host = "book.acme-physio.com", CreatedAt = DateTimeOffset.UtcNow }), acme);

        using var client = app.CreateClientFor("http://book.acme-physio.com/");
        Assert.Contains("Welcome to Acme Physiotherapy", await client.GetStringAsync(""), StringComparison.Ordinal);

        await WithHostDbAsync(db => db.TenantFeatureOverrides.Add(new TenantFeatureOverride { TenantId = acme, Feature = PlatformFeatures.CustomDomains, Enabled = false }), acme);
        var response = await client.GetAsync("");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);

        await WithHostDbAsync(db => db.TenantFeatureOverrides.Remove(db.TenantFeatureOverrides.Single(o => o.TenantId == acme)), acme);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("")).StatusCode);
    }

    private async Task WithHostDbAsync(Action<PlatformDbContext> change, Guid tenantId)
    {
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreateHost();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        change(db);
        await db.SaveChangesAsync();
        await scope.ServiceProvider.GetRequiredService<TenantCatalog>().InvalidateAsync(tenantId);
    }
}
