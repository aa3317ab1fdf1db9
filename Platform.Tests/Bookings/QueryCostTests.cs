using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Access;
using Platform.Core.Common;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Seeding;
using Platform.Tests.Notifications;
using Platform.Tests.Support;
using Xunit.Abstractions;

namespace Platform.Tests.Bookings;

/// <summary>
/// What the booking path costs the database, counted rather than timed (issue 12): the SQL commands and connection opens
/// of one booking request and of one availability request stay at or below what was reached, and the reads of bookings
/// behind availability, the calendar and the dashboard agenda are bounded on both ends of their time range by an index,
/// so they read the same rows however many years of history lie before the range.
/// </summary>
public abstract partial class QueryCostTests(PlatformAppFactory app, ITestOutputHelper output)
{
    // Reached on 2026-12-06 (before: 13 commands and 6 connection opens a booking on SQLite, 11 and 6 on PostgreSQL;
    // 7 commands and 4 opens an availability request). Lower them when a change saves more; never raise them to let a
    // change pass.

    /// <summary>SQLite sends the booking's three inserts as three commands, PostgreSQL as one batch.</summary>
    protected abstract int MaxBookingCommands { get; }

    public const int MaxBookingConnectionOpens = 1;

    public const int MaxAvailabilityCommands = 3;

    public const int MaxAvailabilityConnectionOpens = 1;

    [Fact]
    public async Task One_booking_request_runs_few_commands_and_opens_few_connections()
    {
        var seeded = await BookingTestData.SeedAsync(app);
        using var client = ApiClient();
        var start = BookingTestData.Tomorrow.AddDays(4).AddHours(9);
        await client.GetAsync("api/v1/services"); // the key's first use is not what is measured

        HttpResponseMessage response;
        using (var log = SqlCommandLog.Start())
        {
            response = await client.PostAsJsonAsync("api/v1/bookings", new { serviceId = seeded.Service, customerId = seeded.Customer, start });
            Report("booking", log);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            Assert.InRange(log.Commands.Count, 1, MaxBookingCommands);
            Assert.InRange(log.ConnectionOpens, 1, MaxBookingConnectionOpens);
        }
    }

    [Fact]
    public async Task One_availability_request_runs_few_commands_and_opens_few_connections()
    {
        var seeded = await BookingTestData.SeedAsync(app);
        using var client = ApiClient();
        var from = BookingTestData.Tomorrow.AddDays(5);
        await client.GetAsync("api/v1/services");

        using var log = SqlCommandLog.Start();
        var response = await client.GetAsync($"api/v1/availability?serviceId={seeded.Service}&from={Q(from)}&to={Q(from.AddDays(7))}");
        Report("availability", log);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.InRange(log.Commands.Count, 1, MaxAvailabilityCommands);
        Assert.InRange(log.ConnectionOpens, 1, MaxAvailabilityConnectionOpens);
    }

    [Fact]
    public async Task Reads_of_bookings_for_a_range_are_bounded_on_both_ends_by_an_index()
    {
        var seeded = await BookingTestData.SeedAsync(app);
        var manager = Actor.Manager(await app.UserIdAsync("acme", "manager@acme.test"));
        var from = BookingTestData.Tomorrow.AddDays(6);

        // Three years of history before the range, and the database's statistics of it, so that it plans as it would in use.
        await app.InTenantAsync("acme", async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            db.Bookings.AddRange(Enumerable.Range(1, 3000).Select(i => BookingTestData.Confirmed(seeded, BookingTestData.Tomorrow.AddHours(-8 * i))));
            await db.SaveChangesAsync();
            return await db.Database.ExecuteSqlRawAsync(Analyze);
        });

        using var log = SqlCommandLog.Start();
        await app.InTenantAsync("acme", sp => sp.GetRequiredService<AvailabilityQuery>().FindAsync(new AvailabilityRequest(seeded.Service, seeded.Provider, from, from.AddDays(7))));
        await app.AsActorAsync("acme", manager, sp => sp.GetRequiredService<StaffCalendar>()
            .BookingsAsync(new CalendarQuery(DateOnly.FromDateTime(from.UtcDateTime), 7, seeded.Provider)));
        await app.AsActorAsync("acme", manager, sp => sp.GetRequiredService<StaffCalendar>().AgendaAsync());

