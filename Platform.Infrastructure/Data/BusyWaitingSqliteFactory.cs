using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Platform.Infrastructure.Data;

/// <summary>
/// Microsoft.Data.Sqlite's provider factory, but its connections wait for SQLite's writer lock inside SQLite (the
/// <c>busy_timeout</c> pragma, as <see cref="SqlitePragmas"/> sets it on the app's own connections) instead of failing at
/// once. For connections the app does not open through EF Core: Quartz's job store. Without it, each write of the job
/// store that meets another writer sleeps 150 ms in Microsoft.Data.Sqlite's retry loop before asking again.
/// </summary>
public sealed class BusyWaitingSqliteFactory(int busyTimeoutMs) : DbProviderFactory
{
    public override DbConnection CreateConnection() => new BusyWaitingSqliteConnection(busyTimeoutMs);

    public override DbCommand CreateCommand() => SqliteFactory.Instance.CreateCommand();

    public override DbParameter CreateParameter() => SqliteFactory.Instance.CreateParameter();

    public override DbConnectionStringBuilder CreateConnectionStringBuilder() => SqliteFactory.Instance.CreateConnectionStringBuilder();

    private sealed class BusyWaitingSqliteConnection(int busyTimeoutMs) : SqliteConnection
    {
        public override void Open()
        {
            base.Open();
            WaitWhenBusy();
        }

        public override async Task OpenAsync(CancellationToken cancellationToken)
        {
            await base.OpenAsync(cancellationToken);
            WaitWhenBusy();
        }

        private void WaitWhenBusy()
        {
            using var command = CreateCommand();
            command.CommandText = $"PRAGMA busy_timeout = {busyTimeoutMs};";
            command.ExecuteNonQuery();
        }
    }
}
