using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Platform.Infrastructure.Seeding;
using Platform.Tests.Support;
using Xunit.Abstractions;

namespace Platform.Tests.Data;

/// <summary>
/// What the database initializer costs a restart on a database that is up to date, counted rather than timed (issue 12):
/// it only reads (no migration lock, no table created, no row written) and sends few commands. The app's own start has
/// migrated and seeded the database; the test runs the initializer once more, as the next start would.
/// </summary>
public abstract partial class RestartCostTests(PlatformAppFactory app, ITestOutputHelper output)
{
    // Reached on 2026-12-06 (before: MigrateAsync took the migration lock on every start and each role was looked up on
    // its own). Lower it when a change saves more; never raise it to let a change pass.
    protected abstract int MaxCommands { get; }

    [Fact]
    public async Task A_restart_on_an_up_to_date_database_only_reads_and_sends_few_commands()
    {
        var initializer = app.Services.GetRequiredService<DatabaseInitializer>();

        using var log = SqlCommandLog.Start();
        var seeded = await initializer.InitializeAsync(seedDemo: true);
        foreach (var command in log.Commands)
        {
            output.WriteLine(command.Text.ReplaceLineEndings(" "));
        }

        Assert.False(seeded);
        Assert.DoesNotContain(log.Commands, c => Writes().IsMatch(c.Text));
        Assert.InRange(log.Commands.Count, 1, MaxCommands);
    }

    [GeneratedRegex(@"\b(INSERT|UPDATE|DELETE|CREATE|ALTER|DROP|LOCK)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Writes();
}

public sealed class SqliteRestartCostTests(SqliteRestartCostTests.App app, ITestOutputHelper output)
    : RestartCostTests(app, output), IClassFixture<SqliteRestartCostTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite)
    {
        protected override bool StartsOnSeededCopy => false; // the start before the measured one is a first start
    }

    /// <summary>The applied migrations (two commands), WAL mode, the roles, customers without an e-mail key, any tenant.</summary>
    protected override int MaxCommands => 6;
}

public sealed class PostgresRestartCostTests(PostgresRestartCostTests.App app, ITestOutputHelper output)
    : RestartCostTests(app, output), IClassFixture<PostgresRestartCostTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Postgres)
    {
        protected override bool StartsOnSeededCopy => false; // the start before the measured one is a first start
    }

    /// <summary>As on SQLite, without the WAL pragma; Npgsql reads the applied migrations in one command.</summary>
    protected override int MaxCommands => 4;
}
