using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Platform.Core.Access;
using Platform.Core.Bookings;
using Platform.Core.Common;
using Platform.Core.Reporting;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Access;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Data;

namespace Platform.Infrastructure.Reporting;

/// <summary>How a trend groups local days.</summary>
public enum InsightsBucket
{
    Day = 0,
    Week = 1,
    Month = 2,
}

/// <summary>
/// Local days <see cref="From"/> to <see cref="To"/>, both included, in the tenant's time zone, counted by the bookings'
/// start or by when they were made (<see cref="Basis"/>), narrowed by the optional filters.
/// </summary>
public sealed record InsightsQuery(DateOnly From, DateOnly To)
{
    /// <summary>The longest range one view reads: a year and a day.</summary>
    public const int MaxDays = 366;

    public RollupBasis Basis { get; init; } = RollupBasis.Start;

    public InsightsBucket Bucket { get; init; } = InsightsBucket.Day;

    public Guid? ServiceId { get; init; }

    public Guid? ProviderId { get; init; }

    public BookingStatus? Status { get; init; }

    public BookingChannel? Channel { get; init; }

    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>The period of the same length just before, with the same filters, which the figures are compared with.</summary>
    public InsightsQuery PreviousPeriod() => this with { From = From.AddDays(-Days), To = From.AddDays(-1) };

    public IReadOnlyDictionary<string, string[]> Problems() =>
        To < From ? new Dictionary<string, string[]> { [nameof(To)] = ["The end of the range is before its start."] }
        : Days > MaxDays ? new Dictionary<string, string[]> { [nameof(To)] = [$"A range is at most {MaxDays} days."] }
        : new Dictionary<string, string[]>();
}

/// <summary>
/// A period's figures. Bookings are those in it that were not rejected; revenue is the price of those that take or took
/// place (pending, confirmed, completed), by currency, as amounts are never added across currencies. Utilisation is the
/// booked minutes (of bookings that keep the provider's time) over the working minutes of the providers in view, by
/// start only; the lead time is from when a booking was made to its start.
/// </summary>
public sealed record InsightsFigures(
    int Bookings,
    int Completed,
    int Cancelled,
    int NoShows,
    int Rescheduled,
    IReadOnlyList<Money> Revenue,
    int NewCustomers,
    double? LeadHours,
    long BookedMinutes,
    long? WorkingMinutes)
{
    /// <summary>Bookings by customers who had booked before.</summary>
    public int Returning => Bookings - NewCustomers;

    /// <summary>Cancelled bookings as a share of all bookings, 0 to 1; null when there were none.</summary>
    public double? CancellationRate => Bookings == 0 ? null : (double)Cancelled / Bookings;

    public double? NoShowRate => Bookings == 0 ? null : (double)NoShows / Bookings;

    /// <summary>Booked over working minutes, 0 to 1 (more when bookings overrun the hours); null without working time.</summary>
    public double? Utilisation => WorkingMinutes is > 0 ? (double)BookedMinutes / WorkingMinutes.Value : null;
}

/// <summary>One bucket of the trend: its first local day, the bookings that stand and those cancelled.</summary>
public sealed record InsightsBucketRow(DateOnly Start, int Booked, int Cancelled);

/// <summary>Bookings that stand (neither cancelled nor rejected) of one service or provider.</summary>
public sealed record InsightsShare(Guid Id, string Name, int Bookings);

/// <summary>Bookings that stand, starting (or made) on one weekday at one local hour over the range.</summary>
public sealed record InsightsHour(DayOfWeek Day, int Hour, int Bookings);

/// <summary>What the filters may choose from.</summary>
public sealed record InsightsChoice(Guid Id, string Name);

