using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Platform.Infrastructure.Data;

/// <summary>
/// Lets one of this process's write transactions at a time ask SQLite for its single writer lock. Without it, concurrent
/// requests all ask SQLite, and each one refused sleeps in SQLite's busy handler (1, 2, 5 … up to 100 ms at a time)
/// before asking again, so a queue of bookings spends most of its time asleep. With it they wait in order, awake, and
/// each one gets the lock the moment the previous one commits. SQLite's own locking still guards the file against other
/// processes; a transaction that has waited the busy timeout here goes on and lets SQLite decide, as before. On other
/// databases, which lock rows, it does nothing.
/// </summary>
public sealed class SqliteWriteGate(IOptions<DatabaseOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _writer = new(1, 1);

    /// <summary>Waits for this process's turn to write when <paramref name="db"/> is SQLite; dispose the result after the commit or rollback.</summary>
    public async ValueTask<IAsyncDisposable> EnterAsync(DbContext db, CancellationToken ct)
    {
        if (!db.Database.IsSqlite())
        {
            return Turn.None;
        }

        var entered = await _writer.WaitAsync(options.Value.SqliteBusyTimeoutMs, ct);
        return entered ? new Turn(_writer) : Turn.None;
    }

    public void Dispose() => _writer.Dispose();

    private sealed class Turn(SemaphoreSlim? writer) : IAsyncDisposable
    {
        public static readonly Turn None = new(null);

        private SemaphoreSlim? _writer = writer;

        public ValueTask DisposeAsync()
        {
            Interlocked.Exchange(ref _writer, null)?.Release();
            return ValueTask.CompletedTask;
        }
    }
}
