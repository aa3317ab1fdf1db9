using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Core.Bookings;
using Platform.Core.Events;
using Platform.Core.Reporting;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Events;
using Platform.Infrastructure.Tenancy;

namespace Platform.Infrastructure.Reporting;

/// <summary>
/// Keeps the current tenant's <see cref="BookingRollup"/> rows true to its bookings (ADR 0040). A span of local days is
/// always computed whole from the bookings: its <see cref="RollupDay"/> rows are updated first, which holds their locks to
/// the commit, then the span's bookings are read, its rollups deleted and the sums inserted. Computing a day twice, or on
/// two nodes at once, leaves it as the bookings say; nothing is ever added to a figure, so nothing can be added twice.
/// </summary>
public sealed class RollupBuilder(IDbContextFactory<PlatformDbContext> contexts, ITenantContext tenant, TimeProvider clock, ILogger<RollupBuilder> logger)
{
    /// <summary>The longest span a rebuild computes in one transaction.</summary>
    public const int RebuildSpanDays = 31;

    private static readonly RollupGrain[] Grains = Enum.GetValues<RollupGrain>();

    private TenantInfo Current => tenant.Tenant ?? throw new InvalidOperationException("Rollups are kept per tenant: no tenant is set.");

    private TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(Current.TimeZone);

    /// <summary>Computes again the days the given instants fall on, by start and by when the bookings were made.</summary>
    public async Task RecomputeAsync(IEnumerable<DateTimeOffset> starts, IEnumerable<DateTimeOffset> made, CancellationToken ct = default)
    {
        var zone = Zone;
        foreach (var day in starts.Select(s => BookingRollups.LocalHour(s, zone).Day).Distinct())
        {
            await ComputeAsync(RollupBasis.Start, day, day, ct);
        }

        foreach (var day in made.Select(s => BookingRollups.LocalHour(s, zone).Day).Distinct())
        {
            await ComputeAsync(RollupBasis.Created, day, day, ct);
        }
    }

    /// <summary>
    /// Computes every day of the tenant again, from the first to the last day that has a booking or a rollup, a span at a
    /// time, and records the tenant's rollups as built with today's rules and time zone.
    /// </summary>
    public async Task RebuildAsync(CancellationToken ct = default)
    {
        var zone = Zone;
        var started = clock.GetUtcNow();
        foreach (var basis in Enum.GetValues<RollupBasis>())
        {
            var (first, last) = await ExtentAsync(basis, zone, ct);
            for (var from = first; from <= last; from = from.AddDays(RebuildSpanDays))
            {
                var to = from.AddDays(RebuildSpanDays - 1);
                await ComputeAsync(basis, from, to < last ? to : last, ct);
            }
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var state = await db.RollupStates.SingleOrDefaultAsync(ct);
        if (state is null)
        {
            state = new RollupState { TenantId = Current.Id };
            db.RollupStates.Add(state);
        }

        (state.Version, state.TimeZone, state.BuiltAt) = (RollupState.CurrentVersion, Current.TimeZone, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Rollups of tenant {TenantId} rebuilt in {Elapsed} ms", Current.Id, (int)(clock.GetUtcNow() - started).TotalMilliseconds);
    }

    /// <summary>The first and last local day of a basis that has a booking or a rollup; an empty span when there is neither.</summary>
    private async Task<(DateOnly First, DateOnly Last)> ExtentAsync(RollupBasis basis, TimeZoneInfo zone, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var bookings = db.Bookings.AsNoTracking();
        var earliest = basis == RollupBasis.Start
            ? await bookings.OrderBy(b => b.StartUtc).Select(b => (DateTimeOffset?)b.StartUtc).FirstOrDefaultAsync(ct)
            : await bookings.OrderBy(b => b.CreatedAt).Select(b => (DateTimeOffset?)b.CreatedAt).FirstOrDefaultAsync(ct);
        var latest = basis == RollupBasis.Start
            ? await bookings.OrderByDescending(b => b.StartUtc).Select(b => (DateTimeOffset?)b.StartUtc).FirstOrDefaultAsync(ct)
            : await bookings.OrderByDescending(b => b.CreatedAt).Select(b => (DateTimeOffset?)b.CreatedAt).FirstOrDefaultAsync(ct);
        var days = db.RollupDays.AsNoTracking().Where(d => d.Basis == basis);
        var firstKept = await days.OrderBy(d => d.Day).Select(d => (DateOnly?)d.Day).FirstOrDefaultAsync(ct);
        var lastKept = await days.OrderByDescending(d => d.Day).Select(d => (DateOnly?)d.Day).FirstOrDefaultAsync(ct);
        DateOnly?[] firsts = [earliest is { } e ? BookingRollups.LocalHour(e, zone).Day : null, firstKept];
        DateOnly?[] lasts = [latest is { } l ? BookingRollups.LocalHour(l, zone).Day : null, lastKept];
        return firsts.Any(d => d is not null)
            ? (firsts.Where(d => d is not null).Min()!.Value, lasts.Where(d => d is not null).Max()!.Value)
            : (DateOnly.MaxValue, DateOnly.MinValue);
    }

    /// <summary>Computes local days <paramref name="from"/> to <paramref name="to"/> (both included) of one basis in one transaction.</summary>
    private async Task ComputeAsync(RollupBasis basis, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var tenantId = Current.Id;
        var zone = Zone;
        await using var db = await contexts.CreateDbContextAsync(ct);
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async token =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(token);

            // The days' rows first: their locks make a second computation of the same days wait for this one's commit.
            var locked = await db.RollupDays.Where(d => d.Basis == basis && d.Day >= from && d.Day <= to)
                .ExecuteUpdateAsync(d => d.SetProperty(x => x.Stamp, x => x.Stamp + 1), token);
            if (locked < to.DayNumber - from.DayNumber + 1)
            {
                var known = await db.RollupDays.AsNoTracking().Where(d => d.Basis == basis && d.Day >= from && d.Day <= to).Select(d => d.Day).ToListAsync(token);
                for (var day = from; day <= to; day = day.AddDays(1))
                {
                    if (!known.Contains(day))
                    {
                        db.RollupDays.Add(new RollupDay { TenantId = tenantId, Basis = basis, Day = day, Stamp = 1 });
                    }
                }

                await db.SaveChangesAsync(token);
            }

            var fromUtc = LocalDays.StartUtc(from, zone);
            var toUtc = LocalDays.StartUtc(to.AddDays(1), zone);
            var bookings = basis == RollupBasis.Start
                ? db.Bookings.Where(b => b.StartUtc >= fromUtc && b.StartUtc < toUtc)
                : db.Bookings.Where(b => b.CreatedAt >= fromUtc && b.CreatedAt < toUtc);
            var all = db.Bookings;
            var sources = await bookings.AsNoTracking()
                .Select(b => new RollupSource(
                    b.ServiceId, b.ProviderId, b.Status, b.Channel, b.Price.Amount, b.Price.Currency, b.StartUtc, b.EndUtc, b.CreatedAt,
                    !all.Any(o => o.CustomerId == b.CustomerId && o.CreatedAt < b.CreatedAt),
                    b.History.Any(c => c.Kind == BookingChangeKind.Rescheduled)))
                .ToListAsync(token);

            // The grain comes before the day in the key (a view reads one grain's range): one range per grain.
            await db.BookingRollups.Where(r => r.Basis == basis && Grains.Contains(r.Grain) && r.Day >= from && r.Day <= to).ExecuteDeleteAsync(token);
            db.BookingRollups.AddRange(BookingRollups.Sum(tenantId, basis, zone, sources).Where(r => r.Day >= from && r.Day <= to));
            await db.SaveChangesAsync(token);
            await transaction.CommitAsync(token);
        }, ct);
    }
}

