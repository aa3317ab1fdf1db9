using System.ComponentModel.DataAnnotations;

namespace Platform.Infrastructure.Data;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
    PostgreSql,
}

/// <summary>The <c>Database</c> configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Sqlite (default), SqlServer or PostgreSql.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Apply pending migrations at start-up (on by default; production may run them separately).</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>Milliseconds a SQLite connection waits for the writer lock before failing.</summary>
    [Range(0, 600_000)]
    public int SqliteBusyTimeoutMs { get; set; } = 5000;
}
