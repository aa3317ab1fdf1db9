using Microsoft.Extensions.DependencyInjection;
using Platform.Infrastructure.Events;
using Platform.Tests.Support;

namespace Platform.Tests.Events;

/// <summary>
/// The app on PostgreSQL without its own dispatcher, with a two-second lease on claimed messages that is not renewed while a
/// batch runs (as when the heartbeat cannot reach the database): what is left is each row's check right before handling.
/// </summary>
public sealed class OutboxShortLeaseApp() : OutboxApp(TestDatabase.Postgres, dispatcher: false, lease: TimeSpan.FromSeconds(2))
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Outbox:LeaseRenewal"] = "00:00:00",

        // One message at a time, so that three slow ones make a batch longer than its lease.
        ["Outbox:Concurrency"] = "1",
    };
}

/// <summary>A batch that takes longer than its lease: what another dispatcher took over is not handled twice.</summary>
public sealed class OutboxLeaseTests(OutboxShortLeaseApp app) : IClassFixture<OutboxShortLeaseApp>
{
    [Fact]
    public async Task A_slow_batch_renews_each_messages_lease_and_skips_what_another_dispatcher_took()
    {
        var acme = await app.TenantIdAsync("acme");
        var keys = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid()).ToList();
        foreach (var key in keys)
        {
            app.Log.Delays[key] = TimeSpan.FromMilliseconds(1200);
        }

        foreach (var key in keys)
        {
            await app.EnqueueAsync(new TestPing(acme, key)); // one at a time, so they are handled in this order
        }

        var slow = ActivatorUtilities.CreateInstance<OutboxDispatcher>(app.Services);
        var other = ActivatorUtilities.CreateInstance<OutboxDispatcher>(app.Services);

        // The slow dispatcher claims all three for two seconds, but needs 3.6 s for them; the other one keeps coming
        // by, and finds work once the batch's lease ran out while the slow one is still busy.
        var slowRun = slow.DispatchDueAsync();
        var otherHandled = 0;
        while (!slowRun.IsCompleted && otherHandled == 0)
        {
            otherHandled += await other.DispatchDueAsync();
            await Task.Delay(50);
        }

        var slowHandled = await slowRun;

        foreach (var key in keys)
        {
            Assert.Equal(1, app.Log.CountOf(nameof(RecordingPingHandler), key));
        }

        Assert.Equal(keys.Count, slowHandled + otherHandled);
        Assert.True(otherHandled > 0, "the other dispatcher took over what the slow one had not reached");
        var rows = await app.RowsAsync(q => q.Where(m => m.Type == "test.ping"));
        Assert.All(rows, r => Assert.Equal(OutboxStatus.Done, r.Status));
    }
}