/// <summary>Computes again the days a booking's event touches: its start (and its old start, if it moved) and the day it was made.</summary>
public sealed class BookingRollupHandler(RollupBuilder rollups, PlatformDbContext db) :
    IMessageHandler<BookingCreated>,
    IMessageHandler<BookingConfirmed>,
    IMessageHandler<BookingRejected>,
    IMessageHandler<BookingCancelled>,
    IMessageHandler<BookingRescheduled>,
    IMessageHandler<BookingCompleted>,
    IMessageHandler<BookingNoShow>
{
    public Task HandleAsync(BookingCreated message, CancellationToken ct) => RecomputeAsync(message, [], ct);

    public Task HandleAsync(BookingConfirmed message, CancellationToken ct) => RecomputeAsync(message, [], ct);

    public Task HandleAsync(BookingRejected message, CancellationToken ct) => RecomputeAsync(message, [], ct);

    public Task HandleAsync(BookingCancelled message, CancellationToken ct) => RecomputeAsync(message, [], ct);

    public Task HandleAsync(BookingRescheduled message, CancellationToken ct) => RecomputeAsync(message, [message.PreviousStartUtc], ct);

    public Task HandleAsync(BookingCompleted message, CancellationToken ct) => RecomputeAsync(message, [], ct);

    public Task HandleAsync(BookingNoShow message, CancellationToken ct) => RecomputeAsync(message, [], ct);

    private async Task RecomputeAsync(BookingEvent message, IEnumerable<DateTimeOffset> earlier, CancellationToken ct)
    {
        // The booking as it is now: a later event may have moved it again, and the day it was made is not in the event.
        var now = await db.Bookings.AsNoTracking().Where(b => b.Id == message.BookingId)
            .Select(b => new { b.StartUtc, b.CreatedAt }).SingleOrDefaultAsync(ct);
        DateTimeOffset[] starts = now is null ? [message.StartUtc, .. earlier] : [message.StartUtc, now.StartUtc, .. earlier];
        await rollups.RecomputeAsync(starts, now is null ? [] : [now.CreatedAt], ct);
    }
}

