using System.Globalization;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Platform.Core.Access;
using Platform.Core.Bookings;
using Platform.Core.Common;
using Platform.Core.Reporting;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Access;
using Platform.Infrastructure.Data;

namespace Platform.Infrastructure.Reporting;

/// <summary>A column of a report's result: a dimension (the rows' keys, the currency among them) or a measure.</summary>
public sealed record ReportColumn(string Key, string Label, ReportFieldKind Kind, bool IsMeasure);

/// <summary>
/// What a report found: the columns, and the rows in the definition's order, at most its limit (<see cref="TotalRows"/>
/// says how many there were). Cells hold a <see cref="DateOnly"/> for days, weeks and months, text for other dimensions,
/// (statuses, channels and actions as a person reads them: "No-show", "Front desk"), a <see cref="long"/> for counts, a <see cref="decimal"/> for money (in the row's currency) and a <see cref="double"/>
/// for hours and rates (0 to 1); a measure with nothing to measure (a rate of no bookings) is null.
/// </summary>
public sealed record ReportResult(
    ReportDefinition Definition,
    string TimeZone,
    DateOnly From,
    DateOnly To,
    bool OwnOnly,
    IReadOnlyList<ReportColumn> Columns,
    IReadOnlyList<object?[]> Rows,
    int TotalRows)
{
    public bool Truncated => TotalRows > Rows.Count;

    /// <summary>The saved report's name; "Report" for a definition that is not saved.</summary>
    public string Title { get; init; } = "Report";
}

/// <summary>
/// Runs a checked <see cref="ReportDefinition"/> for the current actor, compiling its keys into queries over the
/// allow-list of <see cref="ReportCatalog"/>: bookings read the insights' rollups (ADR 0040), at the coarsest grain that
/// keeps every field the report uses; customers read the bookings of the range grouped by customer; staff activity reads
/// the bookings' history of the range. Managers and admins see the team; staff only their own calendar, as on the insights;
/// staff activity is for admins.
/// </summary>
public sealed class ReportRunner(IDbContextFactory<PlatformDbContext> contexts, ICurrentActor actors, ITenantContext tenant, TimeProvider clock)
{
    public const string Refused = "Reports are for the team of the business.";
    public const string ActivityRefused = "Staff activity is for the business's admins.";

    private static readonly BookingStatus[] TakingPlace = [BookingStatus.Pending, BookingStatus.Confirmed, BookingStatus.Completed];

