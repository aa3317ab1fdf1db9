using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using MimeKit;
using Npgsql;
using Platform.Infrastructure.Seeding;
using Platform.Tests.Support;
using Xunit.Abstractions;

namespace Platform.Tests.Events;

/// <summary>
/// Issue 10, defect 9 (ADR 0017): the app, a process of its own, is killed (kill -9) under booking load while its
/// dispatcher holds claimed messages, and started again under the same node name. Every message claimed before the
/// crash is delivered within 30 s of the restart, every acknowledged booking is there once, and nobody gets a
/// notification or e-mail twice.
/// </summary>
public abstract class OutboxCrashTests(TestDatabase database, ITestOutputHelper output)
{
    private const string Node = "crash-node";

    [Fact]
    public async Task After_a_kill_under_load_a_restart_delivers_what_was_claimed_within_30_seconds_and_nobody_hears_twice()
    {
        var folder = Directory.CreateTempSubdirectory("platform-crash-").FullName;
        var connectionString = database == TestDatabase.Postgres
            ? await TestPostgres.CreateDatabaseAsync("crash")
            : $"Data Source={Path.Combine(folder, "platform.db")}";
        var mail = Path.Combine(folder, "mail");

        // A mail server that takes the connection and never answers: the dispatcher sits in its first e-mail with the rest
        // of its batch claimed, as it would with a slow server, so the kill finds claimed messages.
        var silentSmtp = new TcpListener(IPAddress.Loopback, 0);
        silentSmtp.Start();
        try
        {
            var acknowledged = new List<Guid>();
            List<object> claimed;
            await using (var first = AppProcess.Start(database, connectionString, folder, Node, smtpPort: ((IPEndPoint)silentSmtp.LocalEndpoint).Port))
            {
                await first.ReadyAsync();
                await using var db = await Db.OpenAsync(database, connectionString);
                var (service, provider, customer) = await db.ColourBookingAsync();
                using var api = first.Api(DemoAccounts.ApiKeys["globex"]);

                // Booking load: four clients book in parallel until the dispatcher holds claims and enough bookings are in.
                using var load = new CancellationTokenSource();
                var starts = new Queue<DateTimeOffset>(CrashTestBookings.Starts(45));
                var clients = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
                {
                    while (!load.IsCancellationRequested)
                    {
                        DateTimeOffset start;
                        lock (starts)
                        {
                            if (!starts.TryDequeue(out start))
                            {
                                return;
                            }
                        }

                        try
                        {
                            var response = await api.PostAsJsonAsync("api/v1/bookings", new { serviceId = service, providerId = provider, customerId = customer, start }, CancellationToken.None);
                            if (response.StatusCode == HttpStatusCode.Created)
                            {
                                var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
                                lock (acknowledged)
                                {
                                    acknowledged.Add(id);
                                }
                            }
                        }
                        catch (HttpRequestException)
                        {
                            return; // the app is gone
                        }
                    }
                })).ToList();

                await Eventually.HoldsAsync(async () => acknowledged.Count >= 8 && (await db.ClaimedAsync()).Count > 0,
                    "bookings are made and the dispatcher holds claimed messages", 40_000);
                first.Kill();
                await load.CancelAsync();
                await Task.WhenAll(clients);

                claimed = await db.ClaimedAsync();
                Assert.NotEmpty(claimed);

                // The kill lands in the e-mail's send, so the crash in the other place a message is redelivered from (a
                // handler's work done, the record of it not yet written) is made as it would have happened: two delivered
                // booking events go back to the state they were in before their record, claimed by the dead dispatcher.
                claimed.AddRange(await db.UnrecordAsync("booking.created", 2, like: claimed[0]));
            }

