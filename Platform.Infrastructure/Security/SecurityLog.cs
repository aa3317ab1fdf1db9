using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
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

/// <summary>An entry as a reader sees it.</summary>
public sealed record SecurityEventView(Guid Id, DateTimeOffset At, string Email, SecurityEventKind Kind, string? Detail, string? IpAddress, string? UserAgent, Guid? TenantId);

public sealed record SecurityEventPage(IReadOnlyList<SecurityEventView> Items, int Total);

/// <summary>
/// The append-only security log: sign-ins, second-factor, passkey and password changes, with time, address and
/// browser. Call <see cref="RecordAsync(PlatformUser, SecurityEventKind, string?, CancellationToken)"/> after the change.
/// </summary>
public sealed class SecurityLog(PlatformDbContext db, TimeProvider clock, IHttpContextAccessor http)
{
    public const int MaxUserAgentLength = 300;

    /// <summary>Records what happened to <paramref name="user"/>; the address and browser come from the current request when there is one.</summary>
    public Task RecordAsync(PlatformUser user, SecurityEventKind kind, string? detail = null, CancellationToken ct = default) =>
        AddAsync(user.Id, user.TenantId, user.Email ?? user.UserName ?? "", kind, detail, ct);

    /// <summary>Records a failed sign-in for an e-mail that matches no account of this tenant (or host).</summary>
    public Task RecordUnknownAsync(string email, SecurityEventKind kind, Guid? tenantId, string? detail = null, CancellationToken ct = default) =>
        AddAsync(null, tenantId, email, kind, detail, ct);

    /// <summary>A page of entries, newest first. <see cref="SecurityLogScope.All"/> reads across tenants: host admins only.</summary>
    public async Task<SecurityEventPage> PageAsync(SecurityLogScope scope, Guid userId, int page, int pageSize, CancellationToken ct = default)
    {
        var query = Query(scope, userId);
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Skip(Math.Max(0, page) * Math.Clamp(pageSize, 1, 100)).Take(Math.Clamp(pageSize, 1, 100))
            .Select(e => new SecurityEventView(e.Id, e.At, e.Email, e.Kind, e.Detail, e.IpAddress, e.UserAgent, e.TenantId))
            .ToListAsync(ct);
        return new SecurityEventPage(items, total);
    }

    public Task<SecurityEventView?> FindAsync(SecurityLogScope scope, Guid userId, Guid id, CancellationToken ct = default) =>
        Query(scope, userId).Where(e => e.Id == id)
            .Select(e => new SecurityEventView(e.Id, e.At, e.Email, e.Kind, e.Detail, e.IpAddress, e.UserAgent, e.TenantId))
            .FirstOrDefaultAsync(ct);

    private IQueryable<SecurityEvent> Query(SecurityLogScope scope, Guid userId) => scope switch
    {
        SecurityLogScope.Own => db.SecurityEvents.AsNoTracking().Where(e => e.UserId == userId),
        SecurityLogScope.Tenant => db.SecurityEvents.AsNoTracking(),
        // The one read across tenants: host operators watching the whole platform.
        _ => db.SecurityEvents.AsNoTracking().IgnoreQueryFilters([PlatformDbContext.TenantFilter]),
    };

    private async Task AddAsync(Guid? userId, Guid? tenantId, string email, SecurityEventKind kind, string? detail, CancellationToken ct)
    {
        var request = http.HttpContext?.Request;
        var agent = request?.Headers.UserAgent.ToString();
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
