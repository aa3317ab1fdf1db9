namespace Platform.Tests.Support;

/// <summary>
/// One app node of a test cluster on Kestrel: its own port, a PostgreSQL database it shares with the other nodes (made by
/// the test), and their redis-server.
/// </summary>
public sealed class RedisNode(string connectionString, string redis) : KestrelAppFactory(TestDatabase.Postgres)
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Redis:Connection"] = redis };

    protected override Task<string> CreateConnectionStringAsync() => Task.FromResult(connectionString);
}
