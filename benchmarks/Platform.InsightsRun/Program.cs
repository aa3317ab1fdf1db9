using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Core.Access;
using Platform.Core.Bookings;
using Platform.Core.Common;
using Platform.Core.Reporting;
using Platform.Core.Tenancy;
using Platform.Infrastructure;
using Platform.Infrastructure.Access;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Reporting;
using Platform.Infrastructure.Tenancy;

// Insights at scale (issue 15, ADR 0040) on a fresh database:
//   1. N bookings of one tenant over three years (20 providers, 10 services, 5,000 customers, every status and channel),
//      and M of another tenant, written straight into the table in batches;
//   2. the first tenant's rollups rebuilt from scratch (what the keeper does after an upgrade), timed;
//   3. the dashboard's read (Insights.ReadAsync, as a manager) for several ranges and filters: p50 and p95 of R rounds
//      each after warm-up, and over all of them;
//   4. what one booking event costs the rollups: a busy day computed again, p50 and p95.
//   dotnet run -c Release --project benchmarks/Platform.InsightsRun -- sqlite|postgres <connectionString> [bookings] [other] [rounds]
// scripts/bench-insights.sh makes a fresh database and runs this.
var provider = args.Length > 0 ? args[0] : "sqlite";
var connection = args.Length > 1 ? args[1] : throw new ArgumentException("usage: sqlite|postgres <connectionString> [bookings] [other] [rounds]");
var bookings = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1_000_000;
var others = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 100_000;
var rounds = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 30;

var folder = Directory.CreateTempSubdirectory("insights-bench-").FullName;
var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Database:Provider"] = provider == "postgres" ? "PostgreSql" : "Sqlite",
    ["ConnectionStrings:Platform"] = connection,
    ["Outbox:NodeFolder"] = folder,
    ["Email:PickupDirectory"] = Path.Combine(folder, "mail"),
    ["Sms:PickupDirectory"] = Path.Combine(folder, "sms"),
    ["Jobs:Enabled"] = "false",
}).Build();
var services = new ServiceCollection()
    .AddLogging(l => l.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning))
    .AddSingleton<IConfiguration>(configuration)
    .AddPlatformInfrastructure(configuration);
services.AddDataProtection().UseEphemeralDataProtectionProvider();
await using var root = services.BuildServiceProvider();
var scopes = root.GetRequiredService<TenantScopeFactory>();

var today = DateOnly.FromDateTime(DateTime.UtcNow);
Guid benchId, otherId;
await using (var scope = scopes.CreateHost())
{
    var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
    await db.Database.MigrateAsync();
    var bench = new Tenant { Slug = $"bench-{Guid.NewGuid():N}"[..20], Name = "Insights bench", TimeZone = "America/New_York", CreatedAt = DateTimeOffset.UtcNow };
    var other = new Tenant { Slug = $"other-{Guid.NewGuid():N}"[..20], Name = "Other tenant", TimeZone = "Europe/Berlin", CreatedAt = DateTimeOffset.UtcNow };
    db.Tenants.AddRange(bench, other);
    await db.SaveChangesAsync();
    (benchId, otherId) = (bench.Id, other.Id);
}

var written = Stopwatch.StartNew();
var (serviceIds, _) = await WriteAsync(benchId, bookings, providers: 20, serviceCount: 10, customers: 5_000, seed: 1);
await WriteAsync(otherId, others, providers: 4, serviceCount: 3, customers: 500, seed: 2);
Console.WriteLine($"WRITE {bookings + others:N0} bookings in {written.Elapsed.TotalSeconds:0.0} s");

await using (var scope = await scopes.CreateAsync(benchId))
{
    var rebuild = Stopwatch.StartNew();
    await scope.ServiceProvider.GetRequiredService<RollupBuilder>().RebuildAsync();
    var rows = await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().BookingRollups.CountAsync();
    Console.WriteLine($"REBUILD {bookings:N0} bookings into {rows:N0} rollup rows in {rebuild.Elapsed.TotalSeconds:0.0} s");
}

var views = new (string Name, InsightsQuery Query)[]
{
    ("30 days", new InsightsQuery(today.AddDays(-29), today)),
    ("90 days", new InsightsQuery(today.AddDays(-89), today)),
    ("365 days by week", new InsightsQuery(today.AddDays(-364), today) { Bucket = InsightsBucket.Week }),
    ("30 days, one service", new InsightsQuery(today.AddDays(-29), today) { ServiceId = serviceIds[3] }),
    ("30 days by booking date", new InsightsQuery(today.AddDays(-29), today) { Basis = RollupBasis.Created }),
    ("90 days, cancelled on the portal", new InsightsQuery(today.AddDays(-89), today) { Status = BookingStatus.Cancelled, Channel = BookingChannel.Portal }),
};
var all = new List<double>();
foreach (var (name, query) in views)
{
    var times = new List<double>();
    for (var i = 0; i < rounds + 3; i++)
    {
        await using var scope = await scopes.CreateAsync(benchId);
        scope.ServiceProvider.GetRequiredService<ActorContext>().Set(Actor.Manager(Guid.NewGuid()));
        var clock = Stopwatch.StartNew();
        var read = await scope.ServiceProvider.GetRequiredService<Insights>().ReadAsync(query);
        var elapsed = clock.Elapsed.TotalMilliseconds;
        if (!read.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", read.Errors.SelectMany(e => e.Value)));
        }

        if (i >= 3)
        {
            times.Add(elapsed);
        }

        if (i == 0)
        {
            Console.WriteLine($"  {name}: {read.Value!.Current.Bookings:N0} bookings, {read.Value.Trend.Count} buckets");
        }
    }

    all.AddRange(times);
    Console.WriteLine($"VIEW {name}: p50 {Percentile(times, 50):0.0} ms, p95 {Percentile(times, 95):0.0} ms");
}

