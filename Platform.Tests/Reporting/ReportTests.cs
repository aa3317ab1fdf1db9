using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Access;
using Platform.Core.Bookings;
using Platform.Core.Common;
using Platform.Core.Errors;
using Platform.Core.Reporting;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Reporting;
using Platform.Infrastructure.Seeding;
using Platform.Tests.Bookings;
using Platform.Tests.Notifications;
using Platform.Tests.Support;

namespace Platform.Tests.Reporting;

/// <summary>
/// The report builder's engine (issue 15): random definitions over the bookings and customers datasets equal a direct
/// count over the bookings table, on SQLite and PostgreSQL, across a clock change; staff see their own calendar and
/// no staff activity; a bad definition names each fault and saves nothing; over HTTP a report of one business is
/// invisible to another, a lesser role is refused, and the CSV and Excel files hold the figures.
/// </summary>
public abstract class ReportTests(PlatformAppFactory app)
{
    private const string Acme = "http://acme.localhost/";
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly DateOnly First = new(2031, 3, 1);
    private static readonly DateOnly Last = new(2031, 3, 20);

    private static DateOnly LocalDay(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, NewYork).DateTime);

    private sealed record Seeded(Guid[] Services, Guid[] Providers, Guid Sam);

    private static readonly SemaphoreSlim Seeding = new(1, 1);
    private static readonly Dictionary<PlatformAppFactory, Seeded> SeededApps = [];

    /// <summary>400 bookings of acme in March 2031 (New York's clocks go forward on the 9th), every status and channel, two currencies; then the rollups are rebuilt.</summary>
    private async Task<Seeded> SeedAsync()
    {
        await Seeding.WaitAsync();
        try
        {
            if (SeededApps.TryGetValue(app, out var done))
            {
                return done;
            }

            var sam = await app.InTenantAsync("acme", async sp =>
            {
                var db = sp.GetRequiredService<PlatformDbContext>();
                var user = await db.Users.Where(u => u.Email == "sam@acme.test").Select(u => u.Id).SingleAsync();
                return await db.Providers.Where(p => p.UserId == user).Select(p => p.Id).SingleAsync();
            });
            var one = await BookingTestData.SeedAsync(app);
            var two = await BookingTestData.SeedAsync(app);
            await BookingTestData.SeedAsync(app, slug: "globex");
            var prices = new[] { new Money(80m, "USD"), new Money(45.5m, "USD"), new Money(120m, "EUR") };
            var seeded = await app.InTenantAsync("acme", async sp =>
            {
                var db = sp.GetRequiredService<PlatformDbContext>();
                var euro = new Service { Name = "Euro session", DurationMinutes = 90, Price = prices[2] };
                db.Services.Add(euro);
                var customers = Enumerable.Range(0, 12).Select(i => new Customer { Name = $"Report customer {i}", Email = $"report-{Guid.NewGuid():N}@example.com", CreatedAt = DateTimeOffset.UtcNow }).ToList();
                db.Customers.AddRange(customers);
                var services = new[] { one.Service, two.Service, euro.Id };
                var providers = new[] { one.Provider, two.Provider, sam };
                var random = new Random(20310301);
                for (var i = 0; i < 400; i++)
                {
                    var day = First.AddDays(random.Next(-3, 24));
                    var local = day.ToDateTime(new TimeOnly(random.Next(0, 24), random.Next(0, 4) * 15));
                    local = NewYork.IsInvalidTime(local) ? local.AddHours(1) : local;
                    var start = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, NewYork), TimeSpan.Zero);
                    var s = random.Next(3);
                    var booking = new Booking
                    {
                        ServiceId = services[s],
                        ProviderId = providers[random.Next(3)],
                        CustomerId = customers[random.Next(customers.Count)].Id,
                        StartUtc = start,
                        EndUtc = start.AddMinutes(60),
                        OccupiedStartUtc = start,
                        OccupiedEndUtc = start.AddMinutes(60),
                        Status = Enum.GetValues<BookingStatus>()[random.Next(6)],
                        Channel = Enum.GetValues<BookingChannel>()[random.Next(3)],
                        Price = prices[s],
                        CreatedAt = start.AddMinutes(-random.Next(-60, 20 * 24 * 60)),
                    };
                    db.Bookings.Add(booking);
                }

                await db.SaveChangesAsync();
                await sp.GetRequiredService<RollupBuilder>().RebuildAsync();
                return new Seeded(services, providers, sam);
            });
            SeededApps[app] = seeded;
            return seeded;
        }
        finally
        {
            Seeding.Release();
        }
    }

    private static string Json(object definition) => JsonSerializer.Serialize(definition);

    private Task<Outcome<ReportResult>> RunAsync(Actor actor, string json, string slug = "acme") =>
        app.AsActorAsync(slug, actor, sp => sp.GetRequiredService<Reports>().PreviewAsync(json));

    private Task<Actor> ActorAsync(string email, Func<Guid, Actor> make) =>
        app.InTenantAsync(email.EndsWith("globex.test", StringComparison.Ordinal) ? "globex" : "acme",
            async sp => make(await sp.GetRequiredService<PlatformDbContext>().Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync()));

    /// <summary>The bookings of acme as they are in the table (<see cref="Booked"/>), with the keys a report groups by, read here independently of the rollups.</summary>
    private sealed record Booked(Guid Service, Guid Provider, Guid Customer, BookingStatus Status, BookingChannel Channel, string Currency, decimal Price, DateOnly StartDay, int StartHour, DateOnly MadeDay);

    private Task<List<Booked>> TableAsync(string slug = "acme") => app.InTenantAsync(slug, async sp =>
        (await sp.GetRequiredService<PlatformDbContext>().Bookings.AsNoTracking()
            .Select(b => new { b.ServiceId, b.ProviderId, b.CustomerId, b.Status, b.Channel, b.Price.Currency, b.Price.Amount, b.StartUtc, b.CreatedAt }).ToListAsync())
        .Select(b => new Booked(b.ServiceId, b.ProviderId, b.CustomerId, b.Status, b.Channel, b.Currency, b.Amount, LocalDay(b.StartUtc), TimeZoneInfo.ConvertTime(b.StartUtc, NewYork).Hour, LocalDay(b.CreatedAt)))
        .ToList());

    private static readonly string[] Dimensions = [ReportFields.Day, ReportFields.Week, ReportFields.Weekday, ReportFields.Hour, ReportFields.Service, ReportFields.Provider, ReportFields.Status, ReportFields.Channel, ReportFields.Currency];

    [Fact]
    public async Task Random_bookings_reports_equal_a_direct_count_across_a_clock_change()
    {
        var seeded = await SeedAsync();
        var manager = await ActorAsync("manager@acme.test", Actor.Manager);
        var table = await TableAsync();
        var random = new Random(7);
        for (var round = 0; round < 25; round++)
        {
            var dims = Dimensions.OrderBy(_ => random.Next()).Take(random.Next(1, 3)).ToList();
            var made = random.Next(4) == 0;
            var filters = new Dictionary<string, string[]>();
            if (random.Next(2) == 0)
            {
                filters[ReportFields.Service] = [seeded.Services[random.Next(3)].ToString()];
            }

            if (random.Next(3) == 0)
            {
                filters[ReportFields.Status] = [ReportFields.StatusValues[random.Next(6)], ReportFields.StatusValues[random.Next(6)]];
            }

            if (random.Next(3) == 0)
            {
                filters[ReportFields.Channel] = [ReportFields.ChannelValues[random.Next(3)]];
            }

            var definition = Json(new
            {
                dataset = "bookings",
                from = "2031-03-01",
                to = "2031-03-20",
                basis = made ? "made" : "start",
                dimensions = dims,
                measures = new[] { "bookings", "cancelled", "revenue" },
                filters,
                limit = 10_000,
            });
            var result = await RunAsync(manager, definition);
            Assert.True(result.Succeeded, string.Join("; ", result.Errors.SelectMany(e => e.Value)));

            // The same, counted here from the table: rejected requests only when the status is asked for.
            var expected = table
                .Where(b => (made ? b.MadeDay : b.StartDay) is var d && d >= First && d <= Last)
                .Where(b => !filters.TryGetValue(ReportFields.Service, out var s) || s.Contains(b.Service.ToString()))
                .Where(b => filters.TryGetValue(ReportFields.Status, out var s) ? s.Contains(ReportFields.Camel(b.Status.ToString())) : dims.Contains(ReportFields.Status) || b.Status != BookingStatus.Rejected)
                .Where(b => !filters.TryGetValue(ReportFields.Channel, out var c) || c.Contains(ReportFields.ChannelKey(b.Channel)))
                .ToList();
            var keys = result.Value!.Definition.Keys;
            Assert.Equal(expected.Count, result.Value.Rows.Sum(r => (long)r[keys.Count]!));
            Assert.Equal(expected.Count(b => b.Status == BookingStatus.Cancelled), result.Value.Rows.Sum(r => (long)r[keys.Count + 1]!));
            foreach (var currency in new[] { "USD", "EUR" })
            {
                var currencyColumn = keys.ToList().IndexOf(ReportFields.Currency);
                Assert.Equal(
                    expected.Where(b => b.Currency == currency && b.Status is BookingStatus.Pending or BookingStatus.Confirmed or BookingStatus.Completed).Sum(b => b.Price),
                    result.Value.Rows.Where(r => (string)r[currencyColumn]! == currency).Sum(r => (decimal)r[keys.Count + 2]!));
            }

            // Every group's count, by the first dimension alone when it is the only one.
            if (dims.Count == 1 && dims[0] is ReportFields.Status)
            {
                foreach (var group in expected.GroupBy(b => ReportFields.ValueLabel(ReportFields.Status, ReportFields.Camel(b.Status.ToString()))))
                {
                    Assert.Equal(group.Count(), result.Value.Rows.Where(r => (string)r[0]! == group.Key).Sum(r => (long)r[keys.Count]!));
                }
            }

            if (dims.Count == 1 && dims[0] is ReportFields.Day)
            {
                foreach (var group in expected.GroupBy(b => made ? b.MadeDay : b.StartDay))
                {
                    Assert.Equal(group.Count(), result.Value.Rows.Where(r => (DateOnly)r[0]! == group.Key).Sum(r => (long)r[keys.Count]!));
                }
            }
        }

        // The hours of the day the clocks went forward: nothing starts at 2 a.m. local, which does not exist.
        var hours = await RunAsync(manager, Json(new { dataset = "bookings", from = "2031-03-09", to = "2031-03-09", dimensions = new[] { "hour" }, measures = new[] { "bookings" }, filters = new { status = ReportFields.StatusValues } }));
        Assert.Equal(table.Count(b => b.StartDay == new DateOnly(2031, 3, 9)), hours.Value!.Rows.Sum(r => (long)r[1]!));
        foreach (var group in table.Where(b => b.StartDay == new DateOnly(2031, 3, 9)).GroupBy(b => b.StartHour))
        {
            Assert.Equal(group.Count(), (long)hours.Value.Rows.Single(r => (string)r[0]! == Platform.Core.Common.LocalText.Hour(group.Key))[1]!);
        }
    }

    [Fact]
    public async Task Customer_reports_equal_a_direct_count_and_staff_see_only_their_own_calendar()
    {
        var seeded = await SeedAsync();
        var manager = await ActorAsync("manager@acme.test", Actor.Manager);
        var table = (await TableAsync()).Where(b => b.StartDay >= First && b.StartDay <= Last && b.Status != BookingStatus.Rejected).ToList();
        var result = await RunAsync(manager, Json(new
        {
            dataset = "customers",
            from = "2031-03-01",
            to = "2031-03-20",
            dimensions = new[] { "customer" },
            measures = new[] { "bookings", "noShows", "revenue", "noShowRate" },
            sort = "bookings",
            descending = true,
            limit = 10_000,
        }));
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.SelectMany(e => e.Value)));
        var names = await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().Customers.ToDictionaryAsync(c => c.Id, c => c.Name));
        foreach (var group in table.GroupBy(b => (b.Customer, b.Currency)))
        {
            var row = result.Value!.Rows.Single(r => (string)r[0]! == names[group.Key.Customer] && (string)r[1]! == group.Key.Currency);
            Assert.Equal(group.LongCount(), row[2]);
            Assert.Equal(group.LongCount(b => b.Status == BookingStatus.NoShow), row[3]);
            Assert.Equal(group.Where(b => b.Status is BookingStatus.Pending or BookingStatus.Confirmed or BookingStatus.Completed).Sum(b => b.Price), row[4]);
        }

        var counts = result.Value!.Rows.Select(r => (long)r[2]!).ToList();
        Assert.Equal(counts.OrderByDescending(c => c), counts);

        // Sam, a member of staff, runs the same reports and sees only the bookings of his own calendar.
        var sam = await ActorAsync("sam@acme.test", Actor.Staff);
        var own = await RunAsync(sam, Json(new { dataset = "customers", from = "2031-03-01", to = "2031-03-20", measures = new[] { "bookings" } }));
        Assert.True(own.Value!.OwnOnly);
        Assert.Equal(table.LongCount(b => b.Provider == seeded.Sam), own.Value.Rows.Single()[0]);
        var byProvider = await RunAsync(sam, Json(new { dataset = "bookings", from = "2031-03-01", to = "2031-03-20", dimensions = new[] { "provider" }, measures = new[] { "bookings" } }));
        Assert.Equal(table.LongCount(b => b.Provider == seeded.Sam), (long)byProvider.Value!.Rows.Single()[1]!);

        // Staff activity is for admins; the manager is refused it too.
        foreach (var lesser in new[] { sam, manager })
        {
            var refused = await RunAsync(lesser, Json(new { dataset = "staffActivity", range = "last30", dimensions = new[] { "member" }, measures = new[] { "actions" } }));
            Assert.Equal(ErrorCodes.Forbidden, refused.Code);
        }

        var admin = await ActorAsync("admin@acme.test", Actor.TenantAdmin);
        var activity = await RunAsync(admin, Json(new { dataset = "staffActivity", from = "2031-02-01", to = "2031-03-31", dimensions = new[] { "action" }, measures = new[] { "actions" } }));
        Assert.True(activity.Succeeded);
    }

    [Fact]
    public async Task Staff_activity_counts_what_each_member_did_by_the_booking_history()
    {
        // Mark makes three bookings and cancels one; Alice cancels another.
        var seeded = await BookingTestData.SeedAsync(app);
        var manager = await ActorAsync("manager@acme.test", Actor.Manager);
        var admin = await ActorAsync("admin@acme.test", Actor.TenantAdmin);
        var ledger = (Actor actor, Func<Platform.Infrastructure.Bookings.BookingLedger, Task<Outcome<Booking>>> work) =>
            app.AsActorAsync("acme", actor, sp => work(sp.GetRequiredService<Platform.Infrastructure.Bookings.BookingLedger>()));
        var placed = new List<Booking>();
        for (var i = 0; i < 3; i++)
        {
            placed.Add((await ledger(manager, l => l.PlaceAsync(new PlaceBooking(seeded.Service, seeded.Provider, seeded.Customer, BookingTestData.Tomorrow.AddDays(30 + i).AddHours(10))))).Value!);
        }

        await ledger(manager, l => l.ChangeAsync(placed[0].Id, BookingAction.Cancel, "Test"));
        await ledger(admin, l => l.ChangeAsync(placed[1].Id, BookingAction.Cancel, "Test"));

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, NewYork).DateTime);
        var expected = await app.InTenantAsync("acme", async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            var from = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(today.AddDays(-29).ToDateTime(TimeOnly.MinValue), NewYork), TimeSpan.Zero);
            var team = await db.Users.Where(u => u.Email!.EndsWith("@acme.test")).ToDictionaryAsync(u => u.Id, u => u.DisplayName);
            return (await db.BookingChanges.Where(c => c.At >= from && c.ByUserId != null).Select(c => new { User = c.ByUserId!.Value, c.Kind }).ToListAsync())
                .Where(c => team.ContainsKey(c.User)).GroupBy(c => (team[c.User], ReportFields.ValueLabel(ReportFields.Action, ReportFields.Camel(c.Kind.ToString())))).ToDictionary(g => g.Key, g => (long)g.Count());
        });
        Assert.True(expected[("Mark Manager", "Made")] >= 3);
        Assert.True(expected[("Mark Manager", "Cancelled")] >= 1);
        Assert.True(expected[("Alice Admin", "Cancelled")] >= 1);

        var result = await RunAsync(admin, Json(new { dataset = "staffActivity", range = "last30", dimensions = new[] { "member", "action" }, measures = new[] { "actions" } }));
        Assert.True(result.Succeeded);
        Assert.Equal(expected, result.Value!.Rows.ToDictionary(r => ((string)r[0]!, (string)r[1]!), r => (long)r[2]!));
        var byDay = await RunAsync(admin, Json(new { dataset = "staffActivity", range = "last7", dimensions = new[] { "day" }, measures = new[] { "actions" }, filters = new { action = new[] { "cancelled" } } }));
        Assert.True((long)byDay.Value!.Rows.Single(r => (DateOnly)r[0]! == today)[1]! >= 1);
    }

    [Fact]
    public void A_bad_definition_names_each_fault_and_a_good_one_reads_back_the_same()
    {
        var bad = ReportDefinitions.Parse(Json(new
        {
            dataset = "bookings",
            range = "last30",
            from = "2031-01-01",
            dimensions = new[] { "service", "password", "service" },
            measures = new[] { "bookings", "DROP TABLE" },
            filters = new { status = new[] { "confirmed", "lost" }, service = new[] { "not-an-id" }, customer = new[] { Guid.NewGuid().ToString() } },
            sort = "email",
            limit = 50_000,
            visual = "pie",
            extra = 1,
        }));
        Assert.False(bad.Succeeded);
        Assert.Equal(
            ["dimensions[1]", "dimensions[2]", "extra", "filters.customer", "filters.service[0]", "filters.status[1]", "limit", "measures[1]", "range", "sort", "visual"],
            bad.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("Choose from day, week", bad.Errors["dimensions[1]"][0], StringComparison.Ordinal);
        Assert.Contains("\"lost\" is not a status", bad.Errors["filters.status[1]"][0], StringComparison.Ordinal);

        var long_ = ReportDefinitions.Parse(Json(new { dataset = "customers", from = "2030-01-01", to = "2031-03-01", measures = new[] { "bookings" }, basis = "made" }));
        Assert.Contains("at most 366 days", long_.Errors["to"][0], StringComparison.Ordinal);
        Assert.Contains("no basis", long_.Errors["basis"][0], StringComparison.Ordinal);
        Assert.Contains("doughnut shows one measure", ReportDefinitions.Parse(Json(new { dataset = "bookings", dimensions = new[] { "day", "service" }, measures = new[] { "bookings" }, visual = "doughnut" })).Errors["visual"][0], StringComparison.Ordinal);
        Assert.Equal("definition", ReportDefinitions.Parse("{ not json").Errors.Keys.Single());

        var good = ReportDefinitions.Parse(Json(new { dataset = "bookings", range = "lastMonth", basis = "made", dimensions = new[] { "month", "channel" }, measures = new[] { "revenue" }, filters = new { currency = new[] { "USD" } }, sort = "revenue", descending = true, visual = "stackedBar" }));
        Assert.True(good.Succeeded, string.Join("; ", good.Errors.SelectMany(e => e.Value)));
        var again = ReportDefinitions.Parse(ReportDefinitions.ToJson(good.Value!));
        Assert.Equal(ReportDefinitions.ToJson(good.Value!), ReportDefinitions.ToJson(again.Value!));
        Assert.Equal((new DateOnly(2031, 2, 1), new DateOnly(2031, 2, 28)), good.Value!.Range.Resolve(new DateOnly(2031, 3, 9)));
        Assert.Equal(["month", "channel", "currency"], good.Value.Keys);
    }

    [Fact]
    public async Task Over_http_reports_are_saved_shared_run_as_files_and_kept_from_other_businesses_and_lesser_roles()
    {
        var seeded = await SeedAsync();
        using var manager = await app.SignedInAsync(Acme, "manager@acme.test");
        var definition = new
        {
            dataset = "bookings",
            from = "2031-03-01",
            to = "2031-03-20",
            dimensions = new[] { "service" },
            measures = new[] { "bookings", "revenue", "cancellationRate" },
            filters = new { service = new[] { seeded.Services[0].ToString(), seeded.Services[2].ToString() } },
            sort = "bookings",
            descending = true,
            visual = "bar",
        };

        // A bad definition saves nothing and names the fault.
        var stored = await StoredAsync();
        var bad = await manager.PostAsJsonAsync("api/v1/reports", new { name = "Bad", sharing = "team", definition = new { dataset = "bookings", measures = new[] { "bookings" }, dimensions = new[] { "secret" } } });
        await AssertProblemAsync(bad, HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed, "definition.dimensions[0]");
        await AssertProblemAsync(await manager.PostAsJsonAsync("api/v1/reports", new { name = " ", sharing = "everyone", definition }), HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed, "sharing");
        await AssertProblemAsync(await manager.PostAsJsonAsync("api/v1/reports", new { name = "", sharing = "team", definition }), HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed, "name");
        Assert.Equal(stored, await StoredAsync());

        var created = await manager.PostAsJsonAsync("api/v1/reports", new { name = "Bookings by service", sharing = "team", definition });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("report").GetProperty("id").GetGuid();
        var privateOne = await manager.PostAsJsonAsync("api/v1/reports", new { name = "Mark's own", sharing = "private", definition });
        var privateId = (await privateOne.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("report").GetProperty("id").GetGuid();

        // The figures, as JSON, CSV and Excel, equal the table's.
        var table = (await TableAsync()).Where(b => b.StartDay >= First && b.StartDay <= Last && b.Status != BookingStatus.Rejected && (b.Service == seeded.Services[0] || b.Service == seeded.Services[2])).ToList();
        var names = await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().Services.ToDictionaryAsync(s => s.Id, s => s.Name));
        var json = await manager.GetFromJsonAsync<JsonElement>($"api/v1/reports/{id}/result");
        var rows = json.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(2, rows.Count);
        foreach (var service in new[] { seeded.Services[0], seeded.Services[2] })
        {
            var row = rows.Single(r => r[0].GetString() == names[service]);
            Assert.Equal(table.Count(b => b.Service == service), row[2].GetInt32());
            Assert.Equal(table.Where(b => b.Service == service && b.Status is BookingStatus.Pending or BookingStatus.Confirmed or BookingStatus.Completed).Sum(b => b.Price), row[3].GetDecimal());
        }

        var csv = await manager.GetAsync($"api/v1/reports/{id}/result?format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Service,Currency,Bookings,Revenue,Cancellation rate", lines[0]);
        Assert.Contains($"{names[seeded.Services[2]]},EUR,{table.Count(b => b.Service == seeded.Services[2])},", lines[1..].Single(l => l.StartsWith(names[seeded.Services[2]], StringComparison.Ordinal)), StringComparison.Ordinal);

        var xlsx = await manager.GetAsync($"api/v1/reports/{id}/result?format=xlsx");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        var sheet = ReadSheet(await xlsx.Content.ReadAsByteArrayAsync());
        Assert.Equal(["Service", "Currency", "Bookings", "Revenue", "Cancellation rate"], sheet[0]);
        var euroRow = sheet.Single(r => r[0] == names[seeded.Services[2]]);
        Assert.Equal(table.Count(b => b.Service == seeded.Services[2]).ToString(CultureInfo.InvariantCulture), euroRow[2]);
        var pdf = await manager.GetAsync($"api/v1/reports/{id}/result?format=pdf");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        var text = PdfText(await pdf.Content.ReadAsByteArrayAsync());
        Assert.Contains("Bookings by service", text, StringComparison.Ordinal);
        Assert.Contains($"{names[seeded.Services[2]]} EUR {table.Count(b => b.Service == seeded.Services[2])}", text, StringComparison.Ordinal);
        await AssertProblemAsync(await manager.GetAsync($"api/v1/reports/{id}/result?format=pdfx"), HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed, "format");

        // Another business sees none of it, by id or in its list; its own reports run on its own data.
        using var globex = await app.SignedInAsync("http://globex.localhost/", "manager@globex.test");
        await AssertProblemAsync(await globex.GetAsync($"api/v1/reports/{id}"), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await AssertProblemAsync(await globex.GetAsync($"api/v1/reports/{id}/result?format=csv"), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await AssertProblemAsync(await globex.PutAsJsonAsync($"api/v1/reports/{id}", new { name = "Taken", sharing = "team", definition }), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await AssertProblemAsync(await globex.DeleteAsync($"api/v1/reports/{id}"), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        Assert.DoesNotContain(id.ToString(), await globex.GetStringAsync("api/v1/reports"), StringComparison.Ordinal);
        var theirs = await globex.PostAsJsonAsync("api/v1/reports/preview", new { definition });
        var theirRows = (await theirs.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rows");
        Assert.Equal(0, theirRows.GetArrayLength());

        // Staff read what is shared with the team, never a private report, and may not save, change or delete.
        using var staff = await app.SignedInAsync(Acme, "sam@acme.test");
        var seen = await staff.GetStringAsync("api/v1/reports");
        Assert.Contains(id.ToString(), seen, StringComparison.Ordinal);
        Assert.DoesNotContain(privateId.ToString(), seen, StringComparison.Ordinal);
        await AssertProblemAsync(await staff.GetAsync($"api/v1/reports/{privateId}"), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        var staffRun = await staff.GetFromJsonAsync<JsonElement>($"api/v1/reports/{id}/result");
        Assert.True(staffRun.GetProperty("ownOnly").GetBoolean());
        Assert.Equal(table.Count(b => b.Provider == seeded.Sam), staffRun.GetProperty("rows").EnumerateArray().Sum(r => r[2].GetInt32()));
        await AssertProblemAsync(await staff.PostAsJsonAsync("api/v1/reports", new { name = "Mine", sharing = "private", definition }), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await AssertProblemAsync(await staff.PutAsJsonAsync($"api/v1/reports/{id}", new { name = "Mine", sharing = "team", definition }), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await AssertProblemAsync(await staff.DeleteAsync($"api/v1/reports/{id}"), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);

        // The admin sees the shared report but not the manager's private one; a key with reports:read lists and runs the shared ones.
        using var admin = await app.SignedInAsync(Acme, "admin@acme.test");
        await AssertProblemAsync(await admin.GetAsync($"api/v1/reports/{privateId}"), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        using var key = app.CreateClientFor(Acme);
        key.DefaultRequestHeaders.Add("X-Api-Key", DemoAccounts.ApiKeys["acme"]);
        Assert.Contains(id.ToString(), await key.GetStringAsync("api/v1/reports"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await key.GetAsync($"api/v1/reports/{id}/result?format=csv")).StatusCode);
        await AssertProblemAsync(await key.PostAsJsonAsync("api/v1/reports", new { name = "By key", sharing = "team", definition }), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);

        // A customer gets nothing.
        using var customer = await app.SignedInAsync(Acme, "carla@example.com");
        await AssertProblemAsync(await customer.GetAsync("api/v1/reports"), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);

        // An export in the background: queued, made from the outbox as the one who asked, downloaded by them only, at
        // their business's address only, until it expires.
        await AssertProblemAsync(await manager.PostAsJsonAsync($"api/v1/reports/{id}/exports", new { format = "docx" }), HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed, "format");
        var queued = await manager.PostAsJsonAsync($"api/v1/reports/{id}/exports", new { format = "xlsx" });
        Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
        var exportId = (await queued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await app.AllDeliveredAsync();
        var export = await manager.GetFromJsonAsync<JsonElement>($"api/v1/report-exports/{exportId}");
        Assert.Equal("ready", export.GetProperty("status").GetString());
        Assert.Equal(export.GetProperty("rowsTotal").GetInt32(), export.GetProperty("rowsDone").GetInt32());
        var exported = ReadSheet(await manager.GetByteArrayAsync($"api/v1/report-exports/{exportId}/file"));
        Assert.Equal(sheet, exported);
        Assert.Contains(await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().Set<Platform.Core.Notifications.Notification>().Select(n => n.Title).ToListAsync()),
            t => t == "“Bookings by service” is ready");
        await AssertProblemAsync(await globex.GetAsync($"api/v1/report-exports/{exportId}/file"), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await AssertProblemAsync(await staff.GetAsync($"api/v1/report-exports/{exportId}/file"), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await AssertProblemAsync(await staff.PostAsync($"api/v1/report-exports/{exportId}/cancel", null), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await AssertProblemAsync(await manager.PostAsync($"api/v1/report-exports/{exportId}/cancel", null), HttpStatusCode.Conflict, ErrorCodes.Conflict);
        Assert.DoesNotContain(exportId.ToString(), await staff.GetStringAsync("api/v1/report-exports"), StringComparison.Ordinal);
        Assert.Contains(exportId.ToString(), await manager.GetStringAsync("api/v1/report-exports"), StringComparison.Ordinal);
        await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().ReportExports.Where(e => e.Id == exportId)
            .ExecuteUpdateAsync(u => u.SetProperty(e => e.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1))));
        await AssertProblemAsync(await manager.GetAsync($"api/v1/report-exports/{exportId}/file"), HttpStatusCode.Gone, ErrorCodes.Gone);

        // A staff member's export of the shared report holds only their own calendar's figures.
        var staffQueued = await staff.PostAsJsonAsync($"api/v1/reports/{id}/exports", new { format = "csv" });
        var staffExport = (await staffQueued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await app.AllDeliveredAsync();
        var staffLines = (await staff.GetStringAsync($"api/v1/report-exports/{staffExport}/file")).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(table.Count(b => b.Provider == seeded.Sam), staffLines.Skip(1).Sum(l => int.Parse(l.Split(',')[2], CultureInfo.InvariantCulture)));

        // The author deletes the report; it is gone for everyone.
        Assert.Equal(HttpStatusCode.NoContent, (await manager.DeleteAsync($"api/v1/reports/{id}")).StatusCode);
        await AssertProblemAsync(await staff.GetAsync($"api/v1/reports/{id}"), HttpStatusCode.NotFound, ErrorCodes.NotFound);
    }

    [Fact]
    public async Task A_scheduled_report_arrives_by_mail_with_its_attachments_and_bad_schedules_are_refused()
    {
        await SeedAsync();
        using var manager = await app.SignedInAsync(Acme, "manager@acme.test");
        var created = await manager.PostAsJsonAsync("api/v1/reports", new
        {
            name = "Weekly by status",
            sharing = "managers",
            definition = new { dataset = "bookings", from = "2031-03-01", to = "2031-03-20", dimensions = new[] { "status" }, measures = new[] { "bookings" }, visual = "doughnut" },
        });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("report").GetProperty("id").GetGuid();
        var (markId, aliceId) = (await app.UserIdAsync("acme", "manager@acme.test"), await app.UserIdAsync("acme", "admin@acme.test"));
        var globexId = await app.UserIdAsync("globex", "manager@globex.test");
        var path = $"api/v1/reports/{id}/schedules";

        // Bad schedules name their fault and save nothing.
        await AssertProblemAsync(await manager.PostAsJsonAsync(path, new { frequency = "weekly", time = "25:00", weekday = "monday", recipients = new[] { markId }, attachments = new[] { "pdf" } }),
            HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed, "time");
        await AssertProblemAsync(await manager.PostAsJsonAsync(path, new { frequency = "weekly", time = "07:30", recipients = new[] { markId }, attachments = new[] { "pdf" } }),
            HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed, "weekday");
        await AssertProblemAsync(await manager.PostAsJsonAsync(path, new { frequency = "daily", time = "07:30", recipients = new[] { globexId }, attachments = new[] { "pdf" } }),
            HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed, "recipients");
        await AssertProblemAsync(await manager.PostAsJsonAsync(path, new { frequency = "hourly", time = "07:30", recipients = new[] { markId }, attachments = Array.Empty<string>() }),
            HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed, "attachments");
        Assert.Equal(0, await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().ReportSchedules.CountAsync(s => s.ReportId == id)));

        // Staff may not schedule; another business sees nothing of it.
        using var staff = await app.SignedInAsync(Acme, "sam@acme.test");
        var good = new { frequency = "weekly", time = "07:30", weekday = "monday", recipients = new[] { markId, aliceId }, attachments = new[] { "pdf", "xlsx" } };
        await AssertProblemAsync(await staff.PostAsJsonAsync(path, good), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        var scheduled = await manager.PostAsJsonAsync(path, good);
        Assert.Equal(HttpStatusCode.Created, scheduled.StatusCode);
        var schedule = await scheduled.Content.ReadFromJsonAsync<JsonElement>();
        var scheduleId = schedule.GetProperty("id").GetGuid();
        var next = schedule.GetProperty("nextRunAt").GetDateTimeOffset();
        Assert.Equal((DayOfWeek.Monday, new TimeOnly(7, 30)), (TimeZoneInfo.ConvertTime(next, NewYork).DayOfWeek, TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(next, NewYork).DateTime)));
        using var globex = await app.SignedInAsync("http://globex.localhost/", "manager@globex.test");
        await AssertProblemAsync(await globex.GetAsync(path), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await AssertProblemAsync(await globex.DeleteAsync($"api/v1/report-schedules/{scheduleId}"), HttpStatusCode.NotFound, ErrorCodes.NotFound);

        // It falls due: the sweep queues it once, and both recipients get the PDF and the workbook with the figures.
        await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().ReportSchedules.Where(s => s.Id == scheduleId)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.NextRunAt, DateTimeOffset.UtcNow.AddMinutes(-1))));
        await app.InTenantAsync("acme", async sp => await sp.GetRequiredService<ReportScheduleSweep>().QueueDueAsync());
        await app.AllDeliveredAsync();
        var table = (await TableAsync()).Where(b => b.StartDay >= First && b.StartDay <= Last && b.Status != BookingStatus.Rejected).ToList();
        foreach (var email in new[] { "manager@acme.test", "admin@acme.test" })
        {
            var mail = Mailbox.To(app.MailFolder, email).Single(m => (m.Subject ?? "").StartsWith("Weekly by status", StringComparison.Ordinal));
            var files = mail.Attachments.OfType<MimeKit.MimePart>().ToDictionary(a => a.FileName ?? "", a =>
            {
                using var bytes = new MemoryStream();
                a.Content!.DecodeTo(bytes);
                return bytes.ToArray();
            });
            Assert.Equal(["Weekly by status.pdf", "Weekly by status.xlsx"], files.Keys.Order(StringComparer.Ordinal));
            var sheet = ReadSheet(files["Weekly by status.xlsx"]);
            Assert.Equal(table.Count(b => b.Status == BookingStatus.Confirmed), int.Parse(sheet.Single(r => r[0] == "Confirmed")[1], CultureInfo.InvariantCulture));
            Assert.Contains($"Confirmed {table.Count(b => b.Status == BookingStatus.Confirmed)}", PdfText(files["Weekly by status.pdf"]), StringComparison.Ordinal);
        }

        var runs = (await manager.GetFromJsonAsync<JsonElement>(path))[0].GetProperty("runs");
        Assert.Equal("sent", runs[0].GetProperty("status").GetString());
        Assert.Equal(2, runs[0].GetProperty("recipients").GetInt32());
        Assert.True((await manager.GetFromJsonAsync<JsonElement>(path))[0].GetProperty("nextRunAt").GetDateTimeOffset() > DateTimeOffset.UtcNow);

        Assert.Equal(HttpStatusCode.NoContent, (await manager.DeleteAsync($"api/v1/report-schedules/{scheduleId}")).StatusCode);
        Assert.Equal(0, (await manager.GetFromJsonAsync<JsonElement>(path)).GetArrayLength());
    }

    private Task<int> StoredAsync() => app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().SavedReports.CountAsync());

    /// <summary>The first sheet's cells as text, rows of columns, read with the Open XML SDK.</summary>
    internal static List<string[]> ReadSheet(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        using var document = SpreadsheetDocument.Open(stream, false);
        var part = document.WorkbookPart!.WorksheetParts.First();
        return [.. part.Worksheet.Descendants<Row>().Select(r => r.Elements<Cell>().Select(c => c.DataType?.Value == CellValues.InlineString ? c.InnerText : c.CellValue?.Text ?? "").ToArray())];
    }

    /// <summary>The words of every page of a PDF, read with PdfPig, separated by spaces.</summary>
    internal static string PdfText(byte[] bytes)
    {
        using var document = UglyToad.PdfPig.PdfDocument.Open(bytes);
        return string.Join(" ", document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code, string? field = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{response.StatusCode}: {body}");
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(code, problem.GetProperty("code").GetString());
        if (field is not null)
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), body);
        }
    }
}

public sealed class SqliteReportTests(SqliteReportTests.App app) : ReportTests(app), IClassFixture<SqliteReportTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);
}

public sealed class PostgresReportTests(PostgresReportTests.App app) : ReportTests(app), IClassFixture<PostgresReportTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Postgres);
}
