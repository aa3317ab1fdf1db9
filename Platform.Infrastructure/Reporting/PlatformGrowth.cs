using Microsoft.EntityFrameworkCore;
using Platform.Core.Access;
using Platform.Core.Bookings;
using Platform.Core.Common;
using Platform.Core.Reporting;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Access;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Security;

namespace Platform.Infrastructure.Reporting;

/// <summary>One week (Monday to Sunday, UTC) of the whole platform: bookings starting, people who signed in, tenants created.</summary>
public sealed record GrowthWeek(DateOnly Start, int Bookings, int ActiveUsers, int NewTenants);

/// <summary>
/// The host dashboard's growth (issue 15): bookings and active users across every tenant, and new tenants, per week. This
/// is an explicit cross-tenant read, for host operators only, on the host side only; it reads the rollups' coarse rows
/// (bookings by each tenant's local day) and the security log, never a tenant's bookings.
/// </summary>
public sealed class PlatformGrowth(IDbContextFactory<PlatformDbContext> contexts, ICurrentActor actors, ITenantContext tenant, TimeProvider clock)
{
    public const string Refused = "The platform's figures are for host operators.";

    public async Task<Outcome<IReadOnlyList<GrowthWeek>>> ReadAsync(int weeks = 12, CancellationToken ct = default)
    {
        if (tenant.Tenant is not null)
        {
            throw new TenantMismatchException("The platform's figures are read on the host side only.");
        }

        if ((await actors.GetAsync(ct)).Role is not (ActorRole.HostOperator or ActorRole.System))
        {
            return Refusals.Forbidden<IReadOnlyList<GrowthWeek>>(Refused);
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var first = today.AddDays(-(((int)today.DayOfWeek + 6) % 7) - (7 * (weeks - 1)));
        var from = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var to = new DateTimeOffset(today.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        await using var db = await contexts.CreateDbContextAsync(ct);

        var bookings = await db.BookingRollups.IgnoreQueryFilters([PlatformDbContext.TenantFilter]).AsNoTracking()
            .Where(r => r.Basis == RollupBasis.Start && r.Grain == RollupGrain.Hourly && r.Status != BookingStatus.Rejected && r.Day >= first && r.Day <= today)
            .GroupBy(r => r.Day).Select(g => new { Day = g.Key, Bookings = g.Sum(r => r.Bookings) }).ToListAsync(ct);
        var signIns = await db.Set<SecurityEvent>().IgnoreQueryFilters([PlatformDbContext.TenantFilter]).AsNoTracking()
            .Where(e => e.Kind == SecurityEventKind.SignInSucceeded && e.UserId != null && e.At >= from && e.At < to)
            .Select(e => new { UserId = e.UserId!.Value, e.At }).ToListAsync(ct);
        var created = await db.Tenants.AsNoTracking().Where(t => t.CreatedAt >= from && t.CreatedAt < to).Select(t => t.CreatedAt).ToListAsync(ct);

        int WeekOf(DateOnly day) => (day.DayNumber - first.DayNumber) / 7;
        return Outcome<IReadOnlyList<GrowthWeek>>.Ok([.. Enumerable.Range(0, weeks).Select(w => new GrowthWeek(
            first.AddDays(7 * w),
            bookings.Where(b => WeekOf(b.Day) == w).Sum(b => b.Bookings),
            signIns.Where(s => WeekOf(DateOnly.FromDateTime(s.At.UtcDateTime)) == w).Select(s => s.UserId).Distinct().Count(),
            created.Count(c => WeekOf(DateOnly.FromDateTime(c.UtcDateTime)) == w)))]);
    }
}