            // The same node again, now with a working mail (the pickup folder).
            var restart = Stopwatch.StartNew();
            await using var second = AppProcess.Start(database, connectionString, folder, Node, smtpPort: null);
            await using (var db = await Db.OpenAsync(database, connectionString))
            {
                var deadline = TimeSpan.FromSeconds(30);
                while (!await db.AllDoneAsync(claimed))
                {
                    Assert.True(restart.Elapsed < deadline, $"The {claimed.Count} messages claimed before the crash were not all delivered within {deadline.TotalSeconds} s of the restart.");
                    await Task.Delay(100);
                }

                var recovered = restart.Elapsed;
                await second.ReadyAsync();
                var ready = restart.Elapsed;
                await Eventually.HoldsAsync(async () => await db.PendingAsync() == 0, "every event is delivered", 30_000);
                await CrashTestBookings.ReportAsync(output, database, claimed.Count, recovered, ready);
                output.WriteLine(second.Log());

                // Every acknowledged booking is there, once.
                var bookings = await db.BookingIdsAsync();
                Assert.All(acknowledged, id => Assert.Single(bookings, b => b == id));

                // Nobody is told twice: one notification per event, kind and person, one e-mail per message and address.
                var notifications = await db.NotificationsAsync();
                Assert.NotEmpty(notifications);
                Assert.All(notifications.GroupBy(n => n), g => Assert.Single(g));
                var mails = CrashTestBookings.Mails(mail);
                Assert.All(mails.GroupBy(m => (m.To.ToString(), m.Subject, m.TextBody)), g => Assert.Single(g));

                // And nothing was lost: the managers hear of every booking waiting for approval by e-mail, once.
                Assert.Equal(bookings.Count, mails.Count(m => m.To.Mailboxes.Any(b => b.Address == "manager@globex.test")));
            }
        }
        finally
        {
            silentSmtp.Stop();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A file a closing connection still holds; the temp folder is cleaned by the OS.
            }
        }
    }

    /// <summary>Platform.Web.dll from the build output, run as a process of its own, configured by its environment.</summary>
    private sealed class AppProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly List<string> _log = [];

        private AppProcess(Process process, int port)
        {
            _process = process;
            Root = new Uri($"http://127.0.0.1:{port}/");
            process.OutputDataReceived += (_, e) => Keep(e.Data);
            process.ErrorDataReceived += (_, e) => Keep(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public Uri Root { get; }

        public static AppProcess Start(TestDatabase database, string connectionString, string folder, string node, int? smtpPort)
        {
            var output = new DirectoryInfo(AppContext.BaseDirectory);
            var configuration = output.Parent!.Name; // bin/<configuration>/<framework>/
            var web = Path.Combine(RepositoryRoot.Path, "Platform.Web", "bin", configuration, output.Name);
            var port = FreePort();
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[] { Path.Combine(web, "Platform.Web.dll"), "--urls", $"http://127.0.0.1:{port}", "--contentRoot", web })
            {
                start.ArgumentList.Add(argument);
            }

            var settings = new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Testing",
                ["Database__Provider"] = database == TestDatabase.Postgres ? "PostgreSql" : "Sqlite",
                ["ConnectionStrings__Platform"] = connectionString,
                ["Email__PickupDirectory"] = Path.Combine(folder, "mail"),
                ["Email__SmtpHost"] = smtpPort is null ? "" : "127.0.0.1",
                ["Email__SmtpPort"] = (smtpPort ?? 25).ToString(CultureInfo.InvariantCulture),
                ["Email__SmtpUseTls"] = "false",
                ["Sms__PickupDirectory"] = Path.Combine(folder, "sms"),
                ["DataProtection__KeysDirectory"] = Path.Combine(folder, "keys"),
                ["Seed__Demo"] = "true",
                ["Seed__DemoBookings"] = "false",
                ["Outbox__NodeName"] = node,
                ["Logging__LogLevel__Default"] = "Warning",
            };
            foreach (var (key, value) in settings)
            {
                start.Environment[key] = value;
            }

            return new AppProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start"), port);
        }

        public HttpClient Api(string key)
        {
            var client = new HttpClient { BaseAddress = Root, Timeout = TimeSpan.FromSeconds(30) };
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
            return client;
        }

        /// <summary>Waits until the app answers its readiness check (migrations and the demo seed are done by then).</summary>
        public async Task ReadyAsync()
        {
            using var client = new HttpClient { BaseAddress = Root, Timeout = TimeSpan.FromSeconds(10) };
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (true)
            {
                Assert.False(_process.HasExited, "The app stopped:\n" + Log());
                try
                {
                    if ((await client.GetAsync("health/ready")).IsSuccessStatusCode)
                    {
                        return;
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    // Not listening yet, or still starting.
                }

                Assert.True(DateTime.UtcNow < deadline, "The app did not become ready:\n" + Log());
                await Task.Delay(200);
            }
        }

        /// <summary>kill -9 of the app and whatever it started.</summary>
        public void Kill()
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        public ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                Kill();
            }

            _process.Dispose();
            return ValueTask.CompletedTask;
        }

        public string Log()
        {
            lock (_log)
            {
                return string.Join('\n', _log.TakeLast(40));
            }
        }

        private void Keep(string? line)
        {
            if (line is not null)
            {
                lock (_log)
                {
                    _log.Add(line);
                }
            }
        }

        private static int FreePort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }
    }

    /// <summary>The test's own look at the app's database, in plain SQL: the app runs in another process.</summary>
    private sealed class Db(DbConnection connection) : IAsyncDisposable
    {
        public static async Task<Db> OpenAsync(TestDatabase database, string connectionString)
        {
            DbConnection connection = database == TestDatabase.Postgres ? new NpgsqlConnection(connectionString) : new SqliteConnection(connectionString);
            await connection.OpenAsync();
            return new Db(connection);
        }

        /// <summary>globex's "Colour" (it waits for approval, so managers get an e-mail), its provider Lena, and a customer.</summary>
        public async Task<(string Service, string Provider, string Customer)> ColourBookingAsync()
        {
            var rows = await QueryAsync("""
                SELECT s."Id", p."Id", (SELECT c."Id" FROM "Customers" c WHERE c."TenantId" = s."TenantId" ORDER BY c."Name" LIMIT 1)
                FROM "Services" s JOIN "Providers" p ON p."TenantId" = s."TenantId"
                WHERE s."Name" = 'Colour' AND p."DisplayName" = 'Lena Vogel'
                """, r => (r.GetValue(0).ToString()!, r.GetValue(1).ToString()!, r.GetValue(2).ToString()!));
            return rows.Single();
        }

        /// <summary>The ids (as the database gives them) of pending messages a dispatcher holds.</summary>
        public Task<List<object>> ClaimedAsync() =>
            QueryAsync("""SELECT "Id" FROM "OutboxMessages" WHERE "Status" = 'Pending' AND "ClaimedBy" IS NOT NULL""", r => r.GetValue(0));

        /// <summary>Puts delivered messages of a type back as they were before their delivery was recorded, with the claim of <paramref name="like"/>.</summary>
        public async Task<List<object>> UnrecordAsync(string type, int count, object like)
        {
            var ids = await QueryAsync($"""SELECT "Id" FROM "OutboxMessages" WHERE "Type" = '{type}' AND "Status" = 'Done' ORDER BY "CreatedAt" LIMIT {count}""", r => r.GetValue(0));
            foreach (var id in ids)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = """
                    UPDATE "OutboxMessages" SET "Status" = 'Pending', "CompletedHandlers" = '', "ProcessedAt" = NULL,
                        "ClaimedBy" = (SELECT o."ClaimedBy" FROM "OutboxMessages" o WHERE o."Id" = @like),
                        "ClaimedUntil" = (SELECT o."ClaimedUntil" FROM "OutboxMessages" o WHERE o."Id" = @like)
                    WHERE "Id" = @id
                    """;
                Add(command, "like", like);
                Add(command, "id", id);
                Assert.Equal(1, await command.ExecuteNonQueryAsync());
            }

            return ids;
        }

        public async Task<bool> AllDoneAsync(List<object> ids)
        {
            foreach (var id in ids)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = """SELECT "Status" FROM "OutboxMessages" WHERE "Id" = @id""";
                Add(command, "id", id);
                if ((string?)await command.ExecuteScalarAsync() != "Done")
                {
                    return false;
                }
            }

            return true;
        }

        public async Task<int> PendingAsync() =>
            (await QueryAsync("""SELECT COUNT(*) FROM "OutboxMessages" WHERE "Status" = 'Pending'""", r => Convert.ToInt32(r.GetValue(0), CultureInfo.InvariantCulture))).Single();

        public Task<List<Guid>> BookingIdsAsync() =>
            QueryAsync("""SELECT "Id" FROM "Bookings" """, r => Guid.Parse(r.GetValue(0).ToString()!));

        public Task<List<string>> NotificationsAsync() =>
            QueryAsync("""SELECT "UserId", "Kind", "Body" FROM "Notifications" """, r => $"{r.GetValue(0)}|{r.GetString(1)}|{r.GetString(2)}");

        public ValueTask DisposeAsync() => connection.DisposeAsync();

        private static void Add(DbCommand command, string name, object value)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        private async Task<List<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> read)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<T>();
            while (await reader.ReadAsync())
            {
                rows.Add(read(reader));
            }

            return rows;
        }
    }
}

