using System.Diagnostics;
using Npgsql;

namespace Platform.Tests.Support;

/// <summary>
/// The PostgreSQL server of the test run: test.sh starts it and passes PLATFORM_TEST_POSTGRES; a plain
/// `dotnet test` starts it the same way through scripts/test-postgres.sh. Each caller gets a fresh database.
/// </summary>
public static class TestPostgres
{
    private static readonly Lazy<string> Server = new(StartOrFind, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string ServerConnectionString => Server.Value;

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)].ToLowerInvariant();
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name, MaxPoolSize = 200 }.ConnectionString;
    }

    private static string StartOrFind()
    {
        var configured = Environment.GetEnvironmentVariable("PLATFORM_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        var script = Path.Combine(RepositoryRoot.Path, "scripts", "test-postgres.sh");
        using var process = Process.Start(new ProcessStartInfo(script, "start") { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException("Could not run scripts/test-postgres.sh.");
        var output = process.StandardOutput.ReadToEnd().Trim();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/test-postgres.sh failed: {error}");
        }

        return output.Split('\n')[^1];
    }
}

public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "Platform.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Platform.sln not found above the test binaries.");
    }
}
