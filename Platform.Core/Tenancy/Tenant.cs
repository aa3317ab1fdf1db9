namespace Platform.Core.Tenancy;

/// <summary>A business that runs its bookings on the platform. Catalog data: not tenant-filtered.</summary>
public sealed class Tenant
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required string Slug { get; set; }

    public required string Name { get; set; }

    public TenantStatus Status { get; set; } = TenantStatus.Active;

    public PlanTier Plan { get; set; } = PlanTier.Free;

    public string Region { get; set; } = Regions.Default;

    /// <summary>ISO 4217 code.</summary>
    public string DefaultCurrency { get; set; } = "USD";

    /// <summary>IANA time zone id.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>The language and region its dates, times and prices are written in, such as en-US (see <see cref="TenantCultures"/>).</summary>
    public string Culture { get; set; } = TenantCultures.Default;

    public TenantTheme Theme { get; set; } = TenantTheme.Default;

    /// <summary>Where customers come for their appointments, as the tenant typed it (see <see cref="BusinessAddress"/>); null for none.</summary>
    public string? Address { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public List<TenantDomain> Domains { get; init; } = [];

    public List<TenantFeatureOverride> FeatureOverrides { get; init; } = [];

    public TenantInfo ToInfo() => new(Id, Slug, Name, Status, Plan, Region, DefaultCurrency, TimeZone, Theme,
        FeatureOverrides.ToDictionary(o => o.Feature, o => o.Enabled, StringComparer.Ordinal))
    {
        Culture = Culture,
        Address = Address,
    };
}

/// <summary>A custom domain (for example book.acme-physio.com) that resolves to its tenant.</summary>
public sealed class TenantDomain
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    /// <summary>Lower-case host name without port.</summary>
    public required string Host { get; set; }

    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A host admin's exception to the tenant's plan: a feature switched on or off for this tenant only.</summary>
public sealed class TenantFeatureOverride
{
    public Guid TenantId { get; init; }

    public required string Feature { get; init; }

    public bool Enabled { get; set; }
}

/// <summary>An immutable snapshot of a tenant, safe to cache and to hold for a whole circuit.</summary>
public sealed record TenantInfo(
    Guid Id,
    string Slug,
    string Name,
    TenantStatus Status,
    PlanTier Plan,
    string Region,
    string DefaultCurrency,
    string TimeZone,
    TenantTheme Theme,
    IReadOnlyDictionary<string, bool> FeatureOverrides)
{
    /// <summary>The language and region its dates, times and prices are written in.</summary>
    public string Culture { get; init; } = TenantCultures.Default;

    /// <summary>Where customers come for their appointments, as the tenant typed it; null for none.</summary>
    public string? Address { get; init; }

    public bool IsActive => Status == TenantStatus.Active;
}

public static class Regions
{
    public const string Default = "eu-central";

    public static readonly IReadOnlyList<string> All = ["eu-central", "us-east", "ap-southeast"];
}
