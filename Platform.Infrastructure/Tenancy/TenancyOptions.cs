using System.ComponentModel.DataAnnotations;

namespace Platform.Infrastructure.Tenancy;

/// <summary>The <c>Tenancy</c> configuration section.</summary>
public sealed class TenancyOptions
{
    public const string Section = "Tenancy";

    /// <summary>Tenants are served at {slug}.{BaseDomain}; "localhost" in development (browsers resolve *.localhost to loopback).</summary>
    [Required]
    public string BaseDomain { get; set; } = "localhost";

    /// <summary>The base domain as host names are compared: lower case.</summary>
    public string NormalizedBaseDomain => BaseDomain.ToLowerInvariant();
}
