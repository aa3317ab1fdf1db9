using System.Data.Common;
using Microsoft.Data.Sqlite;
using Platform.Infrastructure.Data;

namespace Platform.Tests.Data;

/// <summary>
/// Quartz's SQLite job store opens its own connections: they wait for the writer lock inside SQLite, as the app's own do,
/// instead of failing at once into Microsoft.Data.Sqlite's 150 ms sleeps.
/// </summary>
public sealed class JobStoreConnectionTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"jobstore-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task A_job_store_connection_waits_for_the_writer_instead_of_failing_at_once()
    {
        var factory = new BusyWaitingSqliteFactory(busyTimeoutMs: 4000);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = _file, Pooling = false, DefaultTimeout = 0 }.ToString();
        await using (var setup = new SqliteConnection(connectionString))
        {
            await setup.OpenAsync();
            await Execute(setup, "PRAGMA journal_mode = WAL; CREATE TABLE t (x INTEGER);");
        }

        await using var holder = new SqliteConnection(connectionString);
        await holder.OpenAsync();
        await Execute(holder, "BEGIN IMMEDIATE; INSERT INTO t VALUES (1);");

        await using var waiting = factory.CreateConnection();
        waiting.ConnectionString = connectionString;
        await waiting.OpenAsync();
        await using (var read = waiting.CreateCommand())
        {
            read.CommandText = "PRAGMA busy_timeout;";
            Assert.Equal(4000L, await read.ExecuteScalarAsync());
        }

        // The holder commits after half a second; the waiting writer gets the lock then, inside SQLite.
        var release = Task.Run(async () =>
        {
            await Task.Delay(500);
            await Execute(holder, "COMMIT;");
        });
        await Execute(waiting, "INSERT INTO t VALUES (2);");
        await release;
        await using var count = waiting.CreateCommand();
        count.CommandText = "SELECT count(*) FROM t;";
        Assert.Equal(2L, await count.ExecuteScalarAsync());
    }

    private static async Task Execute(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public void Dispose()
    {
        foreach (var file in new[] { _file, _file + "-wal", _file + "-shm" })
        {
            File.Delete(file);
        }
    }
}
