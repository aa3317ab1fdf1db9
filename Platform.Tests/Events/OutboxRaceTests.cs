using Microsoft.Extensions.DependencyInjection;
using Platform.Infrastructure.Events;
using Platform.Tests.Support;

namespace Platform.Tests.Events;

/// <summary>The app on PostgreSQL without its own dispatcher: the test runs the dispatchers itself.</summary>
public sealed class OutboxPostgresApp() : OutboxApp(TestDatabase.Postgres, dispatcher: false);

/// <summary>Two dispatchers racing over one PostgreSQL outbox handle every message exactly once.</summary>
public sealed class OutboxRaceTests(OutboxPostgresApp app) : IClassFixture<OutboxPostgresApp>
{
    [Fact]
    public async Task Two_dispatchers_racing_over_many_messages_handle_each_exactly_once()
    {
        var acme = await app.TenantIdAsync("acme");
        var keys = Enumerable.Range(0, 500).Select(_ => Guid.NewGuid()).ToList();
        await app.EnqueueAsync([.. keys.Select(k => new TestPing(acme, k))]);

        var first = ActivatorUtilities.CreateInstance<OutboxDispatcher>(app.Services);
        var second = ActivatorUtilities.CreateInstance<OutboxDispatcher>(app.Services);
        Assert.NotEqual(first.Name, second.Name);

        var handled = await Task.WhenAll(DrainAsync(first), DrainAsync(second), DrainAsync(first), DrainAsync(second));

        Assert.Equal(keys.Count, handled.Sum());
        foreach (var key in keys)
        {
            Assert.Equal(1, app.Log.CountOf(nameof(RecordingPingHandler), key));
            Assert.Equal(1, app.Log.CountOf(nameof(FlakyPingHandler), key));
        }

        var rows = await app.RowsAsync(q => q.Where(m => m.Type == "test.ping"));
        Assert.Equal(keys.Count, rows.Count);
        Assert.All(rows, r => Assert.Equal(OutboxStatus.Done, r.Status));
        Assert.All(rows, r => Assert.Null(r.ClaimedBy));

        // Both dispatchers took part (each ran two loops): the race was real.
        Assert.True(handled[0] + handled[2] > 0 && handled[1] + handled[3] > 0, $"a dispatcher handled nothing ({string.Join(", ", handled)})");
    }

    private static async Task<int> DrainAsync(OutboxDispatcher dispatcher)
    {
        var total = 0;
        for (var empty = 0; empty < 3;)
        {
            var n = await dispatcher.DispatchDueAsync();
            total += n;
            empty = n == 0 ? empty + 1 : 0;
            await Task.Yield();
        }

        return total;
    }
}