        var reads = log.Commands.Where(c => c.Text.Contains("FROM \"Bookings\"", StringComparison.Ordinal)).ToList();
        Assert.True(reads.Count >= 5, $"expected the availability, calendar and three agenda reads of bookings, saw {reads.Count}");
        foreach (var read in reads)
        {
            var plan = await PlanAsync(read);
            output.WriteLine(plan);

            // A read of the next few (ORDER BY start LIMIT n) needs only its lower bound: it stops after n rows.
            var bounded = IsRangeBounded(plan) || (read.Text.Contains("LIMIT", StringComparison.Ordinal) && IsLowerBounded(plan));
            Assert.True(bounded, $"not bounded on both ends by an index:\n{read.Text}\n--- plan ---\n{plan}");
        }
    }

    [Fact]
    public async Task The_bookings_lists_count_no_further_than_the_cap_and_read_a_page_in_the_order_of_an_index()
    {
        var seeded = await BookingTestData.SeedAsync(app);
        var manager = Actor.Manager(await app.UserIdAsync("acme", "manager@acme.test"));

        // More past bookings than the lists count, so that a count of them all would read more rows every year.
        await app.InTenantAsync("acme", async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            db.Bookings.AddRange(Enumerable.Range(1, PageRequest.MaxCounted + 200)
                .Select(i => BookingTestData.Confirmed(seeded, BookingTestData.Tomorrow.AddDays(-2).AddHours(-8 * i))));
            await db.SaveChangesAsync();
            return await db.Database.ExecuteSqlRawAsync(Analyze);
        });

        using var log = SqlCommandLog.Start();
        var past = await app.AsActorAsync("acme", manager, sp => sp.GetRequiredService<StaffCalendar>()
            .ListAsync(new BookingListQuery(BookingListScope.Past, null, null, null), PageRequest.First));
        var upcoming = await app.AsActorAsync("acme", manager, sp => sp.GetRequiredService<StaffCalendar>()
            .ListAsync(new BookingListQuery(BookingListScope.Upcoming, null, null, null), PageRequest.First));
        using var client = ApiClient();
        var api = await client.GetFromJsonAsync<System.Text.Json.JsonElement>("api/v1/bookings?pageSize=5");

        Assert.True(past.Page.TotalIsCapped);
        Assert.Equal(PageRequest.MaxCounted, past.Page.Total);
        Assert.Equal(PageRequest.DefaultSize, past.Page.Items.Count);
        Assert.Equal(past.Page.Items.OrderByDescending(b => b.StartUtc).Select(b => b.Id), past.Page.Items.Select(b => b.Id));
        Assert.False(upcoming.Page.TotalIsCapped);
        Assert.Equal(PageRequest.MaxCounted, api.GetProperty("total").GetInt32());
        Assert.True(api.GetProperty("totalIsCapped").GetBoolean());
        Assert.Equal(5, api.GetProperty("items").GetArrayLength());

        var reads = log.Commands.Where(c => c.Text.Contains("FROM \"Bookings\"", StringComparison.Ordinal)).ToList();
        Assert.True(reads.Count >= 6, $"expected a count and a page of each list, saw {reads.Count}");
        foreach (var read in reads)
        {
            var plan = await PlanAsync(read);
            output.WriteLine(read.Text.ReplaceLineEndings(" ") + "\n" + plan + "\n");
            Assert.True(read.Text.Contains("LIMIT", StringComparison.Ordinal) || read.Text.Contains("\"BookingChanges\"", StringComparison.Ordinal),
                $"a read of the bookings lists without a limit:\n{read.Text}");
            if (read.Text.Contains("\"BookingChanges\"", StringComparison.Ordinal))
            {
                continue; // the history of a page's bookings (the API's second query) reads and sorts only that page
            }

            if (read.Text.Contains("@runningFrom", StringComparison.Ordinal))
            {
                // Upcoming: whatever it sorts lies after its lower bound, in the future, not in the years behind.
                Assert.True(IsLowerBounded(plan), $"upcoming bookings not read from a lower bound of an index:\n{read.Text}\n--- plan ---\n{plan}");
            }
            else
            {
                Assert.False(SortsEveryRow(plan), $"sorts every matching row before taking a page:\n{read.Text}\n--- plan ---\n{plan}");
            }
        }
    }

    /// <summary>The statement that refreshes the database's statistics of the bookings.</summary>
    protected abstract string Analyze { get; }

    /// <summary>The database's plan of a recorded command.</summary>
    protected abstract Task<string> PlanAsync(SqlCommandLog.RecordedCommand command);

    /// <summary>Whether the plan reads the bookings through an index with a lower and an upper bound on one column.</summary>
    protected abstract bool IsRangeBounded(string plan);

    /// <summary>Whether the plan reads the bookings through an index from a lower bound on one column.</summary>
    protected abstract bool IsLowerBounded(string plan);

    /// <summary>Whether the plan sorts all the rows that match before it takes the first ones (instead of reading in order).</summary>
    protected abstract bool SortsEveryRow(string plan);

    protected Task<string> RunPlanAsync(string prefix, SqlCommandLog.RecordedCommand command, string? before = null) =>
        app.InTenantAsync("acme", async sp =>
        {
            var connection = sp.GetRequiredService<PlatformDbContext>().Database.GetDbConnection();
            await connection.OpenAsync();
            if (before is not null)
            {
                await using var setting = connection.CreateCommand();
                setting.CommandText = before;
                await setting.ExecuteNonQueryAsync();
            }

            await using var explain = connection.CreateCommand();
            explain.CommandText = prefix + command.Text;
            command.CopyParametersTo(explain);
            await using var reader = await explain.ExecuteReaderAsync();
            var lines = new List<string>();
            while (await reader.ReadAsync())
            {
                lines.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetValue(i)?.ToString())));
            }

            return string.Join('\n', lines);
        });

    private HttpClient ApiClient()
    {
        SqlCommandLog.Client(app);
        var client = app.CreateClientFor("http://acme.localhost/");
        client.DefaultRequestHeaders.Add("X-Api-Key", DemoAccounts.ApiKeys["acme"]);
        return client;
    }

    private void Report(string what, SqlCommandLog log)
    {
        output.WriteLine($"{what}: {log.Commands.Count} commands, {log.ConnectionOpens} connection opens");
        foreach (var command in log.Commands)
        {
            output.WriteLine("  " + command.Text.ReplaceLineEndings(" "));
        }
    }

    private static string Q(DateTimeOffset value) => Uri.EscapeDataString(value.ToString("O"));
}