/// <summary>Booking starts and e-mail reading shared by the crash and redelivery tests.</summary>
internal static class CrashTestBookings
{
    /// <summary>Starts of globex's two-hour "Colour" that fit Lena's hours (Tuesday to Saturday, 10-13 and 14-19, Berlin), from three weeks on.</summary>
    public static List<DateTimeOffset> Starts(int count)
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var starts = new List<DateTimeOffset>();
        for (var day = DateTime.UtcNow.Date.AddDays(21); starts.Count < count; day = day.AddDays(1))
        {
            if (day.DayOfWeek is DayOfWeek.Sunday or DayOfWeek.Monday)
            {
                continue;
            }

            foreach (var time in new[] { new TimeSpan(10, 0, 0), new TimeSpan(14, 0, 0), new TimeSpan(16, 30, 0) })
            {
                var local = DateTime.SpecifyKind(day + time, DateTimeKind.Unspecified);
                starts.Add(new DateTimeOffset(local, berlin.GetUtcOffset(local)).ToUniversalTime());
            }
        }

        return starts.Take(count).ToList();
    }

    /// <summary>The e-mails of a pickup folder (a file being written is read once it is whole).</summary>
    public static List<MimeMessage> Mails(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var mails = new List<MimeMessage>();
        foreach (var file in Directory.GetFiles(folder, "*.eml"))
        {
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    mails.Add(MimeMessage.Load(file));
                    break;
                }
                catch (Exception) when (attempt < 20)
                {
                    Thread.Sleep(50);
                }
            }
        }

        return mails;
    }

    public static async Task ReportAsync(ITestOutputHelper output, TestDatabase database, int claimed, TimeSpan recovered, TimeSpan ready)
    {
        var report = FormattableString.Invariant(
            $"outbox crash recovery ({database}): {claimed} messages claimed before the kill, all delivered {recovered.TotalSeconds:0.0} s after the restart began (the app answered its readiness check after {ready.TotalSeconds:0.0} s)");
        output.WriteLine(report);
        Directory.CreateDirectory(Path.Combine(RepositoryRoot.Path, ".test-run"));
        await File.WriteAllTextAsync(Path.Combine(RepositoryRoot.Path, ".test-run", $"outbox-crash-recovery-{database.ToString().ToLowerInvariant()}.txt"), report + "\n");
    }
}

/// <summary>The crash tests run one after the other: each starts the app twice as processes of their own.</summary>
[CollectionDefinition(nameof(OutboxCrashTests), DisableParallelization = true)]
public sealed class OutboxCrashCollection;

[Collection(nameof(OutboxCrashTests))]
public sealed class OutboxCrashSqliteTests(ITestOutputHelper output) : OutboxCrashTests(TestDatabase.Sqlite, output);

[Collection(nameof(OutboxCrashTests))]
public sealed class OutboxCrashPostgresTests(ITestOutputHelper output) : OutboxCrashTests(TestDatabase.Postgres, output);
