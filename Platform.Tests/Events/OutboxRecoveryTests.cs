using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Events;
using Platform.Infrastructure.Tenancy;
using Platform.Tests.Support;

namespace Platform.Tests.Events;

/// <summary>The app on a SQLite file without its own dispatcher, a two-second lease renewed every half second.</summary>
public sealed class OutboxHeartbeatApp() : OutboxApp(TestDatabase.Sqlite, dispatcher: false, lease: TimeSpan.FromSeconds(2))
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Outbox:LeaseRenewal"] = "00:00:00.500",

        // One message at a time, so that three slow ones make a batch longer than its lease.
        ["Outbox:Concurrency"] = "1",
    };
}

/// <summary>
/// Recovery after a crash (ADR 0017): a working dispatcher renews its claims, so a batch longer than the lease is not
/// taken over; a node restarted under its name takes back at once what its dead dispatcher held, and nothing of other nodes.
/// </summary>
public sealed class OutboxRecoveryTests(OutboxHeartbeatApp app) : IClassFixture<OutboxHeartbeatApp>
{
    [Fact]
    public async Task A_batch_longer_than_its_lease_keeps_its_claims_while_the_dispatcher_works()
    {
        var acme = await app.TenantIdAsync("acme");
        var keys = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid()).ToList();
        foreach (var key in keys)
        {
            app.Log.Delays[key] = TimeSpan.FromMilliseconds(1200);
            await app.EnqueueAsync(new TestPing(acme, key));
        }

        var slow = ActivatorUtilities.CreateInstance<OutboxDispatcher>(app.Services);
        var other = ActivatorUtilities.CreateInstance<OutboxDispatcher>(app.Services);
        Assert.NotEqual(slow.Name, other.Name);

        // 3.6 s of work under a 2 s lease: the heartbeat renews the claims, so the other dispatcher never finds them free.
        var slowRun = slow.DispatchDueAsync();
        var otherHandled = 0;
        while (!slowRun.IsCompleted)
        {
            otherHandled += await other.DispatchDueAsync();
            await Task.Delay(50);
        }

        Assert.Equal(keys.Count, await slowRun);
        Assert.Equal(0, otherHandled);
        foreach (var key in keys)
        {
            Assert.Equal(1, app.Log.CountOf(nameof(RecordingPingHandler), key));
            Assert.Equal(OutboxStatus.Done, (await app.RowOfAsync(key)).Status);
        }
    }

    [Fact]
    public async Task A_restarted_node_takes_back_at_once_what_its_dead_dispatcher_held_and_nothing_of_other_nodes()
    {
        var acme = await app.TenantIdAsync("acme");
        var ours = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid()).ToList();
        var theirs = Guid.NewGuid();
        await app.EnqueueAsync([.. ours.Select(k => new TestPing(acme, k)), new TestPing(acme, theirs)]);

        // As a crash leaves them: claimed for a long while by a dispatcher of node "clinic-1" that no longer runs, and one
        // by a dispatcher of another node that is still at work.
        var until = DateTimeOffset.UtcNow.AddMinutes(5);
        await ClaimAsync(ours, "clinic-1#0123456789abcdef0123456789abcdef", until);
        await ClaimAsync([theirs], "clinic-10#fedcba9876543210fedcba9876543210", until);

        var restarted = Dispatcher("clinic-1");
        Assert.StartsWith("clinic-1#", restarted.Name, StringComparison.Ordinal);
        Assert.Equal(ours.Count, await restarted.ReclaimAsync());
        Assert.Equal(ours.Count, await restarted.DispatchDueAsync());

        foreach (var key in ours)
        {
            Assert.Equal(1, app.Log.CountOf(nameof(RecordingPingHandler), key));
            Assert.Equal(OutboxStatus.Done, (await app.RowOfAsync(key)).Status);
        }

        var other = await app.RowOfAsync(theirs);
        Assert.Equal(OutboxStatus.Pending, other.Status);
        Assert.Equal("clinic-10#fedcba9876543210fedcba9876543210", other.ClaimedBy);
        Assert.Equal(0, app.Log.CountOf(nameof(RecordingPingHandler), theirs));
    }

    [Fact]
    public void A_node_without_a_configured_name_keeps_one_per_folder_slot_that_one_process_holds_at_a_time()
    {
        var folder = Directory.CreateTempSubdirectory("outbox-node-").FullName;
        try
        {
            var settings = Options.Create(new OutboxOptions { NodeFolder = folder });
            var first = new OutboxNode(settings, NullLogger<OutboxNode>.Instance);
            using (var second = new OutboxNode(settings, NullLogger<OutboxNode>.Instance))
            {
                // Two apps on one folder (or in one process) never share a name.
                Assert.NotEqual(first.Name, second.Name);
                first.Dispose();

                // The first one "crashed"; its successor takes its name, not the one still held.
                using var restarted = new OutboxNode(settings, NullLogger<OutboxNode>.Instance);
                Assert.Equal(first.Name, restarted.Name);
            }

            Assert.DoesNotContain('#', first.Name);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private OutboxDispatcher Dispatcher(string node) => new(
        app.Services.GetRequiredService<TenantScopeFactory>(),
        app.Services.GetRequiredService<MessageTypes>(),
        new OutboxNode(Options.Create(new OutboxOptions { NodeName = node }), NullLogger<OutboxNode>.Instance),
        app.Services.GetRequiredService<IOptions<OutboxOptions>>(),
        TimeProvider.System,
        NullLogger<OutboxDispatcher>.Instance);

    private async Task ClaimAsync(IEnumerable<Guid> keys, string by, DateTimeOffset until)
    {
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreateHost();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        foreach (var key in keys)
        {
            var id = (await app.RowOfAsync(key)).Id;
            await db.OutboxMessages.Where(m => m.Id == id)
                .ExecuteUpdateAsync(m => m.SetProperty(x => x.ClaimedBy, by).SetProperty(x => x.ClaimedUntil, until));
        }
    }
}
