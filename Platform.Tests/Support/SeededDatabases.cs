using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Platform.Tests.Support;

/// <summary>
/// Databases the app has migrated and seeded with the demo, made once per test run for each provider and seed setting by a
/// real start of the app on an empty database. Each test app then starts on a copy of one: a file copy on SQLite,
/// <c>CREATE DATABASE ... TEMPLATE</c> on PostgreSQL. Its start still runs the database initializer, which finds nothing
/// to migrate and tenants already there. Migrating and seeding cost every app about two seconds of CPU; with some 150
/// apps in a run that was several minutes of the run on two cores.
/// </summary>
internal static class SeededDatabases
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<string>>> Templates = new(StringComparer.Ordinal);
    private static readonly SemaphoreSlim PostgresCopies = new(1, 1);
    private static readonly string Folder = Directory.CreateTempSubdirectory("platform-seeded-").FullName;

    static SeededDatabases() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
    };

    /// <summary>A connection string to a fresh copy of the seeded database for these seed settings (the <c>Seed:*</c> keys).</summary>
    public static async Task<string> CopyAsync(TestDatabase database, IReadOnlyDictionary<string, string?> seedSettings, string folder)
    {
        var key = database + "|" + string.Join(';', seedSettings.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}={s.Value}"));
        var template = await Templates.GetOrAdd(key, _ => new Lazy<Task<string>>(() => CreateTemplateAsync(database, seedSettings))).Value;
        if (database == TestDatabase.Sqlite)
        {
            var path = Path.Combine(folder, "platform.db");
            File.Copy(template, path);
            return $"Data Source={path}";
        }

        var name = $"platform_{Guid.NewGuid():N}";
        await PostgresCopies.WaitAsync();
        try
        {
            await using var connection = new NpgsqlConnection(TestPostgres.ServerConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        finally
        {
            PostgresCopies.Release();
        }

        return new NpgsqlConnectionStringBuilder(TestPostgres.ServerConnectionString) { Database = name, MaxPoolSize = 200 }.ConnectionString;
    }

    /// <summary>Starts the app once on an empty database and keeps what its start left there: a file path or a database name.</summary>
    private static async Task<string> CreateTemplateAsync(TestDatabase database, IReadOnlyDictionary<string, string?> seedSettings)
    {
        var app = new TemplateApp(database, seedSettings);
        try
        {
            await app.InitializeAsync();
            if (database == TestDatabase.Sqlite)
            {
                // VACUUM INTO writes one consistent file, with what the write-ahead log still holds folded in.
                var path = Path.Combine(Folder, $"seeded-{Guid.NewGuid():N}.db");
                await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder(app.ConnectionString) { Pooling = false }.ToString());
                await connection.OpenAsync();
                await using var vacuum = connection.CreateCommand();
                vacuum.CommandText = "VACUUM INTO $path";
                vacuum.Parameters.AddWithValue("$path", path);
                await vacuum.ExecuteNonQueryAsync();
                return path;
            }

            return new NpgsqlConnectionStringBuilder(app.ConnectionString).Database!;
        }
        finally
        {
            await app.DisposeAsync();
            if (database == TestDatabase.Postgres)
            {
                // A template may have no session open while it is copied, and the stopped app's pool still holds some.
                await using var connection = new NpgsqlConnection(TestPostgres.ServerConnectionString);
                await connection.OpenAsync();
                await using var terminate = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = $1", connection);
                terminate.Parameters.AddWithValue(new NpgsqlConnectionStringBuilder(app.ConnectionString).Database!);
                await terminate.ExecuteScalarAsync();
            }
        }
    }

    /// <summary>The app that seeds a template: it starts on an empty database, as a first start in production does.</summary>
    private sealed class TemplateApp(TestDatabase database, IReadOnlyDictionary<string, string?> seedSettings) : PlatformAppFactory(database)
    {
        protected override bool StartsOnSeededCopy => false;

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(seedSettings);
    }
}
