using Microsoft.EntityFrameworkCore;
using Platform.Core.Access;
using Platform.Core.Common;
using Platform.Core.Identity;
using Platform.Infrastructure.Access;
using Platform.Infrastructure.Data;

namespace Platform.Infrastructure.Identity;

public enum PeopleSort
{
    Name,
    Created,
}

/// <summary>A page of the tenant's people: <paramref name="Roles"/> empty means any role.</summary>
public sealed record PeopleQuery(PageRequest Page, string? Search, IReadOnlyCollection<string> Roles, PeopleSort Sort = PeopleSort.Name, bool Descending = false)
{
    public const int MaxSearchLength = 100;
}

public sealed record PersonSummary(Guid Id, string DisplayName, string Email, IReadOnlyList<string> Roles, bool EmailConfirmed, DateTimeOffset CreatedAt);

/// <summary>An open invitation as staff and the API see it; never the token or its hash.</summary>
public sealed record InvitationSummary(Guid Id, string Email, string DisplayName, string Role, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt)
{
    public static InvitationSummary From(StaffInvitation i) => new(i.Id, i.Email, i.DisplayName, i.Role, i.CreatedAt, i.ExpiresAt);
}

/// <summary>
/// Read side of the People page and API: the current tenant's users with their roles, and its open
/// invitations. A context per call, so interactive circuits never share one across operations. Managers,
/// admins and an API key with <see cref="ApiKeyScopes.PeopleRead"/> read it; staff and customers are refused.
/// </summary>
public sealed class PeopleDirectory(IDbContextFactory<PlatformDbContext> contexts, ICurrentActor actors, TimeProvider clock)
{
    private const string ManagersOnly = "Only the tenant's managers and admins see its people.";

    public async Task<Outcome<Page<PersonSummary>>> FindAsync(PeopleQuery query, CancellationToken ct = default)
    {
        var actor = await actors.GetAsync(ct);
        if (!actor.ManagesTenant || !actor.Holds(ApiKeyScopes.PeopleRead))
        {
            return Refusals.Forbidden<Page<PersonSummary>>(ManagersOnly);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var users = db.Users.AsNoTracking(); // the tenant filter keeps other tenants' users out
        if (query.Roles.Count > 0)
        {
            var roleIds = db.Roles.Where(r => query.Roles.Contains(r.Name!)).Select(r => r.Id);
            users = users.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && roleIds.Contains(ur.RoleId)));
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            // Upper-cased on both sides: providers translate ToUpper/Contains, not StringComparison overloads.
            var term = query.Search.Trim().ToUpperInvariant();
#pragma warning disable CA1862
            users = users.Where(u => u.NormalizedEmail!.Contains(term) || u.DisplayName.ToUpper().Contains(term));
#pragma warning restore CA1862
        }

        var total = await users.CountAsync(ct);
        var ordered = (query.Sort, query.Descending) switch
        {
            (PeopleSort.Created, false) => users.OrderBy(u => u.CreatedAt).ThenBy(u => u.Id),
            (PeopleSort.Created, true) => users.OrderByDescending(u => u.CreatedAt).ThenByDescending(u => u.Id),
            (_, false) => users.OrderBy(u => u.DisplayName).ThenBy(u => u.NormalizedEmail).ThenBy(u => u.Id),
            (_, true) => users.OrderByDescending(u => u.DisplayName).ThenByDescending(u => u.NormalizedEmail).ThenByDescending(u => u.Id),
        };
        var page = await ordered
            .Skip(query.Page.Skip)
            .Take(query.Page.Size)
            .Select(u => new { u.Id, u.DisplayName, u.Email, u.EmailConfirmed, u.CreatedAt })
            .ToListAsync(ct);

        var ids = page.Select(u => u.Id).ToList();
        var roles = await db.UserRoles.AsNoTracking()
            .Where(ur => ids.Contains(ur.UserId))
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .ToListAsync(ct);
        var rolesByUser = roles.ToLookup(r => r.UserId, r => r.Name!);

        var items = page
            .Select(u => new PersonSummary(u.Id, u.DisplayName, u.Email ?? "", OrderRoles(rolesByUser[u.Id]), u.EmailConfirmed, u.CreatedAt))
            .ToList();
        return Outcome<Page<PersonSummary>>.Ok(Page<PersonSummary>.Of(items, query.Page, total));
    }

    /// <summary>The open invitations, newest first; empty for anyone who may not see the tenant's people.</summary>
    public async Task<IReadOnlyList<InvitationSummary>> OpenInvitationsAsync(CancellationToken ct = default)
    {
        var actor = await actors.GetAsync(ct);
        if (!actor.ManagesTenant || !actor.Holds(ApiKeyScopes.PeopleRead))
        {
            return [];
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var open = await db.StaffInvitations.AsNoTracking()
            .Where(i => i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now)
            .OrderByDescending(i => i.CreatedAt)
            .ToListAsync(ct);
        return open.Select(InvitationSummary.From).ToList();
    }

    /// <summary>Roles in the order of <see cref="PlatformRoles.All"/>, most powerful first.</summary>
    private static List<string> OrderRoles(IEnumerable<string> roles) =>
        roles.OrderBy(r => PlatformRoles.All.ToList().IndexOf(r)).ToList();
}