Console.WriteLine($"VIEWS all: p50 {Percentile(all, 50):0.0} ms, p95 {Percentile(all, 95):0.0} ms over {all.Count} reads");

// A booking event computes its days again: the busiest day of the last month, by start and by when made.
var recompute = new List<double>();
for (var i = 0; i < 23; i++)
{
    await using var scope = await scopes.CreateAsync(benchId);
    var instant = new DateTimeOffset(today.AddDays(-10).ToDateTime(new TimeOnly(15, 0)), TimeSpan.Zero);
    var clock = Stopwatch.StartNew();
    await scope.ServiceProvider.GetRequiredService<RollupBuilder>().RecomputeAsync([instant], [instant]);
    if (i >= 3)
    {
        recompute.Add(clock.Elapsed.TotalMilliseconds);
    }
}

Console.WriteLine($"EVENT one day by start and one by made, computed again: p50 {Percentile(recompute, 50):0.0} ms, p95 {Percentile(recompute, 95):0.0} ms");
Directory.Delete(folder, recursive: true);
return;

static double Percentile(List<double> values, int p)
{
    var sorted = values.Order().ToList();
    return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p / 100.0 * sorted.Count) - 1)];
}

// Writes a tenant's catalogue and its bookings over the three years up to a month ahead, 5,000 at a time.
async Task<(Guid[] Services, Guid[] Providers)> WriteAsync(Guid tenantId, int count, int providers, int serviceCount, int customers, int seed)
{
    var random = new Random(seed);
    Guid[] serviceIds, providerIds, customerIds;
    Money[] prices;
    int[] minutes;
    await using (var scope = await scopes.CreateAsync(tenantId))
    {
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var people = Enumerable.Range(0, providers).Select(i => new Provider
        {
            DisplayName = $"Provider {i}",
            TimeZone = "America/New_York",
            WeeklyHours = [.. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
                .Select(d => new WeeklyHours { Day = d, StartMinute = 8 * 60, EndMinute = 18 * 60 })],
        }).ToList();
        var catalogue = Enumerable.Range(0, serviceCount).Select(i => new Service
        {
            Name = $"Service {i}",
            DurationMinutes = 30 + (i % 4 * 15),
            Price = new Money(40m + (i * 12.5m), i % 5 == 4 ? "EUR" : "USD"),
        }).ToList();
        var clients = Enumerable.Range(0, customers).Select(i => new Customer { Name = $"Customer {i}", Email = $"c{i}-{seed}@example.com", CreatedAt = DateTimeOffset.UtcNow }).ToList();
        db.AddRange(people);
        db.AddRange(catalogue);
        db.AddRange(clients);
        await db.SaveChangesAsync();
        (serviceIds, providerIds, customerIds) = ([.. catalogue.Select(s => s.Id)], [.. people.Select(p => p.Id)], [.. clients.Select(c => c.Id)]);
        (prices, minutes) = ([.. catalogue.Select(s => s.Price)], [.. catalogue.Select(s => s.DurationMinutes)]);
    }

    var first = today.AddDays(-3 * 365);
    var days = (3 * 365) + 30;
    for (var done = 0; done < count;)
    {
        await using var scope = await scopes.CreateAsync(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var batch = Math.Min(5_000, count - done);
        for (var i = 0; i < batch; i++)
        {
            var s = random.Next(serviceIds.Length);
            var start = new DateTimeOffset(first.AddDays(random.Next(days)).ToDateTime(new TimeOnly(13 + random.Next(10), random.Next(4) * 15)), TimeSpan.Zero);
            var past = start < DateTimeOffset.UtcNow;
            var roll = random.Next(100);
            db.Bookings.Add(new Booking
            {
                ServiceId = serviceIds[s],
                ProviderId = providerIds[random.Next(providerIds.Length)],
                CustomerId = customerIds[random.Next(customerIds.Length)],
                StartUtc = start,
                EndUtc = start.AddMinutes(minutes[s]),
                OccupiedStartUtc = start,
                OccupiedEndUtc = start.AddMinutes(minutes[s]),
                Status = roll < 8 ? BookingStatus.Cancelled : roll < 11 ? BookingStatus.NoShow : roll < 12 ? BookingStatus.Rejected
                    : past ? BookingStatus.Completed : roll < 20 ? BookingStatus.Pending : BookingStatus.Confirmed,
                Channel = (BookingChannel)random.Next(3),
                Price = prices[s],
                CreatedAt = start.AddMinutes(-random.Next(30, 60 * 24 * 60)),
            });
        }

        await db.SaveChangesAsync();
        done += batch;
    }

    return (serviceIds, providerIds);
}
