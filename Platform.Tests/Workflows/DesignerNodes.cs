using Platform.Tests.Support;

namespace Platform.Tests.Workflows;

/// <summary>
/// Two app nodes on Kestrel, on one PostgreSQL database and one redis-server, as a cluster runs the designer: a draft's
/// rooms on the two nodes meet through Redis (ADR 0036).
/// </summary>
public sealed class DesignerNodes : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("platform-designer-nodes-").FullName;
    private RedisServer _redis = default!;

    public Node A { get; private set; } = default!;

    public Node B { get; private set; } = default!;

    /// <summary>One node: its own port, the shared database and Redis.</summary>
    public sealed class Node(string connectionString, string redis) : KestrelAppFactory(TestDatabase.Postgres)
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Redis:Connection"] = redis };

        protected override Task<string> CreateConnectionStringAsync() => Task.FromResult(connectionString);
    }

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        var database = await SeededDatabases.CopyAsync(TestDatabase.Postgres, new Dictionary<string, string?>(), _folder);
        A = new Node(database, _redis.Connection);
        B = new Node(database, _redis.Connection);
        await Task.WhenAll(A.InitializeAsync(), B.InitializeAsync());
    }

    public async Task DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
        await _redis.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
