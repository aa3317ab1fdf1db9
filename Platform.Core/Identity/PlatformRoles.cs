namespace Platform.Core.Identity;

public static class PlatformRoles
{
    public const string HostAdmin = "HostAdmin";
    public const string TenantAdmin = "TenantAdmin";
    public const string Manager = "Manager";
    public const string Staff = "Staff";
    public const string Customer = "Customer";

    public static readonly IReadOnlyList<string> All = [HostAdmin, TenantAdmin, Manager, Staff, Customer];

    /// <summary>Roles a tenant admin may give to people they invite.</summary>
    public static readonly IReadOnlyList<string> InvitableStaff = [TenantAdmin, Manager, Staff];
}

/// <summary>Authorization policies; markup and endpoints ask for these, never for role names.</summary>
public static class PlatformPolicies
{
    /// <summary>Platform operators on the host side.</summary>
    public const string HostAdmin = "HostAdmin";

    /// <summary>Any staff member of the current tenant (admin, manager, staff).</summary>
    public const string TenantStaff = "TenantStaff";

    /// <summary>Managers and admins of the current tenant.</summary>
    public const string TenantManager = "TenantManager";

    /// <summary>Admins of the current tenant.</summary>
    public const string TenantAdmin = "TenantAdmin";

    /// <summary>A signed-in customer of the current tenant.</summary>
    public const string Customer = "Customer";
}

public static class PlatformClaims
{
    /// <summary>The tenant a signed-in user belongs to; absent for host operators.</summary>
    public const string TenantId = "platform:tenant";
}
