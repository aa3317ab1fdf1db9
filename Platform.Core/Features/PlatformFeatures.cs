using Platform.Core.Tenancy;

namespace Platform.Core.Features;

/// <summary>Features a plan can switch on. Names are stable: they are stored in overrides.</summary>
public static class PlatformFeatures
{
    public const string Branding = "Branding";
    public const string CustomDomains = "CustomDomains";
    public const string ApiAccess = "ApiAccess";
    public const string Reports = "Reports";
    public const string Workflows = "Workflows";
    public const string DedicatedDatabase = "DedicatedDatabase";

    public static readonly IReadOnlyList<FeatureDescription> All =
    [
        new(Branding, "Branding", "Own colours, logo and font on every page.", PlanTier.Free),
        new(CustomDomains, "Custom domains", "Serve the booking portal on the tenant's own domain.", PlanTier.Premium),
        new(ApiAccess, "API access", "Tenant-bound API keys for the REST API.", PlanTier.Premium),
        new(Reports, "Reports", "Booking analytics, exports and scheduled reports.", PlanTier.Premium),
        new(Workflows, "Workflows", "Visual approval and notification workflows.", PlanTier.Enterprise),
        new(DedicatedDatabase, "Dedicated database", "The tenant's data in a database of its own.", PlanTier.Enterprise),
    ];

    /// <summary>The plan decides; a host admin's per-tenant override wins over the plan.</summary>
    public static bool IsEnabled(TenantInfo tenant, string feature)
    {
        if (tenant.FeatureOverrides.TryGetValue(feature, out var overridden))
        {
            return overridden;
        }

        var description = All.FirstOrDefault(f => f.Name == feature);
        return description is not null && tenant.Plan >= description.MinimumPlan;
    }

    public static bool IsKnown(string feature) => All.Any(f => f.Name == feature);
}

public sealed record FeatureDescription(string Name, string Title, string Description, PlanTier MinimumPlan);
