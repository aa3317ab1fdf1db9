using Microsoft.FeatureManagement;
using Platform.Core.Features;
using Platform.Core.Tenancy;

namespace Platform.Infrastructure.Features;

/// <summary>Defines every platform feature as gated by <see cref="TenantPlanFilter"/>, instead of listing them in configuration.</summary>
public sealed class PlanFeatureDefinitions : IFeatureDefinitionProvider
{
    private static readonly Dictionary<string, FeatureDefinition> Definitions = PlatformFeatures.All.ToDictionary(
        f => f.Name,
        f => new FeatureDefinition
        {
            Name = f.Name,
            EnabledFor = [new FeatureFilterConfiguration { Name = TenantPlanFilter.Alias }],
        },
        StringComparer.Ordinal);

    public Task<FeatureDefinition?> GetFeatureDefinitionAsync(string featureName) =>
        Task.FromResult(Definitions.GetValueOrDefault(featureName));

    public async IAsyncEnumerable<FeatureDefinition> GetAllFeatureDefinitionsAsync()
    {
        foreach (var definition in Definitions.Values)
        {
            yield return definition;
        }

        await Task.CompletedTask;
    }
}

/// <summary>On when the current tenant's plan includes the feature or a host admin switched it on for the tenant.</summary>
[FilterAlias(Alias)]
public sealed class TenantPlanFilter(ITenantContext tenantContext) : IFeatureFilter
{
    public const string Alias = "TenantPlan";

    public Task<bool> EvaluateAsync(FeatureFilterEvaluationContext context) =>
        Task.FromResult(tenantContext.Tenant is { } tenant && PlatformFeatures.IsEnabled(tenant, context.FeatureName));
}
