using Microsoft.EntityFrameworkCore;
using Platform.Core.Access;
using Platform.Core.Bookings;
using Platform.Core.Common;
using Platform.Core.Identity;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Access;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Security;

namespace Platform.Infrastructure.Reporting;

/// <summary>Local days <see cref="From"/> to <see cref="To"/>, both included, grouped by day or by week.</summary>
public sealed record ActivityQuery(DateOnly From, DateOnly To)
{
    public InsightsBucket Bucket { get; init; } = InsightsBucket.Day;

    public int Days => To.DayNumber - From.DayNumber + 1;

    public IReadOnlyDictionary<string, string[]> Problems() => new InsightsQuery(From, To).Problems();
}

/// <summary>One bucket: the sign-ins, and the team members and customers with an account who signed in or acted on a booking.</summary>
public sealed record ActivityBucket(DateOnly Start, int SignIns, int ActiveStaff, int ActiveCustomers);

/// <summary>What one member of the team did to bookings in the range, by the booking's history.</summary>
public sealed record StaffActions(Guid UserId, string Name, int Made, int Confirmed, int Cancelled, int Rescheduled, int Completed, int NoShows)
{
    public int Total => Made + Confirmed + Cancelled + Rescheduled + Completed + NoShows;
}

/// <summary>The tenant's user activity in a range: totals, the trend by bucket, and each team member's actions.</summary>
public sealed record ActivityView(
    string TimeZone,
    ActivityQuery Query,
    int SignIns,
    int FailedSignIns,
    int ActiveStaff,
    int ActiveCustomers,
    IReadOnlyList<ActivityBucket> Trend,
    IReadOnlyList<StaffActions> Staff);

/// <summary>
/// The user activity dashboard (issue 15): sign-ins from the security log, and what the team did from the bookings'
/// history, for a range of the tenant's local days. For the tenant's admins only; both logs are read through the
/// tenant's filter and bounded by the range (the tenant and time indexes of both).
/// </summary>
public sealed class Activity(IDbContextFactory<PlatformDbContext> contexts, ICurrentActor actors, ITenantContext tenant)
{
    public const string Refused = "User activity is for the business's admins.";

    public async Task<Outcome<ActivityView>> ReadAsync(ActivityQuery query, CancellationToken ct = default)
    {
        var actor = await actors.GetAsync(ct);
        if (!actor.IsTenantAdmin)
        {
            return Refusals.Forbidden<ActivityView>(Refused);
        }

        if (query.Problems() is { Count: > 0 } problems)
        {
            return Outcome<ActivityView>.Fail(problems);
        }

        var zoneId = tenant.Tenant?.TimeZone ?? "UTC";
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var from = LocalDays.StartUtc(query.From, zone);
        var to = LocalDays.StartUtc(query.To.AddDays(1), zone);
        await using var db = await contexts.CreateDbContextAsync(ct);

        var signIns = await db.Set<SecurityEvent>().AsNoTracking()
            .Where(e => e.At >= from && e.At < to && (e.Kind == SecurityEventKind.SignInSucceeded || e.Kind == SecurityEventKind.SignInFailed))
            .Select(e => new { e.UserId, e.Kind, e.At }).ToListAsync(ct);
        var changes = await db.BookingChanges.AsNoTracking()
            .Where(c => c.At >= from && c.At < to && c.ByUserId != null)
            .Select(c => new { UserId = c.ByUserId!.Value, c.Kind, c.At }).ToListAsync(ct);
        var staff = await TeamMembers.Of(db).AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var customers = (await db.Users.AsNoTracking()
            .Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == PlatformRoles.Customer)))
            .Select(u => u.Id).ToListAsync(ct)).ToHashSet();

        DateOnly BucketOf(DateTimeOffset at) => Insights.BucketOf(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime), query.Bucket);
        var succeeded = signIns.Where(s => s.Kind == SecurityEventKind.SignInSucceeded && s.UserId is not null)
            .Select(s => (User: s.UserId!.Value, Bucket: BucketOf(s.At))).ToList();
        var acted = changes.Select(c => (User: c.UserId, Bucket: BucketOf(c.At))).ToList();
        var active = succeeded.Concat(acted).Distinct().ToList();

        var buckets = Insights.Buckets(query.From, query.To, query.Bucket);
        var trend = buckets.Select(b => new ActivityBucket(
            b,
            succeeded.Count(s => s.Bucket == b),
            active.Count(a => a.Bucket == b && staff.ContainsKey(a.User)),
            active.Count(a => a.Bucket == b && customers.Contains(a.User)))).ToList();
        var actions = changes.Where(c => staff.ContainsKey(c.UserId)).GroupBy(c => c.UserId)
            .Select(g => new StaffActions(
                g.Key,
                staff[g.Key],
                g.Count(c => c.Kind == BookingChangeKind.Created),
                g.Count(c => c.Kind == BookingChangeKind.Confirmed),
                g.Count(c => c.Kind == BookingChangeKind.Cancelled),
                g.Count(c => c.Kind == BookingChangeKind.Rescheduled),
                g.Count(c => c.Kind == BookingChangeKind.Completed),
                g.Count(c => c.Kind == BookingChangeKind.NoShow)))
            .OrderByDescending(s => s.Total).ThenBy(s => s.Name, StringComparer.CurrentCulture).ToList();

        return Outcome<ActivityView>.Ok(new ActivityView(
            zoneId,
            query,
            succeeded.Count,
            signIns.Count(s => s.Kind == SecurityEventKind.SignInFailed),
            active.Select(a => a.User).Distinct().Count(staff.ContainsKey),
            active.Select(a => a.User).Distinct().Count(customers.Contains),
            trend,
            actions));
    }
}