/// <summary>
/// The insights of a range for the reader: the team's figures for managers and admins, their own calendar's for staff
/// (<see cref="OwnOnly"/>), with the previous period's to compare, the trend, the shares by service and provider, and the
/// weekday-by-hour map. <see cref="Preparing"/> says the tenant's rollups are still being built.
/// </summary>
public sealed record InsightsView(
    string TimeZone,
    InsightsQuery Query,
    bool OwnOnly,
    bool Preparing,
    InsightsFigures Current,
    InsightsFigures Previous,
    IReadOnlyList<InsightsBucketRow> Trend,
    IReadOnlyList<InsightsShare> PerService,
    IReadOnlyList<InsightsShare> PerProvider,
    IReadOnlyList<InsightsHour> Hours,
    IReadOnlyList<InsightsChoice> Services,
    IReadOnlyList<InsightsChoice> Providers)
{
    /// <summary>
    /// The weekday-hours in which some provider in view works by their weekly hours (read on the tenant's clock); null when
    /// bookings are counted by when they were made, which happens at any hour.
    /// </summary>
    public IReadOnlySet<(DayOfWeek Day, int Hour)>? Open { get; init; }

    /// <summary>The weekday-hours with the most bookings, at most three, most first.</summary>
    public IReadOnlyList<InsightsHour> Busiest => [.. Hours.Where(h => h.Bookings > 0).OrderByDescending(h => h.Bookings).ThenBy(h => h.Day).ThenBy(h => h.Hour).Take(3)];

    /// <summary>
    /// The weekday-hours with the fewest bookings, at most three, among the working hours (<see cref="Open"/>), or, by
    /// when bookings were made, among the weekdays and hours that have any: an hour nobody works or books is closed
    /// rather than quiet.
    /// </summary>
    public IReadOnlyList<InsightsHour> Quietest
    {
        get
        {
            var busy = Hours.Where(h => h.Bookings > 0).ToList();
            if (busy.Count == 0)
            {
                return [];
            }

            var days = busy.Select(h => h.Day).ToHashSet();
            var (first, last) = (busy.Min(h => h.Hour), busy.Max(h => h.Hour));
            Func<InsightsHour, bool> open = Open is { } working
                ? h => working.Contains((h.Day, h.Hour))
                : h => days.Contains(h.Day) && h.Hour >= first && h.Hour <= last;
            return [.. Hours.Where(open).OrderBy(h => h.Bookings).ThenBy(h => h.Day).ThenBy(h => h.Hour).Take(3)];
        }
    }
}

