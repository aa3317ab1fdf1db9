using Npgsql;
using Platform.Infrastructure.Data;
using Platform.Tests.Support;

namespace Platform.Tests.Data;

/// <summary>
/// The platform's PostgreSQL connections go back to the pool without a <c>DISCARD ALL</c> and prepare the statements they
/// run often (ADR 0033), unless the operator's connection string says otherwise.
/// </summary>
public sealed class PostgresConnectionTests
{
    [Fact]
    public void The_platform_fills_in_what_the_connection_string_leaves_out_and_keeps_what_it_says()
    {
        var tuned = new NpgsqlConnectionStringBuilder(PostgresConnections.Tuned("Host=db.internal;Database=platform;Username=app"));
        Assert.Equal(("db.internal", "platform", "app"), (tuned.Host, tuned.Database, tuned.Username));
        Assert.True(tuned.NoResetOnClose);
        Assert.Equal(100, tuned.MaxAutoPrepare);
        Assert.Equal(2, tuned.AutoPrepareMinUsages);

        var told = new NpgsqlConnectionStringBuilder(PostgresConnections.Tuned("Host=db;Database=p;No Reset On Close=false;MaxAutoPrepare=0;Auto Prepare Min Usages=7"));
        Assert.False(told.NoResetOnClose);
        Assert.Equal(0, told.MaxAutoPrepare);
        Assert.Equal(7, told.AutoPrepareMinUsages);
    }

    [Fact]
    public async Task A_pooled_connection_comes_back_unreset_so_nothing_is_sent_to_undo_state_the_platform_never_sets()
    {
        // One physical connection: what the first use leaves on the session, the second use sees unless it was reset.
        var database = await TestPostgres.CreateDatabaseAsync("pgconn");
        var single = new NpgsqlConnectionStringBuilder(database) { MaxPoolSize = 1, ApplicationName = "pgconn-" + Guid.NewGuid().ToString("N")[..8] }.ConnectionString;
        Assert.Equal("0", await TimeoutAfterSettingItAsync(single));
        Assert.Equal("1234ms", await TimeoutAfterSettingItAsync(PostgresConnections.Tuned(single)));
    }

    private static async Task<string> TimeoutAfterSettingItAsync(string connectionString)
    {
        await using (var first = new NpgsqlConnection(connectionString))
        {
            await first.OpenAsync();
            await using var set = new NpgsqlCommand("SET statement_timeout = 1234", first);
            await set.ExecuteNonQueryAsync();
        }

        await using var second = new NpgsqlConnection(connectionString);
        await second.OpenAsync();
        await using var show = new NpgsqlCommand("SHOW statement_timeout", second);
        var value = (string)(await show.ExecuteScalarAsync())!;
        NpgsqlConnection.ClearPool(second);
        return value;
    }
}
