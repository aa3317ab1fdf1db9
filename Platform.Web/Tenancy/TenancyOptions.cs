using System.ComponentModel.DataAnnotations;

namespace Platform.Web.Tenancy;

/// <summary>The <c>Tenancy</c> configuration section.</summary>
public sealed class TenancyOptions
{
    public const string Section = "Tenancy";

    /// <summary>Tenants are served at {slug}.{BaseDomain}; "localhost" in development (browsers resolve *.localhost to loopback).</summary>
    [Required]
    public string BaseDomain { get; set; } = "localhost";
}
