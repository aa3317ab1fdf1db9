using Microsoft.AspNetCore.Identity;

namespace Platform.Infrastructure.Identity;

/// <summary>
/// A person who signs in. Tenant-scoped: the same e-mail can exist once per tenant, as separate
/// accounts. Host operators have no tenant.
/// </summary>
public sealed class PlatformUser : IdentityUser<Guid>
{
    public PlatformUser()
    {
        Id = Guid.CreateVersion7();
        SecurityStamp = Guid.NewGuid().ToString();
    }

    /// <summary>The tenant the account belongs to; null for host operators.</summary>
    public Guid? TenantId { get; set; }

    [PersonalData]
    public string DisplayName { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class PlatformRole : IdentityRole<Guid>
{
    public PlatformRole()
    {
        Id = Guid.CreateVersion7();
    }

    public PlatformRole(string name) : this()
    {
        Name = name;
        NormalizedName = name.ToUpperInvariant();
    }
}
