using Microsoft.Extensions.DependencyInjection;
using Microsoft.FeatureManagement;

namespace Platform.Infrastructure.Features;

/// <summary>Plan features: each flag is on for the tenants whose plan includes it.</summary>
public static class FeaturesServiceCollectionExtensions
{
    public static IServiceCollection AddPlanFeatures(this IServiceCollection services)
    {
        services.AddSingleton<IFeatureDefinitionProvider, PlanFeatureDefinitions>();
        services.AddScopedFeatureManagement().AddFeatureFilter<TenantPlanFilter>();
        return services;
    }
}
