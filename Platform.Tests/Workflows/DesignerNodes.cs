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

    public RedisNode A { get; private set; } = default!;

    /// <summary>The shared database and Redis, for a test that starts and stops a node of its own.</summary>
    public (string Database, string Redis) Shared { get; private set; }

    public RedisNode B { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        var database = await SeededDatabases.CopyAsync(TestDatabase.Postgres, new Dictionary<string, string?>(), _folder);
        Shared = (database, _redis.Connection);
        A = new RedisNode(database, _redis.Connection);
        B = new RedisNode(database, _redis.Connection);
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

/// <summary>Test classes that share one pair of nodes (and run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class TwoNodes : ICollectionFixture<DesignerNodes>
{
    public const string Name = "Two nodes on PostgreSQL and Redis";
}
