using Microsoft.EntityFrameworkCore;
using Platform.Core.Access;
using Platform.Core.Bookings;
using Platform.Core.Common;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Access;
using Platform.Infrastructure.Data;

namespace Platform.Infrastructure.Reporting;

/// <summary>Local days <see cref="From"/> to <see cref="To"/>, both included, in the tenant's time zone; bookings count by their start.</summary>
public sealed record InsightsQuery(DateOnly From, DateOnly To)
{
    /// <summary>The longest range one view reads: a year and a day.</summary>
    public const int MaxDays = 366;

    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>The period of the same length just before, which the figures are compared with.</summary>
    public InsightsQuery Previous => new(From.AddDays(-Days), From.AddDays(-1));

    public IReadOnlyDictionary<string, string[]> Problems() =>
        To < From ? new Dictionary<string, string[]> { [nameof(To)] = ["The end of the range is before its start."] }
        : Days > MaxDays ? new Dictionary<string, string[]> { [nameof(To)] = [$"A range is at most {MaxDays} days."] }
        : new Dictionary<string, string[]>();
}

/// <summary>
/// A period's figures. Bookings are those starting in it that were not rejected; revenue is the price of those that
/// take or took place (pending, confirmed, completed), by currency, as bookings are never added across currencies.
/// </summary>
public sealed record InsightsFigures(int Bookings, int Completed, int Cancelled, int NoShows, IReadOnlyList<Money> Revenue)
{
    /// <summary>Cancelled bookings as a share of all bookings, 0 to 1; null when there were none.</summary>
    public double? CancellationRate => Bookings == 0 ? null : (double)Cancelled / Bookings;
}

/// <summary>Bookings of one local day, and of one service, in the range.</summary>
public sealed record InsightsDay(DateOnly Day, int Bookings);

public sealed record InsightsService(string Service, int Bookings);

/// <summary>
/// The insights of a range for the reader: the team's figures for managers and admins, their own calendar's for staff
/// (<see cref="OwnOnly"/>), with the previous period's to compare, bookings per day and per service.
/// </summary>
public sealed record InsightsView(string TimeZone, InsightsQuery Query, bool OwnOnly, InsightsFigures Current, InsightsFigures Previous,
    IReadOnlyList<InsightsDay> PerDay, IReadOnlyList<InsightsService> PerService);

/// <summary>
/// Reads the insights dashboard's figures (issue 15) from the tenant's bookings, bounded by the range on both ends of the
/// start (the tenant and start index). Managers and admins see the team, staff their own calendar, anyone else nothing.
/// </summary>
public sealed class Insights(IDbContextFactory<PlatformDbContext> contexts, ICurrentActor actors, ITenantContext tenant)
{
    public const string Refused = "Insights are for the team of the business.";

    private static readonly BookingStatus[] TakingPlace = [BookingStatus.Pending, BookingStatus.Confirmed, BookingStatus.Completed];

    public async Task<Outcome<InsightsView>> ReadAsync(InsightsQuery query, CancellationToken ct = default)
    {
        var actor = await actors.GetAsync(ct);
        if (!actor.IsTenantStaff)
        {
            return Refusals.Forbidden<InsightsView>(Refused);
        }

        if (query.Problems() is { Count: > 0 } problems)
        {
            return Outcome<InsightsView>.Fail(problems);
        }

        var zoneId = tenant.Tenant?.TimeZone ?? "UTC";
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var bookings = db.Bookings.AsNoTracking();
        var ownOnly = !actor.ManagesTenant;
        if (ownOnly)
        {
            var own = db.Providers.Where(p => p.UserId == actor.UserId).Select(p => p.Id);
            bookings = bookings.Where(b => own.Contains(b.ProviderId));
        }

        // One read of both periods, bounded on both ends of the start.
        var previous = query.Previous;
        var fromUtc = LocalDays.StartUtc(previous.From, zone);
        var splitUtc = LocalDays.StartUtc(query.From, zone);
        var toUtc = LocalDays.StartUtc(query.To.AddDays(1), zone);
        var rows = await bookings.Where(b => b.StartUtc >= fromUtc && b.StartUtc < toUtc && b.Status != BookingStatus.Rejected)
            .Select(b => new Row(b.StartUtc, b.Status, b.ServiceId, b.Price.Amount, b.Price.Currency))
            .ToListAsync(ct);
        var current = rows.Where(r => r.StartUtc >= splitUtc).ToList();
        var names = await db.Services.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Name, ct);

        var perDay = current.Where(r => r.Status != BookingStatus.Cancelled)
            .GroupBy(r => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(r.StartUtc, zone).DateTime))
            .ToDictionary(g => g.Key, g => g.Count());
        var days = Enumerable.Range(0, query.Days).Select(i => query.From.AddDays(i)).Select(d => new InsightsDay(d, perDay.GetValueOrDefault(d))).ToList();
        var perService = current.Where(r => r.Status != BookingStatus.Cancelled).GroupBy(r => r.ServiceId)
            .Select(g => new InsightsService(names.GetValueOrDefault(g.Key, "A removed service"), g.Count()))
            .OrderByDescending(s => s.Bookings).ThenBy(s => s.Service, StringComparer.CurrentCulture).ToList();

        return Outcome<InsightsView>.Ok(new InsightsView(zoneId, query, ownOnly, Figures(current), Figures(rows.Where(r => r.StartUtc < splitUtc)), days, perService));
    }

    private static InsightsFigures Figures(IEnumerable<Row> rows)
    {
        var list = rows.ToList();
        var revenue = list.Where(r => TakingPlace.Contains(r.Status)).GroupBy(r => r.Currency, StringComparer.Ordinal)
            .Select(g => new Money(g.Sum(r => r.Amount), g.Key)).OrderBy(m => m.Currency, StringComparer.Ordinal).ToList();
        return new InsightsFigures(
            list.Count,
            list.Count(r => r.Status == BookingStatus.Completed),
            list.Count(r => r.Status == BookingStatus.Cancelled),
            list.Count(r => r.Status == BookingStatus.NoShow),
            revenue);
    }

    private sealed record Row(DateTimeOffset StartUtc, BookingStatus Status, Guid ServiceId, decimal Amount, string Currency);
}