/// <summary>
/// Reads the insights dashboard (issue 15) from the tenant's rollups (ADR 0040): a range sums its days' rollup rows in the
/// database, never the bookings, however long the history. Managers and admins see the team, staff their own calendar, anyone else nothing.
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
        var ownOnly = !actor.ManagesTenant;
        var own = ownOnly ? await db.Providers.AsNoTracking().Where(p => p.UserId == actor.UserId).Select(p => p.Id).ToListAsync(ct) : null;

        // Both periods' rollups, bounded on both ends of the day. A view narrowed by service, provider or channel (a staff
        // member's is narrowed to their calendar) reads the fine rows; any other reads the coarse grains, which have a
        // few rows a day where the fine ones have about one per booking.
        var previous = query.PreviousPeriod();
        var fine = own is not null || query.ServiceId is not null || query.ProviderId is not null || query.Channel is not null;
        IQueryable<BookingRollup> Rows(RollupGrain grain)
        {
            var rows = db.BookingRollups.AsNoTracking().Where(r => r.Basis == query.Basis && r.Grain == (fine ? RollupGrain.Fine : grain) && r.Day >= previous.From && r.Day <= query.To);
            rows = own is null ? rows : rows.Where(r => own.Contains(r.ProviderId));
            rows = query.ServiceId is { } service ? rows.Where(r => r.ServiceId == service) : rows;
            rows = query.ProviderId is { } provider ? rows.Where(r => r.ProviderId == provider) : rows;
            rows = query.Status is { } status ? rows.Where(r => r.Status == status) : rows;
            return query.Channel is { } channel ? rows.Where(r => r.Channel == channel) : rows;
        }

        IQueryable<BookingRollup> Standing(RollupGrain grain) =>
            Rows(grain).Where(r => r.Day >= query.From && r.Status != BookingStatus.Cancelled && r.Status != BookingStatus.Rejected);

        // The database sums, and only the sums come back.
        var rollups = Rows(RollupGrain.Hourly);
        var current = rollups.Where(r => r.Day >= query.From);
        var totals = await rollups.GroupBy(r => new { Now = r.Day >= query.From, r.Status, r.Currency })
            .Select(g => new Total(g.Key.Now, g.Key.Status, g.Key.Currency, g.Sum(r => r.Bookings), g.Sum(r => r.Revenue), g.Sum(r => r.Minutes),
                g.Sum(r => r.LeadMinutes), g.Sum(r => r.FirstBookings), g.Sum(r => r.Rescheduled)))
            .ToListAsync(ct);
        var perDay = await current.GroupBy(r => new { r.Day, r.Status }).Select(g => new DayCount(g.Key.Day, g.Key.Status, g.Sum(r => r.Bookings))).ToListAsync(ct);
        var perService = await Standing(RollupGrain.Service).GroupBy(r => r.ServiceId).Select(g => new { g.Key, Bookings = g.Sum(r => r.Bookings) }).ToDictionaryAsync(g => g.Key, g => g.Bookings, ct);
        var perProvider = await Standing(RollupGrain.Provider).GroupBy(r => r.ProviderId).Select(g => new { g.Key, Bookings = g.Sum(r => r.Bookings) }).ToDictionaryAsync(g => g.Key, g => g.Bookings, ct);
        var perHour = await Standing(RollupGrain.Hourly).GroupBy(r => new { r.Day, r.Hour }).Select(g => new { g.Key.Day, g.Key.Hour, Bookings = g.Sum(r => r.Bookings) }).ToListAsync(ct);
        var hours = perHour.GroupBy(h => (h.Day.DayOfWeek, h.Hour)).ToDictionary(g => g.Key, g => g.Sum(h => h.Bookings));

        var services = await db.Services.AsNoTracking().OrderBy(s => s.Name).Select(s => new InsightsChoice(s.Id, s.Name)).ToListAsync(ct);
        // One read of the providers: their names for the shares, and the reader's choices (staff choose only their own).
        var allProviders = await db.Providers.AsNoTracking().OrderBy(p => p.DisplayName).Select(p => new InsightsChoice(p.Id, p.DisplayName)).ToListAsync(ct);
        var providers = allProviders.Where(p => own == null || own.Contains(p.Id)).ToList();
        var preparing = !await db.RollupStates.AnyAsync(s => s.Version == RollupState.CurrentVersion && s.TimeZone == zoneId, ct);

        // Working time only means something for bookings counted by their start. One read of the providers' hours for
        // both periods.
        long? working = null, workingBefore = null;
        HashSet<(DayOfWeek, int)>? open = null;
        if (query.Basis == RollupBasis.Start)
        {
            var inView = await ProvidersInViewAsync(db, query, own, ct);
            var schedules = (await Schedules.ProvidersAsync(db, inView, LocalDays.StartUtc(previous.From, zone), LocalDays.StartUtc(query.To.AddDays(1), zone), ct))
                .Select(p => Schedules.Of(p, [])).ToList();
            working = WorkingMinutes(schedules, query, zone);
            workingBefore = WorkingMinutes(schedules, previous, zone);
            open = [.. from schedule in schedules
                from period in schedule.WeeklyHours
                from hour in Enumerable.Range(0, 24)
                where period.StartMinute < (hour + 1) * 60 && period.EndMinute > hour * 60
                select (period.Day, hour)];
        }

        var serviceNames = services.ToDictionary(s => s.Id, s => s.Name);
        var providerNames = allProviders.ToDictionary(p => p.Id, p => p.Name);
        return Outcome<InsightsView>.Ok(new InsightsView(
            zoneId,
            query,
            ownOnly,
            preparing,
            Figures(totals.Where(t => t.Now), working),
            Figures(totals.Where(t => !t.Now), workingBefore),
            Trend(query, perDay),
            Shares(perService, id => serviceNames.GetValueOrDefault(id, "A removed service")),
            Shares(perProvider, id => providerNames.GetValueOrDefault(id, "A removed provider")),
            [.. from day in Enum.GetValues<DayOfWeek>()
                from hour in Enumerable.Range(0, 24)
                select new InsightsHour(day, hour, hours.GetValueOrDefault((day, hour)))],
            services,
            providers)
        {
            Open = open,
        });
    }

    /// <summary>The first local day of the bucket <paramref name="day"/> falls in; weeks start on the culture's first weekday.</summary>
    public static DateOnly BucketOf(DateOnly day, InsightsBucket bucket) => bucket switch
    {
        InsightsBucket.Week => day.AddDays(-(((int)day.DayOfWeek - (int)CultureInfo.CurrentCulture.DateTimeFormat.FirstDayOfWeek + 7) % 7)),
        InsightsBucket.Month => new DateOnly(day.Year, day.Month, 1),
        _ => day,
    };

    /// <summary>The first day of every bucket that local days <paramref name="from"/> to <paramref name="to"/> touch, in order.</summary>
    public static List<DateOnly> Buckets(DateOnly from, DateOnly to, InsightsBucket bucket)
    {
        var buckets = new List<DateOnly>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            var start = BucketOf(day, bucket);
            if (buckets.Count == 0 || buckets[^1] != start)
            {
                buckets.Add(start);
            }
        }

        return buckets;
    }

    private static List<InsightsBucketRow> Trend(InsightsQuery query, List<DayCount> current)
    {
        var buckets = Buckets(query.From, query.To, query.Bucket);
        var byBucket = current.GroupBy(r => BucketOf(r.Day, query.Bucket)).ToDictionary(g => g.Key, g => g.ToList());
        return [.. buckets.Select(b => byBucket.TryGetValue(b, out var rows)
            ? new InsightsBucketRow(b, rows.Where(r => r.Status is not (BookingStatus.Cancelled or BookingStatus.Rejected)).Sum(r => r.Bookings),
                rows.Where(r => r.Status == BookingStatus.Cancelled).Sum(r => r.Bookings))
            : new InsightsBucketRow(b, 0, 0))];
    }

    private static List<InsightsShare> Shares(Dictionary<Guid, int> bookings, Func<Guid, string> name) =>
        [.. bookings.Select(b => new InsightsShare(b.Key, name(b.Key), b.Value)).OrderByDescending(s => s.Bookings).ThenBy(s => s.Name, StringComparer.CurrentCulture)];

    private static InsightsFigures Figures(IEnumerable<Total> rows, long? workingMinutes)
    {
        var list = rows.Where(r => r.Status != BookingStatus.Rejected).ToList();
        var bookings = list.Sum(r => r.Bookings);
        var revenue = list.Where(r => TakingPlace.Contains(r.Status)).GroupBy(r => r.Currency, StringComparer.Ordinal)
            .Select(g => new Money((decimal)g.Sum(r => r.Revenue) / BookingRollup.RevenueScale, g.Key)).OrderBy(m => m.Currency, StringComparer.Ordinal).ToList();
        return new InsightsFigures(
            bookings,
            list.Where(r => r.Status == BookingStatus.Completed).Sum(r => r.Bookings),
            list.Where(r => r.Status == BookingStatus.Cancelled).Sum(r => r.Bookings),
            list.Where(r => r.Status == BookingStatus.NoShow).Sum(r => r.Bookings),
            list.Sum(r => r.Rescheduled),
            revenue,
            list.Sum(r => r.FirstBookings),
            bookings == 0 ? null : list.Sum(r => r.LeadMinutes) / 60.0 / bookings,
            list.Where(r => Booking.Occupying.Contains(r.Status)).Sum(r => r.Minutes),
            workingMinutes);
    }

    /// <summary>The providers whose working time the figures are measured against: the filter's, the reader's own, or everyone offering the service.</summary>
    private static async Task<List<Guid>> ProvidersInViewAsync(PlatformDbContext db, InsightsQuery query, List<Guid>? own, CancellationToken ct)
    {
        var providers = db.Providers.AsNoTracking().Where(p => p.IsActive);
        providers = own is null ? providers : providers.Where(p => own.Contains(p.Id));
        providers = query.ProviderId is { } id ? providers.Where(p => p.Id == id) : providers;
        if (query.ServiceId is { } service)
        {
            var offering = db.ServiceOfferings.Where(o => o.ServiceId == service).Select(o => o.ProviderId);
            providers = providers.Where(p => offering.Contains(p.Id));
        }

        return await providers.Select(p => p.Id).ToListAsync(ct);
    }

    /// <summary>The providers' working minutes in the period's local days, less their time off.</summary>
    private static long WorkingMinutes(List<ProviderSchedule> schedules, InsightsQuery period, TimeZoneInfo zone)
    {
        var from = LocalDays.StartUtc(period.From, zone);
        var to = LocalDays.StartUtc(period.To.AddDays(1), zone);
        var minutes = 0L;
        foreach (var schedule in schedules)
        {
            foreach (var range in SlotFinder.WorkingTime(schedule, from, to))
            {
                var start = range.Start < from ? from : range.Start;
                var end = range.End > to ? to : range.End;
                if (start >= end)
                {
                    continue;
                }

                var off = schedule.TimeOff.Sum(t => Math.Max(0, ((t.End < end ? t.End : end) - (t.Start > start ? t.Start : start)).TotalMinutes));
                minutes += (long)((end - start).TotalMinutes - off);
            }
        }

        return minutes;
    }

    /// <summary>The sums of one period (<see cref="Now"/>: the range, or the period before), status and currency.</summary>
    private sealed record Total(bool Now, BookingStatus Status, string Currency, int Bookings, long Revenue, long Minutes, long LeadMinutes, int FirstBookings, int Rescheduled);

    private sealed record DayCount(DateOnly Day, BookingStatus Status, int Bookings);
}
