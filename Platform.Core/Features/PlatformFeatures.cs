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
        new(Reports, "Reports", "A report builder with Excel, PDF and CSV exports and reports sent by e-mail on a schedule.", PlanTier.Premium),
        new(Workflows, "Visual workflow designer", "Design approval and notification workflows on a canvas, several admins at once.", PlanTier.Enterprise, Exists: false),
        new(DedicatedDatabase, "Dedicated database", "The tenant's data in a database of its own.", PlanTier.Enterprise, Exists: false),
    ];

    /// <summary>
    /// The features a tenant can use today, the ones a plan may be sold with. The others keep their names (the operator
    /// can already set overrides for them) and join this list when they are built: switch on their <c>Exists</c>.
    /// </summary>
    public static readonly IReadOnlyList<FeatureDescription> Offered = [.. All.Where(f => f.Exists)];

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

/// <summary>A feature a plan can include; Exists is false while it is planned but not built yet.</summary>
public sealed record FeatureDescription(string Name, string Title, string Description, PlanTier MinimumPlan, bool Exists = true);
