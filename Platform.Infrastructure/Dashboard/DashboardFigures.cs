using Microsoft.EntityFrameworkCore;
using Platform.Core.Access;
using Platform.Core.Identity;
using Platform.Infrastructure.Data;

namespace Platform.Infrastructure.Dashboard;

/// <summary>The dashboard's head counts: the team (admins, managers and staff), the customers and the open invitations.</summary>
public sealed record TeamFigures(int Staff, int Customers, int OpenInvitations)
{
    public static readonly TeamFigures None = new(0, 0, 0);
}

/// <summary>
/// What the app's dashboard counts for the current tenant, read in one short-lived context. The team works for the
/// tenant; anyone else (a customer, nobody) gets zeros rather than the tenant's figures.
/// </summary>
public sealed class DashboardFigures(IDbContextFactory<PlatformDbContext> contexts, ICurrentActor actors, TimeProvider clock)
{
    public async Task<TeamFigures> TeamAsync(CancellationToken ct = default)
    {
        if (!(await actors.GetAsync(ct)).IsTenantStaff)
        {
            return TeamFigures.None;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var byRole = await (
                from u in db.Users
                join ur in db.UserRoles on u.Id equals ur.UserId
                join r in db.Roles on ur.RoleId equals r.Id
                group u by r.Name into g
                select new { Role = g.Key, Count = g.Count() })
            .AsNoTracking().ToDictionaryAsync(x => x.Role ?? "", x => x.Count, ct);
        var now = clock.GetUtcNow();
        var open = await db.StaffInvitations.CountAsync(i => i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now, ct);
        return new TeamFigures(
            byRole.GetValueOrDefault(PlatformRoles.TenantAdmin) + byRole.GetValueOrDefault(PlatformRoles.Manager) + byRole.GetValueOrDefault(PlatformRoles.Staff),
            byRole.GetValueOrDefault(PlatformRoles.Customer),
            open);
    }
}
