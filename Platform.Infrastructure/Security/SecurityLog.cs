using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Platform.Core.Access;
using Platform.Core.Common;
using Platform.Infrastructure.Access;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Identity;

namespace Platform.Infrastructure.Security;

/// <summary>Whose entries a reader may see: their own, their tenant's (tenant admins) or everyone's (host admins).</summary>
public enum SecurityLogScope
{
    Own,
    Tenant,
    All,
}

/// <summary>An entry as a reader sees it; <see cref="TenantSlug"/> names the tenant for host operators (null: the host side).</summary>
public sealed record SecurityEventView(Guid Id, DateTimeOffset At, string Email, SecurityEventKind Kind, string? Detail, string? IpAddress, string? UserAgent, Guid? TenantId, string? TenantSlug = null);

/// <summary>
/// The append-only security log: sign-ins, second-factor, passkey and password changes, with time, address and
/// browser. Call <see cref="RecordAsync(PlatformUser, SecurityEventKind, string?, CancellationToken)"/> after the change.
/// Each write and read has a short-lived context of its own. Reading is for the actor: a signed-in person reads their
/// own entries, a tenant admin the tenant's, a host operator everyone's; anything else is refused.
/// </summary>
public sealed class SecurityLog(IDbContextFactory<PlatformDbContext> contexts, ICurrentActor actors, TimeProvider clock, IHttpContextAccessor http)
{
    public const int MaxUserAgentLength = 300;

    /// <summary>Records what happened to <paramref name="user"/>; the address and browser come from the current request when there is one.</summary>
    public Task RecordAsync(PlatformUser user, SecurityEventKind kind, string? detail = null, CancellationToken ct = default) =>
        AddAsync(user.Id, user.TenantId, user.Email ?? user.UserName ?? "", kind, detail, ct);

    /// <summary>Records a failed sign-in for an e-mail that matches no account of this tenant (or host).</summary>
    public Task RecordUnknownAsync(string email, SecurityEventKind kind, Guid? tenantId, string? detail = null, CancellationToken ct = default) =>
        AddAsync(null, tenantId, email, kind, detail, ct);

    /// <summary>A page of entries, newest first. <see cref="SecurityLogScope.All"/> reads across tenants: host operators only.</summary>
    public async Task<Outcome<Page<SecurityEventView>>> PageAsync(SecurityLogScope scope, PageRequest page, CancellationToken ct = default)
    {
        var actor = await actors.GetAsync(ct);
        if (Refusal(scope, actor) is { } refusal)
        {
            return Refusals.Forbidden<Page<SecurityEventView>>(refusal);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var query = Query(db, scope, actor);
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Skip(page.Skip).Take(page.Size)
            .Select(e => new SecurityEventView(e.Id, e.At, e.Email, e.Kind, e.Detail, e.IpAddress, e.UserAgent, e.TenantId,
                scope == SecurityLogScope.All ? db.Tenants.Where(t => t.Id == e.TenantId).Select(t => t.Slug).FirstOrDefault() : null))
            .ToListAsync(ct);
        return Outcome<Page<SecurityEventView>>.Ok(Page<SecurityEventView>.Of(items, page, total));
    }

    /// <summary>One entry the actor may read in <paramref name="scope"/>; null when there is none (or it is not theirs to see).</summary>
    public async Task<SecurityEventView?> FindAsync(SecurityLogScope scope, Guid id, CancellationToken ct = default)
    {
        var actor = await actors.GetAsync(ct);
        if (Refusal(scope, actor) is not null)
        {
            return null;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        return await Query(db, scope, actor).Where(e => e.Id == id)
            .Select(e => new SecurityEventView(e.Id, e.At, e.Email, e.Kind, e.Detail, e.IpAddress, e.UserAgent, e.TenantId, null))
            .FirstOrDefaultAsync(ct);
    }

    private static string? Refusal(SecurityLogScope scope, Actor actor) => scope switch
    {
        SecurityLogScope.Own when actor.UserId is null => "Sign in to read your security log.",
        SecurityLogScope.Tenant when !actor.IsTenantAdmin => "Only the tenant's admins read its security log.",
        SecurityLogScope.All when actor.Role is not (ActorRole.HostOperator or ActorRole.System) => "Only host operators read the platform's security log.",
        _ => null,
    };

    private static IQueryable<SecurityEvent> Query(PlatformDbContext db, SecurityLogScope scope, Actor actor) => scope switch
    {
        SecurityLogScope.Own => db.SecurityEvents.AsNoTracking().Where(e => e.UserId == actor.UserId),
        SecurityLogScope.Tenant => db.SecurityEvents.AsNoTracking(),
        // The one read across tenants: host operators watching the whole platform.
        _ => db.SecurityEvents.AsNoTracking().IgnoreQueryFilters([PlatformDbContext.TenantFilter]),
    };

    private async Task AddAsync(Guid? userId, Guid? tenantId, string email, SecurityEventKind kind, string? detail, CancellationToken ct)
    {
        var request = http.HttpContext?.Request;
        var agent = request?.Headers.UserAgent.ToString();
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.SecurityEvents.Add(new SecurityEvent
        {
            UserId = userId,
            TenantId = tenantId,
            Email = email.Length > 256 ? email[..256] : email,
            Kind = kind,
            Detail = detail is { Length: > 500 } ? detail[..500] : detail,
            At = clock.GetUtcNow(),
            IpAddress = request?.HttpContext.Connection.RemoteIpAddress?.ToString(),
            UserAgent = string.IsNullOrEmpty(agent) ? null : agent.Length > MaxUserAgentLength ? agent[..MaxUserAgentLength] : agent,
        });
        await db.SaveChangesAsync(ct);
    }
}