public sealed partial class SqliteQueryCostTests(SqliteQueryCostTests.App app, ITestOutputHelper output) : QueryCostTests(app, output), IClassFixture<SqliteQueryCostTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);

    protected override int MaxBookingCommands => 8;

    protected override string Analyze => "ANALYZE";

    protected override Task<string> PlanAsync(SqlCommandLog.RecordedCommand command) => RunPlanAsync("EXPLAIN QUERY PLAN ", command);

    // e.g. "SEARCH b USING INDEX IX_Bookings_TenantId_ProviderId_OccupiedStartUtc (TenantId=? AND ProviderId=? AND OccupiedStartUtc>? AND OccupiedStartUtc<?)"
    protected override bool IsRangeBounded(string plan) => Searches(plan).Any(l => Bounded().IsMatch(l));

    protected override bool IsLowerBounded(string plan) => Searches(plan).Any(l => LowerBounded().IsMatch(l));

    // "USE TEMP B-TREE FOR RIGHT PART OF ORDER BY" (the id after an equal start) sorts only rows of one start at a time.
    protected override bool SortsEveryRow(string plan) => plan.Contains("USE TEMP B-TREE FOR ORDER BY", StringComparison.Ordinal);

    private static IEnumerable<string> Searches(string plan) =>
        plan.Split('\n').Where(l => l.Contains("SEARCH b ", StringComparison.Ordinal) || l.Contains("SEARCH b0 ", StringComparison.Ordinal));

    [GeneratedRegex(@"USING (COVERING )?INDEX \S+ \(.*\b(\w+)>\? AND \2<\?\)")]
    private static partial Regex Bounded();

    [GeneratedRegex(@"USING (COVERING )?INDEX \S+ \(.*\b\w+>\?\)")]
    private static partial Regex LowerBounded();
}

public sealed partial class PostgresQueryCostTests(PostgresQueryCostTests.App app, ITestOutputHelper output) : QueryCostTests(app, output), IClassFixture<PostgresQueryCostTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Postgres);

    protected override int MaxBookingCommands => 6;

    protected override string Analyze => "ANALYZE \"Bookings\"";

    // The test tables are small, so PostgreSQL might rightly scan them whole: with sequential scans off the plan shows
    // the index it would use on a large table, and its conditions.
    protected override Task<string> PlanAsync(SqlCommandLog.RecordedCommand command) => RunPlanAsync("EXPLAIN ", command, "SET enable_seqscan = off");

    // e.g. Index Cond: (("TenantId" = '…'::uuid) AND ("ProviderId" = ANY ('{…}'::uuid[])) AND ("OccupiedStartUtc" >= '2026-12-11 04:00:00+00'::timestamp with time zone) AND ("OccupiedStartUtc" < '…'::timestamp with time zone))
    protected override bool IsRangeBounded(string plan) => Conditions(plan).Any(l => Bounded().IsMatch(l));

    protected override bool IsLowerBounded(string plan) => Conditions(plan).Any(l => LowerBounded().IsMatch(l));

    // A "Sort" node of the bookings by start reads every matching booking first; an "Incremental Sort" (the id after an
    // equal start) does not, nor does the sort of a provider or two for a merge join.
    protected override bool SortsEveryRow(string plan)
    {
        var lines = plan.Split('\n');
        return lines.Where((line, i) => FullSort().IsMatch(line) && i + 1 < lines.Length && lines[i + 1].Contains("\"StartUtc\"", StringComparison.Ordinal)).Any();
    }

    [GeneratedRegex(@"^\s*(->\s*)?Sort\s+\(")]
    private static partial Regex FullSort();

    private static IEnumerable<string> Conditions(string plan) => plan.Split('\n').Where(l => l.Contains("Index Cond:", StringComparison.Ordinal));

    [GeneratedRegex(@"\(""(\w+)"" >=? [^)]+\).*\(""\1"" <=? [^)]+\)")]
    private static partial Regex Bounded();

    [GeneratedRegex(@"\(""\w+"" >=? [^)]+\)")]
    private static partial Regex LowerBounded();
}
