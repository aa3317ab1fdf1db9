using Microsoft.Extensions.DependencyInjection;
using Microsoft.FeatureManagement;
using Platform.Core.Features;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Tenancy;

namespace Platform.Tests.Tenancy;

/// <summary>A host admin's override wins over the plan wherever features are asked: IFeatureManager in the tenant's scope.</summary>
[Collection(HostSqliteCollection.Name)]
public sealed class FeatureOverrideTests(HostSqliteApp app)
{
    [Fact]
    public async Task Switching_custom_domains_off_and_on_for_acme_is_what_the_feature_manager_says()
    {
        var acme = await app.TenantIdAsync("acme");
        Assert.True(await CustomDomainsAsync("acme"));

        try
        {
            Assert.True((await app.AdministerAsync((admin, me) => admin.SetFeatureOverrideAsync(acme, PlatformFeatures.CustomDomains, false, me))).Succeeded);
            Assert.False(await CustomDomainsAsync("acme"));

            await app.AdministerAsync((admin, me) => admin.SetFeatureOverrideAsync(acme, PlatformFeatures.CustomDomains, true, me));
            Assert.True(await CustomDomainsAsync("acme"));
        }
        finally
        {
            await app.AdministerAsync((admin, me) => admin.SetFeatureOverrideAsync(acme, PlatformFeatures.CustomDomains, null, me));
        }

        Assert.True(await CustomDomainsAsync("acme"));
    }

    [Fact]
    public async Task A_free_tenant_lacks_custom_domains_by_plan_unless_forced_on()
    {
        var command = HostTestSupport.NewTenant(plan: PlanTier.Free);
        var id = (await app.CreateTenantAsync(command)).Value!.Id;

        Assert.False(await CustomDomainsAsync(command.Slug));
        Assert.True(await app.InTenantAsync(command.Slug, sp => sp.GetRequiredService<IFeatureManager>().IsEnabledAsync(PlatformFeatures.Branding)));

        await app.AdministerAsync((admin, me) => admin.SetFeatureOverrideAsync(id, PlatformFeatures.CustomDomains, true, me));
        Assert.True(await CustomDomainsAsync(command.Slug));

        await app.AdministerAsync((admin, me) => admin.UpdateAsync(id, new UpdateTenant("Test Clinic", PlanTier.Premium, "eu-central", "EUR", "UTC"), me));
        await app.AdministerAsync((admin, me) => admin.SetFeatureOverrideAsync(id, PlatformFeatures.CustomDomains, null, me));
        Assert.True(await CustomDomainsAsync(command.Slug));
    }

    private Task<bool> CustomDomainsAsync(string slug) =>
        app.InTenantAsync(slug, sp => sp.GetRequiredService<IFeatureManager>().IsEnabledAsync(PlatformFeatures.CustomDomains));
}
