using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Platform.Tests.Support;

/// <summary>
/// Records the SQL commands EF Core runs, and the connections it opens, in one async flow: the test's own, and a
/// TestServer request's when the server preserves the execution context (<see cref="Client"/> does that). Work the app
/// does elsewhere (the outbox dispatcher, other tests) is not recorded. Counts, never timings.
/// </summary>
public sealed class SqlCommandLog : IDisposable
{
    private static readonly AsyncLocal<SqlCommandLog?> Current = new();
    private static readonly Listener Subscription = new();
    private static readonly ConcurrentDictionary<SqlCommandLog, Func<RecordedCommand, bool>> Watches = new();

    private readonly ConcurrentQueue<RecordedCommand> _commands = new();
    private int _opens;
    private readonly SqlCommandLog? _outer;

    private SqlCommandLog()
    {
        _outer = Current.Value;
    }

    /// <summary>The commands run so far, in order.</summary>
    public IReadOnlyList<RecordedCommand> Commands => [.. _commands];

    /// <summary>How many times a connection was opened.</summary>
    public int ConnectionOpens => _opens;

    /// <summary>Starts recording in the calling flow, until disposed.</summary>
    public static SqlCommandLog Start()
    {
        GC.KeepAlive(Subscription);
        var log = new SqlCommandLog();
        Current.Value = log;
        return log;
    }

    /// <summary>Makes <paramref name="app"/>'s test server run requests in the caller's execution context, so that a log started before a request sees its commands.</summary>
    public static void Client(PlatformAppFactory app) => app.Server.PreserveExecutionContext = true;

    /// <summary>
    /// Records every command <paramref name="app"/> sends to its own database that <paramref name="matches"/>, in any
    /// flow (a Blazor circuit's too), until disposed. Apps of tests running side by side start on copies of one seeded
    /// database, so the same tenant ids reach several databases: the database is what tells them apart.
    /// </summary>
    public static SqlCommandLog Watch(PlatformAppFactory app, Func<RecordedCommand, bool> matches)
    {
        GC.KeepAlive(Subscription);
        var database = DatabaseOf(app.ConnectionString);
        var log = new SqlCommandLog();
        Watches[log] = command => command.Database == database && matches(command);
        return log;
    }

    public void Dispose()
    {
        if (!Watches.TryRemove(this, out _))
        {
            Current.Value = _outer;
        }
    }

    /// <summary>The database a connection string names: a SQLite file's full path, or a PostgreSQL database's name.</summary>
    private static string DatabaseOf(string connectionString) => connectionString.Contains("Host=", StringComparison.OrdinalIgnoreCase)
        ? new NpgsqlConnectionStringBuilder(connectionString).Database ?? ""
        : Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource);

    /// <summary>A command as it was sent: its text, its parameters' names and values, and the database it went to.</summary>
    public sealed record RecordedCommand(string Text, IReadOnlyList<(string Name, object? Value)> Parameters, string Database = "")
    {
        /// <summary>Copies this command's parameters onto another command (e.g. an EXPLAIN of it).</summary>
        public void CopyParametersTo(DbCommand command)
        {
            foreach (var (name, value) in Parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value ?? DBNull.Value;
                command.Parameters.Add(parameter);
            }
        }
    }

    private sealed class Listener : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
    {
        private readonly List<IDisposable> _subscriptions = [];

        public Listener() => _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));

        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == DbLoggerCategory.Name)
            {
                lock (_subscriptions)
                {
                    _subscriptions.Add(value.Subscribe(this, name =>
                        name == RelationalEventId.CommandExecuting.Name || name == RelationalEventId.ConnectionOpening.Name));
                }
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (!Watches.IsEmpty && value.Value is CommandEventData watched && value.Key == RelationalEventId.CommandExecuting.Name)
            {
                var recorded = Record(watched);
                foreach (var (watch, matches) in Watches)
                {
                    if (matches(recorded))
                    {
                        watch._commands.Enqueue(recorded);
                    }
                }
            }

            if (Current.Value is not { } log)
            {
                return;
            }

            switch (value.Value)
            {
                case CommandEventData command when value.Key == RelationalEventId.CommandExecuting.Name:
                    log._commands.Enqueue(Record(command));
                    break;
                case ConnectionEventData when value.Key == RelationalEventId.ConnectionOpening.Name:
                    Interlocked.Increment(ref log._opens);
                    break;
            }
        }

        private static RecordedCommand Record(CommandEventData command) => new(command.Command.CommandText,
            [.. command.Command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, p.Value is DBNull ? null : p.Value))],
            command.Command.Connection switch
            {
                SqliteConnection sqlite => Path.GetFullPath(sqlite.DataSource),
                { } other => other.Database,
                null => "",
            });

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }
}
