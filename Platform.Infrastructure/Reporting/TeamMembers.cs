using Platform.Core.Identity;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Identity;

namespace Platform.Infrastructure.Reporting;

/// <summary>The business's team as reporting counts it: its admins, managers and staff, whatever each caller projects of them.</summary>
internal static class TeamMembers
{
    private static readonly string[] Roles = [PlatformRoles.TenantAdmin, PlatformRoles.Manager, PlatformRoles.Staff];

    /// <summary>The users of the current tenant who hold a team role.</summary>
    public static IQueryable<PlatformUser> Of(PlatformDbContext db) =>
        db.Users.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && Roles.Contains(r.Name!))));
}
