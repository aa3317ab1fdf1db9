using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Access;
using Platform.Core.Bookings;
using Platform.Core.Common;
using Platform.Core.Errors;
using Platform.Core.Reporting;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Identity;
using Platform.Infrastructure.Reporting;
using Platform.Tests.Bookings;
using Platform.Tests.Notifications;
using Platform.Tests.Support;

namespace Platform.Tests.Reporting;

/// <summary>
/// The insights dashboard (issue 15): its figures are read from rollups (ADR 0040) and equal a direct read of the bookings
/// table for random filters across a clock change, on SQLite and PostgreSQL; staff get their own calendar's; a bad range
/// is refused; over HTTP a manager sees the business's figures, another business none of them, and a customer nothing.
/// </summary>
public abstract class InsightsTests(PlatformAppFactory app)
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    /// <summary>March 2031 in New York: the clocks go forward on the 9th.</summary>
    private static readonly InsightsQuery March = new(new DateOnly(2031, 3, 1), new DateOnly(2031, 3, 14));

    private static DateTimeOffset Utc(DateOnly day, int hour, int minute = 0) =>
        new(TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(new TimeOnly(hour, minute)), NewYork), TimeSpan.Zero);

    private static DateOnly LocalDay(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, NewYork).DateTime);

    /// <summary>What the random bookings were made of: acme's services, its providers (Sam's calendar among them) and customers.</summary>
    private sealed record Seeded(Guid[] Services, Guid[] Providers, Guid Sam);

    private Seeded? _seeded;

    /// <summary>
    /// 500 bookings of acme from mid-January to the end of March 2031, at any hour, made up to 40 days before they start
    /// (some after), with every status and channel, some moved, by 15 customers, in two currencies; 60 of globex. Then
    /// the rollups of both are rebuilt, as the keeper would after an upgrade (these rows were written without events).
    /// </summary>
    private async Task<Seeded> SeedAsync()
    {
        if (_seeded is not null)
        {
            return _seeded;
        }

        var sam = await app.InTenantAsync("acme", async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            var user = await db.Users.Where(u => u.Email == "sam@acme.test").Select(u => u.Id).SingleAsync();
            return await db.Providers.Where(p => p.UserId == user).Select(p => p.Id).SingleAsync();
        });
        var first = await BookingTestData.SeedAsync(app);
        var second = await BookingTestData.SeedAsync(app);
        var globex = await BookingTestData.SeedAsync(app, slug: "globex");
        var prices = new[] { new Money(80m, "USD"), new Money(45.5m, "USD"), new Money(120m, "EUR") };
        var services = await app.InTenantAsync("acme", async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            var euro = new Service { Name = "Euro session", DurationMinutes = 90, Price = prices[2] };
            db.Services.Add(euro);
            await db.SaveChangesAsync();
            return new[] { first.Service, second.Service, euro.Id };
        });
        var providers = new[] { first.Provider, second.Provider, sam };
        var random = new Random(20310309);

        async Task AddAsync(string slug, Guid[] serviceIds, Guid[] providerIds, int count)
        {
            await app.InTenantAsync(slug, async sp =>
            {
                var db = sp.GetRequiredService<PlatformDbContext>();
                var customers = Enumerable.Range(0, 15).Select(i => new Customer { Name = $"Random {i}", Email = $"random-{Guid.NewGuid():N}@example.com", CreatedAt = DateTimeOffset.UtcNow }).ToList();
                db.Customers.AddRange(customers);
                for (var i = 0; i < count; i++)
                {
                    var day = new DateOnly(2031, 1, 15).AddDays(random.Next(0, 76));
                    var start = Utc(day, random.Next(0, 24), random.Next(0, 4) * 15);
                    var s = random.Next(serviceIds.Length);
                    var minutes = s == 2 ? 90 : 60;
                    var booking = new Booking
                    {
                        ServiceId = serviceIds[s],
                        ProviderId = providerIds[random.Next(providerIds.Length)],
                        CustomerId = customers[random.Next(customers.Count)].Id,
                        StartUtc = start,
                        EndUtc = start.AddMinutes(minutes),
                        OccupiedStartUtc = start,
                        OccupiedEndUtc = start.AddMinutes(minutes),
                        Status = Enum.GetValues<BookingStatus>()[random.Next(6)],
                        Channel = Enum.GetValues<BookingChannel>()[random.Next(3)],
                        Price = prices[s],
                        CreatedAt = start.AddMinutes(-random.Next(-120, 40 * 24 * 60)),
                    };
                    if (random.Next(5) == 0)
                    {
                        booking.History.Add(new BookingChange { BookingId = booking.Id, Kind = BookingChangeKind.Rescheduled, At = booking.CreatedAt.AddHours(1) });
                    }

                    db.Bookings.Add(booking);
                }

                await db.SaveChangesAsync();
                await sp.GetRequiredService<RollupBuilder>().RebuildAsync();
                return 0;
            });
        }

        await AddAsync("acme", services, providers, 500);
        await AddAsync("globex", [globex.Service], [globex.Provider], 60);
        return _seeded = new Seeded(services, providers, sam);
    }

    /// <summary>What the figures must be, read straight from the bookings table and counted here, independently of the rollups.</summary>
    private sealed record Expected(
        int Bookings, int Completed, int Cancelled, int NoShows, int Rescheduled, int New, long LeadMinutes, long BookedMinutes,
        IReadOnlyDictionary<string, decimal> Revenue, IReadOnlyDictionary<DateOnly, (int Booked, int Cancelled)> PerDay,
        IReadOnlyDictionary<Guid, int> PerService, IReadOnlyDictionary<Guid, int> PerProvider, IReadOnlyDictionary<(DayOfWeek, int), int> Hours);

    private Task<Expected> CountAsync(string slug, InsightsQuery q, IReadOnlyCollection<Guid>? providers = null) =>
        app.InTenantAsync(slug, async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            var all = await db.Bookings.AsNoTracking()
                .Select(b => new
                {
                    b.ServiceId,
                    b.ProviderId,
                    b.CustomerId,
                    b.Status,
                    b.Channel,
                    b.Price.Amount,
                    b.Price.Currency,
                    b.StartUtc,
                    b.EndUtc,
                    b.CreatedAt,
                    Moved = b.History.Any(c => c.Kind == BookingChangeKind.Rescheduled),
                })
                .ToListAsync();
            var firstMade = all.GroupBy(b => b.CustomerId).ToDictionary(g => g.Key, g => g.Min(b => b.CreatedAt));
            var rows = all
                .Select(b => new { Booking = b, At = TimeZoneInfo.ConvertTime(q.Basis == RollupBasis.Start ? b.StartUtc : b.CreatedAt, NewYork).DateTime })
                .Where(x => DateOnly.FromDateTime(x.At) >= q.From && DateOnly.FromDateTime(x.At) <= q.To)
                .Where(x => (q.ServiceId == null || x.Booking.ServiceId == q.ServiceId) && (q.ProviderId == null || x.Booking.ProviderId == q.ProviderId)
                    && (q.Status == null || x.Booking.Status == q.Status) && (q.Channel == null || x.Booking.Channel == q.Channel)
                    && (providers == null || providers.Contains(x.Booking.ProviderId)))
                .Where(x => x.Booking.Status != BookingStatus.Rejected)
                .ToList();
            var standing = rows.Where(x => x.Booking.Status != BookingStatus.Cancelled).ToList();
            return new Expected(
                rows.Count,
                rows.Count(x => x.Booking.Status == BookingStatus.Completed),
                rows.Count(x => x.Booking.Status == BookingStatus.Cancelled),
                rows.Count(x => x.Booking.Status == BookingStatus.NoShow),
                rows.Count(x => x.Booking.Moved),
                rows.Count(x => firstMade[x.Booking.CustomerId] == x.Booking.CreatedAt),
                rows.Sum(x => (long)Math.Floor((x.Booking.StartUtc - x.Booking.CreatedAt).TotalMinutes)),
                rows.Where(x => x.Booking.Status != BookingStatus.Cancelled).Sum(x => (long)(x.Booking.EndUtc - x.Booking.StartUtc).TotalMinutes),
                rows.Where(x => x.Booking.Status is BookingStatus.Pending or BookingStatus.Confirmed or BookingStatus.Completed)
                    .GroupBy(x => x.Booking.Currency.Trim()).ToDictionary(g => g.Key, g => g.Sum(x => x.Booking.Amount)),
                rows.GroupBy(x => DateOnly.FromDateTime(x.At)).ToDictionary(g => g.Key, g => (g.Count(x => x.Booking.Status != BookingStatus.Cancelled), g.Count(x => x.Booking.Status == BookingStatus.Cancelled))),
                standing.GroupBy(x => x.Booking.ServiceId).ToDictionary(g => g.Key, g => g.Count()),
                standing.GroupBy(x => x.Booking.ProviderId).ToDictionary(g => g.Key, g => g.Count()),
                standing.GroupBy(x => (x.At.DayOfWeek, x.At.Hour)).ToDictionary(g => g.Key, g => g.Count()));
        });

    private static void AssertSame(Expected expected, InsightsView view, string what)
    {
        var f = view.Current;
        Assert.True(expected.Bookings == f.Bookings, $"{what}: bookings {f.Bookings}, expected {expected.Bookings}");
        Assert.Equal((expected.Completed, expected.Cancelled, expected.NoShows, expected.Rescheduled, expected.New),
            (f.Completed, f.Cancelled, f.NoShows, f.Rescheduled, f.NewCustomers));
        Assert.Equal(expected.BookedMinutes, f.BookedMinutes);
        Assert.Equal(expected.Bookings == 0 ? null : expected.LeadMinutes / 60.0 / expected.Bookings, f.LeadHours);
        Assert.Equal(expected.Revenue.OrderBy(r => r.Key), f.Revenue.Select(m => KeyValuePair.Create(m.Currency, m.Amount)).OrderBy(r => r.Key));
        Assert.Equal(expected.PerService.OrderBy(s => s.Key), view.PerService.Select(s => KeyValuePair.Create(s.Id, s.Bookings)).OrderBy(s => s.Key));
        Assert.Equal(expected.PerProvider.OrderBy(s => s.Key), view.PerProvider.Select(s => KeyValuePair.Create(s.Id, s.Bookings)).OrderBy(s => s.Key));
        foreach (var hour in view.Hours)
        {
            Assert.Equal(expected.Hours.GetValueOrDefault((hour.Day, hour.Hour)), hour.Bookings);
        }

        Assert.Equal(expected.PerDay.Values.Sum(d => d.Booked), view.Trend.Sum(b => b.Booked));
        Assert.Equal(expected.PerDay.Values.Sum(d => d.Cancelled), view.Trend.Sum(b => b.Cancelled));
        if (view.Query.Bucket == InsightsBucket.Day)
        {
            Assert.Equal(view.Query.Days, view.Trend.Count);
            Assert.All(view.Trend, b => Assert.Equal(expected.PerDay.GetValueOrDefault(b.Start), (b.Booked, b.Cancelled)));
        }
    }

    private Task<Outcome<InsightsView>> ReadAsync(string slug, Actor actor, InsightsQuery query) =>
        app.AsActorAsync(slug, actor, sp => sp.GetRequiredService<Insights>().ReadAsync(query));

    [Fact]
    public async Task The_figures_equal_a_direct_count_for_random_filters_across_a_clock_change_and_staff_get_their_own()
    {
        var seeded = await SeedAsync();
        var manager = Actor.Manager(await app.UserIdAsync("acme", "manager@acme.test"));
        var sam = Actor.Staff(await app.UserIdAsync("acme", "sam@acme.test"));
        var random = new Random(15);
        for (var i = 0; i < 24; i++)
        {
            var from = new DateOnly(2031, 2, 1).AddDays(random.Next(0, 50));
            var query = new InsightsQuery(from, from.AddDays(random.Next(0, 35)))
            {
                Basis = random.Next(3) == 0 ? RollupBasis.Created : RollupBasis.Start,
                Bucket = (InsightsBucket)random.Next(3),
                ServiceId = random.Next(3) == 0 ? seeded.Services[random.Next(3)] : null,
                ProviderId = random.Next(3) == 0 ? seeded.Providers[random.Next(3)] : null,
                Status = random.Next(4) == 0 ? Enum.GetValues<BookingStatus>()[random.Next(6)] : null,
                Channel = random.Next(4) == 0 ? Enum.GetValues<BookingChannel>()[random.Next(3)] : null,
            };
            var view = (await ReadAsync("acme", manager, query)).Value!;
            Assert.False(view.OwnOnly);
            AssertSame(await CountAsync("acme", query), view, $"manager, {query}");
            var before = (await CountAsync("acme", query.PreviousPeriod())).Bookings;
            Assert.Equal(before, view.Previous.Bookings);

            // Sam (staff) sees his own calendar's figures only, whatever provider the address names.
            var own = (await ReadAsync("acme", sam, query)).Value!;
            Assert.True(own.OwnOnly);
            AssertSame(await CountAsync("acme", query, [seeded.Sam]), own, $"staff, {query}");
        }

        // The range that holds the clock change, day by day: 14 days, and globex's manager sees globex's bookings only.
        var march = (await ReadAsync("acme", manager, March)).Value!;
        Assert.Equal(14, march.Trend.Count);
        AssertSame(await CountAsync("acme", March), march, "March");
        var globex = (await ReadAsync("globex", Actor.Manager(await app.UserIdAsync("globex", "manager@globex.test")), March)).Value!;
        Assert.Equal((await app.InTenantAsync("globex", sp => sp.GetRequiredService<PlatformDbContext>().Bookings
            .Where(b => b.StartUtc >= Utc(March.From, 0).AddHours(6) && b.Status != BookingStatus.Rejected).CountAsync())) > 0, globex.Current.Bookings > 0);
        Assert.DoesNotContain(globex.PerService, s => seeded.Services.Contains(s.Id));
    }

    [Fact]
    public async Task A_rollup_rebuilt_from_scratch_equals_the_one_kept_from_events_and_bookings_carry_their_channel()
    {
        var seeded = await BookingTestData.SeedAsync(app);
        var day = BookingTestData.Tomorrow.AddDays(20);
        var manager = Actor.Manager(await app.UserIdAsync("acme", "manager@acme.test"));
        var key = Actor.Integration(Guid.NewGuid(), ApiKeyScopes.All);
        Task<Outcome<Booking>> PlaceAsync(Actor actor, DateTimeOffset start) => app.AsActorAsync("acme", actor, sp =>
            sp.GetRequiredService<Platform.Infrastructure.Bookings.BookingLedger>().PlaceAsync(
                new PlaceBooking(seeded.Service, seeded.Provider, seeded.Customer, start) { GuestEmail = actor.IsAnonymous ? seeded.CustomerEmail : null }));

        var atDesk = (await PlaceAsync(manager, day.AddHours(9))).Value!;
        var byApi = (await PlaceAsync(key, day.AddHours(11))).Value!;
        var online = (await PlaceAsync(Actor.Anonymous, day.AddHours(13))).Value!;
        Assert.Equal((BookingChannel.FrontDesk, BookingChannel.Api, BookingChannel.Portal), (atDesk.Channel, byApi.Channel, online.Channel));
        await app.AsActorAsync("acme", manager, sp => sp.GetRequiredService<Platform.Infrastructure.Bookings.BookingLedger>().ChangeAsync(byApi.Id, BookingAction.Cancel, "Test"));
        await app.AsActorAsync("acme", manager, sp => sp.GetRequiredService<Platform.Infrastructure.Bookings.BookingLedger>().RescheduleAsync(online.Id, day.AddDays(3).AddHours(15)));

        Task<List<BookingRollup>> RollupsAsync() => app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().BookingRollups.AsNoTracking()
            .OrderBy(r => r.Basis).ThenBy(r => r.Grain).ThenBy(r => r.Day).ThenBy(r => r.Hour).ThenBy(r => r.ServiceId).ThenBy(r => r.ProviderId).ThenBy(r => r.Status).ThenBy(r => r.Channel).ThenBy(r => r.Currency).ToListAsync());
        static string Rows(IEnumerable<BookingRollup> rows) => string.Join("\n", rows.Select(r =>
            $"{r.Basis} {r.Grain} {r.Day} {r.Hour} {r.ServiceId} {r.ProviderId} {r.Status} {r.Channel} {r.Currency} {r.Bookings} {r.Revenue} {r.Minutes} {r.LeadMinutes} {r.FirstBookings} {r.Rescheduled}"));

        // The events are handled: the moved booking's old day has no row of it, its new day has it as rescheduled.
        var moved = DateOnly.FromDateTime(day.AddDays(3).UtcDateTime);
        await Events.Eventually.HoldsAsync(async () => (await RollupsAsync()).Any(r => r.Basis == RollupBasis.Start && r.Grain == RollupGrain.Fine && r.Channel == BookingChannel.Portal && r.Rescheduled == 1)
            && (await RollupsAsync()).Any(r => r.Channel == BookingChannel.Api && r.Status == BookingStatus.Cancelled)
            && !await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().OutboxMessages.AnyAsync(m => m.Type.StartsWith("booking.") && m.Status == Platform.Infrastructure.Events.OutboxStatus.Pending)),
            "the booking events to reach the rollups");
        var kept = await RollupsAsync();
        Assert.Contains(kept, r => r.Basis == RollupBasis.Start && r.Grain == RollupGrain.Fine && r.Channel == BookingChannel.FrontDesk && r.Status == BookingStatus.Confirmed
            && r.Revenue == 80 * BookingRollup.RevenueScale);

        await app.InTenantAsync("acme", async sp =>
        {
            await sp.GetRequiredService<RollupBuilder>().RebuildAsync();
            return 0;
        });
        Assert.Equal(Rows(kept), Rows(await RollupsAsync()));
    }

    [Fact]
    public async Task Utilisation_is_booked_over_working_minutes_less_time_off_in_the_week_after_the_clock_change()
    {
        // A provider who works 9 to 5 in New York, Monday to Friday, with two hours off on the Wednesday.
        var week = new InsightsQuery(new DateOnly(2031, 3, 10), new DateOnly(2031, 3, 16));
        var (service, provider, customer) = await app.InTenantAsync("acme", async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            var p = new Provider
            {
                DisplayName = "Nine to five",
                TimeZone = "America/New_York",
                WeeklyHours = [.. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
                    .Select(d => new WeeklyHours { Day = d, StartMinute = 9 * 60, EndMinute = 17 * 60 })],
                TimeOff = [new TimeOff { StartUtc = Utc(new DateOnly(2031, 3, 12), 10), EndUtc = Utc(new DateOnly(2031, 3, 12), 12) }],
            };
            var s = new Service { Name = "Utilisation check", DurationMinutes = 60, Price = new Money(50m, "USD") };
            s.Offerings.Add(new ServiceOffering { ServiceId = s.Id, ProviderId = p.Id });
            var c = new Customer { Name = "Una Util", Email = $"una-{Guid.NewGuid():N}@example.com", CreatedAt = DateTimeOffset.UtcNow };
            db.AddRange(p, s, c);
            await db.SaveChangesAsync();
            return (s.Id, p.Id, c.Id);
        });
        await app.InTenantAsync("acme", async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            var seeded = new SeededBooking(service, provider, customer);
            var confirmed = BookingTestData.Confirmed(seeded, Utc(new DateOnly(2031, 3, 11), 9), bookedAt: Utc(new DateOnly(2031, 3, 1), 9));
            var noShow = BookingTestData.Confirmed(seeded, Utc(new DateOnly(2031, 3, 13), 14), bookedAt: Utc(new DateOnly(2031, 3, 2), 9));
            noShow.Status = BookingStatus.NoShow;
            var cancelled = BookingTestData.Confirmed(seeded, Utc(new DateOnly(2031, 3, 14), 9), bookedAt: Utc(new DateOnly(2031, 3, 3), 9));
            cancelled.Status = BookingStatus.Cancelled;
            db.Bookings.AddRange(confirmed, noShow, cancelled);
            await db.SaveChangesAsync();
            await sp.GetRequiredService<RollupBuilder>().RebuildAsync();
            return 0;
        });

        var manager = Actor.Manager(await app.UserIdAsync("acme", "manager@acme.test"));
        var view = (await ReadAsync("acme", manager, week with { ProviderId = provider })).Value!;
        Assert.Equal(5 * 8 * 60 - 120, view.Current.WorkingMinutes);
        Assert.Equal(120, view.Current.BookedMinutes);
        Assert.Equal(120.0 / 2280, view.Current.Utilisation);
        Assert.Equal(1, view.Current.NewCustomers);
        Assert.Equal(2, view.Current.Returning);
        // Made on the 1st, 2nd and 3rd at 9 in winter time, starting after the clocks went forward: an hour less each.
        Assert.Equal((239 + 268 + 263) / 3.0, view.Current.LeadHours!.Value, 6);

        // The busiest hours are the booked ones; the quietest are working hours (Monday from 9), never the night or Sunday.
        Assert.Equal([(DayOfWeek.Tuesday, 9, 1), (DayOfWeek.Thursday, 14, 1)], view.Busiest.Select(h => (h.Day, h.Hour, h.Bookings)));
        Assert.Equal([(DayOfWeek.Monday, 9, 0), (DayOfWeek.Monday, 10, 0), (DayOfWeek.Monday, 11, 0)], view.Quietest.Select(h => (h.Day, h.Hour, h.Bookings)));

        // By when they were made, there is no working time to measure against.
        Assert.Null((await ReadAsync("acme", manager, week with { ProviderId = provider, Basis = RollupBasis.Created })).Value!.Current.Utilisation);
    }

    [Fact]
    public async Task Merging_a_customer_into_another_makes_their_later_first_booking_a_returning_one()
    {
        var seeded = await BookingTestData.SeedAsync(app);
        var may = new InsightsQuery(new DateOnly(2032, 5, 1), new DateOnly(2032, 5, 31)) { ProviderId = seeded.Provider };
        var later = await app.InTenantAsync("acme", async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            var twin = new Customer { Name = "Pat Twin", Email = $"twin-{Guid.NewGuid():N}@example.com", CreatedAt = DateTimeOffset.UtcNow };
            db.Customers.Add(twin);
            db.Bookings.Add(BookingTestData.Confirmed(seeded, Utc(new DateOnly(2032, 5, 10), 9), bookedAt: Utc(new DateOnly(2032, 4, 1), 9)));
            db.Bookings.Add(BookingTestData.Confirmed(seeded with { Customer = twin.Id }, Utc(new DateOnly(2032, 5, 20), 9), bookedAt: Utc(new DateOnly(2032, 4, 15), 9)));
            await db.SaveChangesAsync();
            await sp.GetRequiredService<RollupBuilder>().RebuildAsync();
            return twin.Id;
        });
        var manager = Actor.Manager(await app.UserIdAsync("acme", "manager@acme.test"));
        Assert.Equal(2, (await ReadAsync("acme", manager, may)).Value!.Current.NewCustomers);

        var merged = await app.AsActorAsync("acme", manager, sp => sp.GetRequiredService<Platform.Infrastructure.Bookings.CustomerMerges>().MergeAsync(seeded.Customer, later));
        Assert.True(merged.Succeeded);
        var after = (await ReadAsync("acme", manager, may)).Value!.Current;
        Assert.Equal((1, 1), (after.NewCustomers, after.Returning));
    }

    [Fact]
    public async Task The_rebuild_command_puts_right_a_rollup_that_went_wrong_and_refuses_an_unknown_tenant()
    {
        var seeded = await BookingTestData.SeedAsync(app);
        var june = new InsightsQuery(new DateOnly(2032, 6, 1), new DateOnly(2032, 6, 30)) { ProviderId = seeded.Provider };
        await app.InTenantAsync("acme", async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            db.Bookings.Add(BookingTestData.Confirmed(seeded, Utc(new DateOnly(2032, 6, 10), 9)));
            await db.SaveChangesAsync();
            await sp.GetRequiredService<RollupBuilder>().RebuildAsync();

            // Someone's hand in the table: a figure no booking backs.
            return await db.BookingRollups.Where(r => r.ProviderId == seeded.Provider).ExecuteUpdateAsync(u => u.SetProperty(r => r.Bookings, 7));
        });
        var manager = Actor.Manager(await app.UserIdAsync("acme", "manager@acme.test"));
        Assert.Equal(7, (await ReadAsync("acme", manager, june)).Value!.Current.Bookings);

        var rebuilt = await app.WithScopeAsync(sp => RollupKeeper.RebuildAsync(sp, ["acme"], CancellationToken.None));
        Assert.Equal(["acme"], rebuilt.Select(r => r.Slug));
        Assert.Equal(1, (await ReadAsync("acme", manager, june)).Value!.Current.Bookings);
        await Assert.ThrowsAsync<ArgumentException>(() => app.WithScopeAsync(sp => RollupKeeper.RebuildAsync(sp, ["nobody"], CancellationToken.None)));
    }

    [Fact]
    public async Task A_bad_range_is_refused_and_someone_outside_the_team_gets_nothing()
    {
        var manager = Actor.Manager(await app.UserIdAsync("acme", "manager@acme.test"));
        var backwards = await ReadAsync("acme", manager, new InsightsQuery(March.To, March.From));
        Assert.False(backwards.Succeeded);
        Assert.Contains("The end of the range is before its start.", backwards.Errors["To"]);
        Assert.False((await ReadAsync("acme", manager, new InsightsQuery(March.From, March.From.AddDays(InsightsQuery.MaxDays)))).Succeeded);
        Assert.True((await ReadAsync("acme", manager, new InsightsQuery(March.From, March.From.AddDays(InsightsQuery.MaxDays - 1)))).Succeeded);

        var customer = Actor.Customer(await app.UserIdAsync("acme", "carla@example.com"));
        Assert.Equal(ErrorCodes.Forbidden, (await ReadAsync("acme", customer, March)).Code);
    }

    [Fact]
    public async Task Over_http_a_manager_sees_the_business_figures_another_business_none_of_them_and_a_customer_is_refused()
    {
        await SeedAsync();
        var expected = await CountAsync("acme", March);
        var path = "app/insights?from=2031-03-01&to=2031-03-14";

        using var manager = await app.SignedInAsync("http://acme.localhost/", "manager@acme.test");
        var page = await manager.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(expected.Bookings.ToString(System.Globalization.CultureInfo.InvariantCulture), Figure(await page.Content.ReadAsStringAsync(), "kpi-bookings"));
        var cancelled = await manager.GetAsync(path + "&status=cancelled&basis=made&by=week");
        Assert.Equal((await CountAsync("acme", March with { Status = BookingStatus.Cancelled, Basis = RollupBasis.Created })).Bookings.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Figure(await cancelled.Content.ReadAsStringAsync(), "kpi-bookings"));

        using var other = await app.SignedInAsync("http://globex.localhost/", "manager@globex.test");
        var theirs = await other.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, theirs.StatusCode);
        Assert.Equal((await CountAsync("globex", March)).Bookings.ToString(System.Globalization.CultureInfo.InvariantCulture), Figure(await theirs.Content.ReadAsStringAsync(), "kpi-bookings"));

        // What the address asks for and is not understood is said, not guessed.
        var bad = await manager.GetAsync("app/insights?from=2031-03-14&to=2031-03-01");
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("The end of the range is before its start.", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var unknown = WebUtility.HtmlDecode(await (await manager.GetAsync(path + "&channel=fax&by=year")).Content.ReadAsStringAsync());
        Assert.Contains("group by “day”, “week” or “month”; a channel of “desk”, “portal” or “api”", Regex.Match(unknown, "This address asks[^<]*").Value is { Length: > 0 } said ? said : unknown[..Math.Min(unknown.Length, 20000)], StringComparison.Ordinal);
        Assert.DoesNotContain("kpi-bookings", unknown, StringComparison.Ordinal);

        using var customer = await app.SignedInAsync("http://acme.localhost/", "carla@example.com");
        var refused = await customer.GetAsync(path);
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        Assert.DoesNotContain("kpi-bookings", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>The value a figure's card carries in the page as served.</summary>
    private static string Figure(string html, string testId) =>
        Regex.Match(html, $"data-testid=\"{testId}\" data-value=\"(\\d+)\"") is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException($"no {testId} in the page");
}

public sealed class SqliteInsightsTests(SqliteInsightsTests.App app) : InsightsTests(app), IClassFixture<SqliteInsightsTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);
}

public sealed class PostgresInsightsTests(PostgresInsightsTests.App app) : InsightsTests(app), IClassFixture<PostgresInsightsTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Postgres);
}
