using System.Data.Common;
using Npgsql;

namespace Platform.Infrastructure.Data;

/// <summary>
/// The settings the platform runs PostgreSQL connections with, unless the connection string sets them itself (ADR 0033).
/// The platform keeps no state on a connection (no <c>SET</c>, no session locks, no temporary tables), so a pooled
/// connection need not be reset with <c>DISCARD ALL</c> each time it goes back, and the statements it runs all the time
/// are prepared once per connection instead of parsed and planned on every run.
/// </summary>
public static class PostgresConnections
{
    private static readonly (string[] Names, Action<NpgsqlConnectionStringBuilder> Set)[] Defaults =
    [
        (["No Reset On Close", "NoResetOnClose"], b => b.NoResetOnClose = true),
        (["Max Auto Prepare", "MaxAutoPrepare"], b => b.MaxAutoPrepare = 100),
        (["Auto Prepare Min Usages", "AutoPrepareMinUsages"], b => b.AutoPrepareMinUsages = 2),
    ];

    /// <summary><paramref name="connectionString"/> with the platform's defaults for every setting it leaves out.</summary>
    public static string Tuned(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var tuned = new NpgsqlConnectionStringBuilder(connectionString);
        foreach (var (names, set) in Defaults)
        {
            if (!names.Any(given.ContainsKey))
            {
                set(tuned);
            }
        }

        return tuned.ConnectionString;
    }
}