/// <summary>
/// Rebuilds the rollups of every tenant whose rollups were never built, were built by older rules or in another time zone
/// (the tenant moved its zone): at start and then every <see cref="Interval"/>. Every node may run it: two rebuilds of one
/// tenant at once leave the same rows (<see cref="RollupBuilder"/>).
/// </summary>
public sealed class RollupKeeper(IServiceScopeFactory scopes, TimeProvider clock, ILogger<RollupKeeper> logger) : PeriodicService(clock)
{
    public static readonly TimeSpan Every = TimeSpan.FromMinutes(1);

    protected override TimeSpan? Interval => Every;

    /// <summary>Rebuilds what is stale; returns how many tenants were rebuilt.</summary>
    public static async Task<int> RebuildStaleAsync(IServiceProvider services, CancellationToken ct)
    {
        var tenantScopes = services.GetRequiredService<TenantScopeFactory>();
        List<Guid> stale;
        await using (var host = tenantScopes.CreateHost())
        {
            var db = host.ServiceProvider.GetRequiredService<PlatformDbContext>();
            var states = db.RollupStates.IgnoreQueryFilters([PlatformDbContext.TenantFilter]);
            stale = await db.Tenants.AsNoTracking()
                .Where(t => !states.Any(s => s.TenantId == t.Id && s.Version == RollupState.CurrentVersion && s.TimeZone == t.TimeZone))
                .Select(t => t.Id).ToListAsync(ct);
        }

        foreach (var tenantId in stale)
        {
            await using var scope = await tenantScopes.CreateAsync(tenantId, ct);
            await scope.ServiceProvider.GetRequiredService<RollupBuilder>().RebuildAsync(ct);
        }

        return stale.Count;
    }

    /// <summary>
    /// Rebuilds the rollups of the tenants with the given slugs, or of every tenant when none is given, stale or not: the
    /// command <c>rebuild-rollups</c>. Returns each tenant's slug with how long it took; an unknown slug is an error.
    /// </summary>
    public static async Task<IReadOnlyList<(string Slug, TimeSpan Took)>> RebuildAsync(IServiceProvider services, IReadOnlyCollection<string> slugs, CancellationToken ct)
    {
        var tenantScopes = services.GetRequiredService<TenantScopeFactory>();
        List<(Guid Id, string Slug)> tenants;
        await using (var host = tenantScopes.CreateHost())
        {
            var all = await host.ServiceProvider.GetRequiredService<PlatformDbContext>().Tenants.AsNoTracking().Select(t => new { t.Id, t.Slug }).ToListAsync(ct);
            var unknown = slugs.Where(s => all.All(t => t.Slug != s)).ToList();
            if (unknown.Count > 0)
            {
                throw new ArgumentException($"No tenant has the slug {string.Join(", ", unknown)}.");
            }

            tenants = [.. all.Where(t => slugs.Count == 0 || slugs.Contains(t.Slug)).OrderBy(t => t.Slug).Select(t => (t.Id, t.Slug))];
        }

        var done = new List<(string, TimeSpan)>();
        foreach (var (id, slug) in tenants)
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            await using var scope = await tenantScopes.CreateAsync(id, ct);
            await scope.ServiceProvider.GetRequiredService<RollupBuilder>().RebuildAsync(ct);
            done.Add((slug, started.Elapsed));
        }

        return done;
    }

    protected override async Task PassAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await RebuildStaleAsync(scope.ServiceProvider, ct);
    }

    protected override void LogFailure(Exception exception) => logger.LogError(exception, "Rebuilding stale rollups failed; the next pass tries again");
}

public static class ReportingServiceCollectionExtensions
{
    /// <summary>The insights, user activity and the platform's growth, and the rollups they read (ADR 0040). Call after AddBookings, whose news handler goes first.</summary>
    public static IServiceCollection AddReporting(this IServiceCollection services)
    {
        services.AddScoped<Insights>();
        services.AddScoped<Activity>();
        services.AddScoped<PlatformGrowth>();
        services.AddScoped<ReportRunner>();
        services.AddScoped<Reports>();
        services.AddScoped<ReportExports>();
        services.AddOptions<ReportExportOptions>().BindConfiguration(ReportExportOptions.Section);
        services.AddMessageHandler<ReportExportRequested, ReportExportHandler>();
        services.AddScoped<ReportSchedules>();
        services.AddScoped<ReportScheduleSweep>();
        services.AddHostedService<ReportScheduleSweepService>();
        services.AddMessageHandler<ReportScheduleDue, ReportScheduleHandler>();
        services.AddScoped<RollupBuilder>();
        services.AddHostedService<RollupKeeper>();
        services.AddMessageHandler<BookingCreated, BookingRollupHandler>()
            .AddMessageHandler<BookingConfirmed, BookingRollupHandler>()
            .AddMessageHandler<BookingRejected, BookingRollupHandler>()
            .AddMessageHandler<BookingCancelled, BookingRollupHandler>()
            .AddMessageHandler<BookingRescheduled, BookingRollupHandler>()
            .AddMessageHandler<BookingCompleted, BookingRollupHandler>()
            .AddMessageHandler<BookingNoShow, BookingRollupHandler>();
        return services;
    }
}