    /// <summary>The business's local date today, which a preset range counts back from.</summary>
    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Zone).DateTime);

    private TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(tenant.Tenant?.TimeZone ?? "UTC");

    public async Task<Outcome<ReportResult>> RunAsync(ReportDefinition definition, CancellationToken ct = default)
    {
        var actor = await actors.GetAsync(ct);
        if (!actor.IsTenantStaff)
        {
            return Refusals.Forbidden<ReportResult>(Refused);
        }

        if (definition.Dataset == ReportFields.StaffActivity && !actor.IsTenantAdmin)
        {
            return Refusals.Forbidden<ReportResult>(ActivityRefused);
        }

        var zone = Zone;
        var (from, to) = definition.Range.Resolve(Today);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var own = actor.ManagesTenant ? null : await db.Providers.AsNoTracking().Where(p => p.UserId == actor.UserId).Select(p => p.Id).ToListAsync(ct);
        var query = new Scope(definition, from, to, zone, own);

        var groups = definition.Dataset switch
        {
            ReportFields.Customers => await CustomersAsync(db, query, ct),
            ReportFields.StaffActivity => await ActivityAsync(db, query, ct),
            _ => await BookingsAsync(db, query, ct),
        };

        var names = await NamesAsync(db, definition, groups, ct);
        var columns = Columns(definition);
        var rows = groups.Select(g => new Row(g.Keys, [.. definition.Measures.Select(m => Measure(m, g.Sums))])).ToList();
        rows.Sort(Order(definition, names));
        var shown = rows.Take(definition.Limit).Select(r => Cells(definition, r, names)).ToList();
        return Outcome<ReportResult>.Ok(new ReportResult(definition, zone.Id, from, to, own is not null, columns, shown, rows.Count));
    }

    public static IReadOnlyList<ReportColumn> Columns(ReportDefinition definition)
    {
        var dataset = definition.Source;
        return
        [
            .. definition.Keys.Select(k => ReportCatalog.Field(dataset.Dimensions, k) ?? new ReportField(ReportFields.Currency, "Currency", ReportFieldKind.Text))
                .Select(f => new ReportColumn(f.Key, f.Label, f.Kind, false)),
            .. definition.Measures.Select(m => ReportCatalog.Field(dataset.Measures, m)!).Select(f => new ReportColumn(f.Key, f.Label, f.Kind, true)),
        ];
    }

    /// <summary>The bookings dataset: the rollups of the range, grouped in the database by the keys the report uses.</summary>
    private static async Task<List<Group>> BookingsAsync(PlatformDbContext db, Scope scope, CancellationToken ct)
    {
        var definition = scope.Definition;
        var used = definition.Dimensions.Concat(definition.Filters.Keys).ToHashSet();
        var byDay = used.Overlaps([ReportFields.Day, ReportFields.Week, ReportFields.Month, ReportFields.Weekday]);
        var byHour = used.Contains(ReportFields.Hour);
        var byService = used.Contains(ReportFields.Service);
        var byProvider = used.Contains(ReportFields.Provider) || scope.Own is not null;
        var byChannel = used.Contains(ReportFields.Channel);
        var needsCurrency = definition.Keys.Contains(ReportFields.Currency) || used.Contains(ReportFields.Currency);

        // The coarsest grain that keeps every key the report groups or filters by (the status is in every grain; the
        // service and provider grains keep no hour and no currency).
        var grain = (byService, byProvider, byChannel, byHour, needsCurrency) switch
        {
            (false, false, false, _, _) => RollupGrain.Hourly,
            (true, false, false, false, false) => RollupGrain.Service,
            (false, true, false, false, false) => RollupGrain.Provider,
            _ => RollupGrain.Fine,
        };

        var rows = db.BookingRollups.AsNoTracking().Where(r => r.Basis == definition.Basis && r.Grain == grain && r.Day >= scope.From && r.Day <= scope.To);
        rows = scope.Own is { } own ? rows.Where(r => own.Contains(r.ProviderId)) : rows;
        if (definition.Filters.TryGetValue(ReportFields.Service, out var services))
        {
            var ids = services.Select(Guid.Parse).ToList();
            rows = rows.Where(r => ids.Contains(r.ServiceId));
        }

        if (definition.Filters.TryGetValue(ReportFields.Provider, out var providers))
        {
            var ids = providers.Select(Guid.Parse).ToList();
            rows = rows.Where(r => ids.Contains(r.ProviderId));
        }

        if (definition.Filters.TryGetValue(ReportFields.Status, out var statuses))
        {
            var chosen = statuses.Select(StatusOf).ToList();
            rows = rows.Where(r => chosen.Contains(r.Status));
        }
        else if (!definition.Dimensions.Contains(ReportFields.Status))
        {
            // Rejected requests never were bookings; they count only when the report asks for them by status.
            rows = rows.Where(r => r.Status != BookingStatus.Rejected);
        }

        if (definition.Filters.TryGetValue(ReportFields.Channel, out var channels))
        {
            var chosen = channels.Select(ChannelOf).ToList();
            rows = rows.Where(r => chosen.Contains(r.Channel));
        }

        if (definition.Filters.TryGetValue(ReportFields.Currency, out var currencies))
        {
            rows = rows.Where(r => currencies.Contains(r.Currency));
        }

        var sums = await GroupRollups(rows, byDay, byHour, byService, byProvider, byChannel).ToListAsync(ct);
        var groups = new Dictionary<string, Group>();
        foreach (var s in sums)
        {
            var keys = definition.Keys.Select(k => k switch
            {
                ReportFields.Day => (object)s.Day,
                ReportFields.Week => Insights.BucketOf(s.Day, InsightsBucket.Week),
                ReportFields.Month => Insights.BucketOf(s.Day, InsightsBucket.Month),
                ReportFields.Weekday => s.Day.DayOfWeek,
                ReportFields.Hour => s.Hour,
                ReportFields.Service => s.ServiceId,
                ReportFields.Provider => s.ProviderId,
                ReportFields.Status => s.Status,
                ReportFields.Channel => s.Channel,
                _ => s.Currency,
            }).ToArray();
            var sum = Find(groups, keys).Sums;
            sum.Bookings += s.Bookings;
            sum.Completed += s.Status == BookingStatus.Completed ? s.Bookings : 0;
            sum.Cancelled += s.Status == BookingStatus.Cancelled ? s.Bookings : 0;
            sum.NoShows += s.Status == BookingStatus.NoShow ? s.Bookings : 0;
            sum.Rescheduled += s.Rescheduled;
            sum.Paid += TakingPlace.Contains(s.Status) ? s.Bookings : 0;
            sum.Revenue += TakingPlace.Contains(s.Status) ? s.Revenue : 0;
            sum.Minutes += Booking.Occupying.Contains(s.Status) ? s.Minutes : 0;
            sum.LeadMinutes += s.LeadMinutes;
            sum.First += s.FirstBookings;
        }

        return [.. groups.Values];
    }

    /// <summary>
    /// The rollup rows grouped in the database by the status, the currency and the keys asked for: the key and the sums
    /// are built as expressions, since a key the report does not use must not be in the GROUP BY at all.
    /// </summary>
    private static IQueryable<RollupSums> GroupRollups(IQueryable<BookingRollup> rows, bool byDay, bool byHour, bool byService, bool byProvider, bool byChannel)
    {
        string[] keys = [nameof(BookingRollup.Status), nameof(BookingRollup.Currency), .. new (bool Used, string Name)[]
        {
            (byDay, nameof(BookingRollup.Day)), (byHour, nameof(BookingRollup.Hour)), (byService, nameof(BookingRollup.ServiceId)),
            (byProvider, nameof(BookingRollup.ProviderId)), (byChannel, nameof(BookingRollup.Channel)),
        }.Where(k => k.Used).Select(k => k.Name)];
        string[] sums = [nameof(BookingRollup.Bookings), nameof(BookingRollup.Revenue), nameof(BookingRollup.Minutes), nameof(BookingRollup.LeadMinutes),
            nameof(BookingRollup.FirstBookings), nameof(BookingRollup.Rescheduled)];

        var row = Expression.Parameter(typeof(BookingRollup), "r");
        var key = Expression.Lambda<Func<BookingRollup, RollupSums>>(
            Expression.MemberInit(Expression.New(typeof(RollupSums)), keys.Select(k => Expression.Bind(typeof(RollupSums).GetProperty(k)!, Expression.Property(row, k)))),
            row);

        var group = Expression.Parameter(typeof(IGrouping<RollupSums, BookingRollup>), "g");
        var groupKey = Expression.Property(group, nameof(IGrouping<,>.Key));
        var item = Expression.Parameter(typeof(BookingRollup), "x");
        var select = Expression.Lambda<Func<IGrouping<RollupSums, BookingRollup>, RollupSums>>(
            Expression.MemberInit(
                Expression.New(typeof(RollupSums)),
                [
                    .. keys.Select(k => Expression.Bind(typeof(RollupSums).GetProperty(k)!, Expression.Property(groupKey, k))),
                    .. sums.Select(s => Expression.Bind(
                        typeof(RollupSums).GetProperty(s)!,
                        Expression.Call(typeof(Enumerable), nameof(Enumerable.Sum), [typeof(BookingRollup)], group, Expression.Lambda(Expression.Property(item, s), item)))),
                ]),
            group);
        return rows.GroupBy(key).Select(select);
    }

    /// <summary>The customers dataset: the bookings starting in the range, grouped in the database by customer, status, currency and price.</summary>
    private static async Task<List<Group>> CustomersAsync(PlatformDbContext db, Scope scope, CancellationToken ct)
    {
        var definition = scope.Definition;
        var fromUtc = LocalDays.StartUtc(scope.From, scope.Zone);
        var toUtc = LocalDays.StartUtc(scope.To.AddDays(1), scope.Zone);
        var bookings = db.Bookings.AsNoTracking().Where(b => b.StartUtc >= fromUtc && b.StartUtc < toUtc);
        bookings = scope.Own is { } own ? bookings.Where(b => own.Contains(b.ProviderId)) : bookings;
        if (definition.Filters.TryGetValue(ReportFields.Service, out var services))
        {
            var ids = services.Select(Guid.Parse).ToList();
            bookings = bookings.Where(b => ids.Contains(b.ServiceId));
        }

        if (definition.Filters.TryGetValue(ReportFields.Provider, out var providers))
        {
            var ids = providers.Select(Guid.Parse).ToList();
            bookings = bookings.Where(b => ids.Contains(b.ProviderId));
        }

        if (definition.Filters.TryGetValue(ReportFields.Status, out var statuses))
        {
            var chosen = statuses.Select(StatusOf).ToList();
            bookings = bookings.Where(b => chosen.Contains(b.Status));
        }
        else
        {
            bookings = bookings.Where(b => b.Status != BookingStatus.Rejected);
        }

        if (definition.Filters.TryGetValue(ReportFields.Channel, out var channels))
        {
            var chosen = channels.Select(ChannelOf).ToList();
            bookings = bookings.Where(b => chosen.Contains(b.Channel));
        }

        // Prices are few per service, so grouping by the price too leaves few rows and sums them exactly on every database
        // (SQLite keeps decimals as text and cannot sum them).
        var sums = await bookings
            .GroupBy(b => new { b.CustomerId, b.Status, b.Price.Currency, b.Price.Amount })
            .Select(g => new { Customer = g.Key.CustomerId, g.Key.Status, g.Key.Currency, g.Key.Amount, Count = g.Count() })
            .ToListAsync(ct);
        var groups = new Dictionary<string, Group>();
        foreach (var s in sums)
        {
            var keys = definition.Keys.Select(k => k == ReportFields.Customer ? (object)s.Customer : s.Currency).ToArray();
            var sum = Find(groups, keys).Sums;
            sum.Bookings += s.Count;
            sum.Completed += s.Status == BookingStatus.Completed ? s.Count : 0;
            sum.Cancelled += s.Status == BookingStatus.Cancelled ? s.Count : 0;
            sum.NoShows += s.Status == BookingStatus.NoShow ? s.Count : 0;
            sum.Paid += TakingPlace.Contains(s.Status) ? s.Count : 0;
            sum.Revenue += TakingPlace.Contains(s.Status) ? BookingRollups.RevenueUnits(s.Amount) * s.Count : 0;
        }

        return [.. groups.Values];
    }

    /// <summary>The staff activity dataset: the changes team members made to bookings in the range, by the bookings' history.</summary>
    private static async Task<List<Group>> ActivityAsync(PlatformDbContext db, Scope scope, CancellationToken ct)
    {
        var definition = scope.Definition;
        var fromUtc = LocalDays.StartUtc(scope.From, scope.Zone);
        var toUtc = LocalDays.StartUtc(scope.To.AddDays(1), scope.Zone);
        var changes = db.BookingChanges.AsNoTracking().Where(c => c.At >= fromUtc && c.At < toUtc && c.ByUserId != null);
        if (definition.Filters.TryGetValue(ReportFields.Member, out var members))
        {
            var ids = members.Select(Guid.Parse).Cast<Guid?>().ToList();
            changes = changes.Where(c => ids.Contains(c.ByUserId));
        }

        if (definition.Filters.TryGetValue(ReportFields.Action, out var actions))
        {
            var chosen = actions.Select(a => Enum.Parse<BookingChangeKind>(a, ignoreCase: true)).ToList();
            changes = changes.Where(c => chosen.Contains(c.Kind));
        }

        var team = await TeamMembers.Of(db).Select(u => u.Id).ToListAsync(ct);
        changes = changes.Where(c => team.Contains(c.ByUserId!.Value));

        // The local day and hour are the tenant's clock, which SQL cannot read: a time dimension groups by the instant in
        // the database only when no time is asked for.
        var byTime = definition.Dimensions.Any(d => d is ReportFields.Day or ReportFields.Week or ReportFields.Month or ReportFields.Weekday or ReportFields.Hour);
        var rows = byTime
            ? await changes.Select(c => new { User = c.ByUserId!.Value, c.Kind, c.At, Count = 1 }).ToListAsync(ct)
            : await changes.GroupBy(c => new { User = c.ByUserId!.Value, c.Kind }).Select(g => new { g.Key.User, g.Key.Kind, At = DateTimeOffset.MinValue, Count = g.Count() }).ToListAsync(ct);
        var groups = new Dictionary<string, Group>();
        foreach (var c in rows)
        {
            var (day, hour) = byTime ? BookingRollups.LocalHour(c.At, scope.Zone) : (default, 0);
            var keys = definition.Keys.Select(k => k switch
            {
                ReportFields.Member => (object)c.User,
                ReportFields.Action => c.Kind,
                ReportFields.Day => day,
                ReportFields.Week => Insights.BucketOf(day, InsightsBucket.Week),
                ReportFields.Month => Insights.BucketOf(day, InsightsBucket.Month),
                ReportFields.Weekday => day.DayOfWeek,
                _ => hour,
            }).ToArray();
            Find(groups, keys).Sums.Actions += c.Count;
        }

        return [.. groups.Values];
    }

    private static Group Find(Dictionary<string, Group> groups, object[] keys)
    {
        var id = string.Join('\u001f', keys.Select(k => Convert.ToString(k, CultureInfo.InvariantCulture)));
        if (!groups.TryGetValue(id, out var group))
        {
            group = new Group(keys, new Sums());
            groups.Add(id, group);
        }

        return group;
    }

    /// <summary>The names of the services, providers, customers and team members the rows name, read once each.</summary>
    private static async Task<Dictionary<Guid, string>> NamesAsync(PlatformDbContext db, ReportDefinition definition, List<Group> groups, CancellationToken ct)
    {
        var names = new Dictionary<Guid, string>();
        for (var i = 0; i < definition.Keys.Count; i++)
        {
            var index = i;
            var ids = groups.Select(g => g.Keys[index]).OfType<Guid>().Distinct().ToList();
            if (ids.Count == 0)
            {
                continue;
            }

            var found = definition.Keys[i] switch
            {
                ReportFields.Service => await db.Services.AsNoTracking().Where(s => ids.Contains(s.Id)).Select(s => new { s.Id, s.Name }).ToListAsync(ct),
                ReportFields.Provider => await db.Providers.AsNoTracking().Where(p => ids.Contains(p.Id)).Select(p => new { p.Id, Name = p.DisplayName }).ToListAsync(ct),
                ReportFields.Customer => await ChunkedAsync(ids, chunk => db.Customers.AsNoTracking().Where(c => chunk.Contains(c.Id)).Select(c => new { c.Id, c.Name }).ToListAsync(ct)),
                _ => await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, Name = u.DisplayName }).ToListAsync(ct),
            };
            foreach (var n in found)
            {
                names[n.Id] = n.Name;
            }
        }

        return names;
    }

    /// <summary>Reads in chunks, so that a list of ids never outgrows a database's parameter limit.</summary>
    private static async Task<List<T>> ChunkedAsync<T>(List<Guid> ids, Func<List<Guid>, Task<List<T>>> read)
    {
        var all = new List<T>();
        foreach (var chunk in ids.Chunk(1_000))
        {
            all.AddRange(await read([.. chunk]));
        }

        return all;
    }

    private static object? Measure(string key, Sums s) => key switch
    {
        ReportFields.BookingCount => s.Bookings,
        ReportFields.Completed => s.Completed,
        ReportFields.Cancelled => s.Cancelled,
        ReportFields.NoShows => s.NoShows,
        ReportFields.Rescheduled => s.Rescheduled,
        ReportFields.NewCustomers => s.First,
        ReportFields.Actions => s.Actions,
        ReportFields.Revenue => (decimal)s.Revenue / BookingRollup.RevenueScale,
        ReportFields.AveragePrice => s.Paid == 0 ? null : decimal.Round((decimal)s.Revenue / BookingRollup.RevenueScale / s.Paid, 4),
        ReportFields.BookedHours => s.Minutes / 60.0,
        ReportFields.AverageLeadHours => s.Bookings == 0 ? null : s.LeadMinutes / 60.0 / s.Bookings,
        ReportFields.CancellationRate => s.Bookings == 0 ? null : (double)s.Cancelled / s.Bookings,
        ReportFields.NoShowRate => s.Bookings == 0 ? null : (double)s.NoShows / s.Bookings,
        ReportFields.CompletionRate => s.Bookings == 0 ? null : (double)s.Completed / s.Bookings,
        _ => null,
    };

    /// <summary>
    /// The rows' order: by the sort field when there is one (ties by the keys), else by the keys in order. Time and weekday
    /// keys sort by time (weeks from the culture's first day), names by the reader's culture, measures by value with
    /// the empty ones last.
    /// </summary>
    private static Comparison<Row> Order(ReportDefinition definition, Dictionary<Guid, string> names)
    {
        var firstDay = (int)CultureInfo.CurrentCulture.DateTimeFormat.FirstDayOfWeek;
        int CompareKey(object? a, object? b) => (a, b) switch
        {
            (DayOfWeek x, DayOfWeek y) => ((int)x - firstDay + 7) % 7 - ((int)y - firstDay + 7) % 7,
            (Guid x, Guid y) => string.Compare(names.GetValueOrDefault(x, ""), names.GetValueOrDefault(y, ""), StringComparison.CurrentCulture),
            (string x, string y) => string.Compare(x, y, StringComparison.CurrentCulture),
            (IComparable x, _) => x.CompareTo(b),
            _ => 0,
        };
        int CompareMeasure(object? a, object? b) => (a, b) switch
        {
            (null, null) => 0,
            (null, _) => 1,
            (_, null) => -1,
            (IComparable x, _) => x.CompareTo(b),
            _ => 0,
        };
        int ByKeys(Row x, Row y)
        {
            for (var i = 0; i < x.Keys.Length; i++)
            {
                var c = CompareKey(x.Keys[i], y.Keys[i]);
                if (c != 0)
                {
                    return c;
                }
            }

            return 0;
        }

        var sortKey = definition.Keys.ToList().IndexOf(definition.Sort ?? "");
        var sortMeasure = definition.Measures.ToList().IndexOf(definition.Sort ?? "");
        var sign = definition.Descending ? -1 : 1;
        return (x, y) =>
        {
            var c = sortKey >= 0 ? sign * CompareKey(x.Keys[sortKey], y.Keys[sortKey])
                : sortMeasure >= 0 ? (x.Values[sortMeasure] is null || y.Values[sortMeasure] is null ? CompareMeasure(x.Values[sortMeasure], y.Values[sortMeasure]) : sign * CompareMeasure(x.Values[sortMeasure], y.Values[sortMeasure]))
                : 0;
            return c != 0 ? c : ByKeys(x, y);
        };
    }

    /// <summary>A row's cells: the keys as the reader reads them (names, weekdays, hours), then the measures.</summary>
    private static object?[] Cells(ReportDefinition definition, Row row, Dictionary<Guid, string> names) =>
    [
        .. row.Keys.Select((k, i) => k switch
        {
            DateOnly day => (object)day,
            DayOfWeek weekday => CultureInfo.CurrentCulture.DateTimeFormat.GetDayName(weekday),
            int hour => LocalText.Hour(hour),
            Guid id when id == Guid.Empty => "",
            Guid id => names.GetValueOrDefault(id, definition.Keys[i] switch
            {
                ReportFields.Service => "A removed service",
                ReportFields.Provider => "A removed provider",
                ReportFields.Customer => "A removed customer",
                _ => "A former team member",
            }),
            BookingStatus status => ReportFields.ValueLabel(ReportFields.Status, ReportFields.Camel(status.ToString())),
            BookingChannel channel => ReportFields.ValueLabel(ReportFields.Channel, ReportFields.ChannelKey(channel)),
            BookingChangeKind kind => ReportFields.ValueLabel(ReportFields.Action, ReportFields.Camel(kind.ToString())),
            _ => Convert.ToString(k, CultureInfo.InvariantCulture),
        }),
        .. row.Values,
    ];

    private static BookingStatus StatusOf(string key) => Enum.Parse<BookingStatus>(key, ignoreCase: true);

    private static BookingChannel ChannelOf(string key) => key switch
    {
        "portal" => BookingChannel.Portal,
        "api" => BookingChannel.Api,
        _ => BookingChannel.FrontDesk,
    };

    /// <summary>What a report reads: its definition, the local days, the tenant's zone, and the providers of a staff member's own calendar.</summary>
    private sealed record Scope(ReportDefinition Definition, DateOnly From, DateOnly To, TimeZoneInfo Zone, List<Guid>? Own);

    private sealed record Group(object[] Keys, Sums Sums);

    private sealed record Row(object[] Keys, object?[] Values);

    private sealed class Sums
    {
        public long Bookings { get; set; }

        public long Completed { get; set; }

        public long Cancelled { get; set; }

        public long NoShows { get; set; }

        public long Rescheduled { get; set; }

        /// <summary>Bookings that take or took place, whose prices are the revenue.</summary>
        public long Paid { get; set; }

        public long Revenue { get; set; }

        public long Minutes { get; set; }

        public long LeadMinutes { get; set; }

        public long First { get; set; }

        public long Actions { get; set; }
    }
}

/// <summary>Rollup rows summed by the keys a report uses; the keys it does not use keep their defaults.</summary>
public sealed class RollupSums
{
    public DateOnly Day { get; set; }

    public int Hour { get; set; }

    public Guid ServiceId { get; set; }

    public Guid ProviderId { get; set; }

    public BookingStatus Status { get; set; }

    public BookingChannel Channel { get; set; }

    public string Currency { get; set; } = "";

    public int Bookings { get; set; }

    public long Revenue { get; set; }

    public long Minutes { get; set; }

    public long LeadMinutes { get; set; }

    public int FirstBookings { get; set; }

    public int Rescheduled { get; set; }
}
