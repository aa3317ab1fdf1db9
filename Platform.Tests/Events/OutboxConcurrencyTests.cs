using Microsoft.Extensions.DependencyInjection;
using Platform.Infrastructure.Events;
using Platform.Tests.Support;

namespace Platform.Tests.Events;

public sealed class OutboxConcurrencyApp() : OutboxApp(TestDatabase.Sqlite, dispatcher: false);

/// <summary>
/// A dispatcher handles the messages of its batch side by side (<c>Outbox:Concurrency</c>, 4 by default), so one slow
/// handler does not hold up the rest, while the messages of one subject (a booking's events) still go one after another.
/// </summary>
public sealed class OutboxConcurrencyTests(OutboxConcurrencyApp app) : IClassFixture<OutboxConcurrencyApp>
{
    [Fact]
    public async Task A_slow_message_does_not_hold_up_the_rest_of_its_batch()
    {
        var acme = await app.TenantIdAsync("acme");
        var slow = Guid.NewGuid();
        var quick = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid()).ToList();
        app.Log.Delays[slow] = TimeSpan.FromSeconds(3);
        await app.EnqueueAsync(new TestPing(acme, slow)); // written first, so first in the batch
        await app.EnqueueAsync([.. quick.Select(k => new TestPing(acme, k))]);

        var dispatcher = ActivatorUtilities.CreateInstance<OutboxDispatcher>(app.Services);
        var run = dispatcher.DispatchDueAsync();
        await Eventually.HoldsAsync(() => Task.FromResult(quick.All(k => app.Log.CountOf(nameof(RecordingPingHandler), k) == 1)),
            "the quick messages are handled", 10_000);
        Assert.False(run.IsCompleted, "the quick messages were handled while the slow one was still at work");

        Assert.Equal(4, await run);
        var slowBegan = app.Log.Calls.Single(c => c.Handler == nameof(RecordingPingHandler) && c.Key == slow).At;
        Assert.All(quick, k => Assert.True(app.Log.Calls.Single(c => c.Handler == nameof(RecordingPingHandler) && c.Key == k).At < slowBegan.AddSeconds(2),
            "a quick message began long before the slow one's three seconds were over"));
        Assert.All(await app.RowsAsync(q => q.Where(m => m.Type == "test.ping")), r => Assert.Equal(OutboxStatus.Done, r.Status));
    }

    [Fact]
    public async Task The_messages_of_one_subject_are_handled_in_order_one_after_another()
    {
        var acme = await app.TenantIdAsync("acme");
        var booking = Guid.NewGuid();
        var (first, second, third) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var other = Guid.NewGuid();
        app.Log.Delays[first] = TimeSpan.FromMilliseconds(1500);
        app.Log.Delays[second] = TimeSpan.FromMilliseconds(300);
        await app.EnqueueAsync(new TestStep(acme, first, booking));
        await app.EnqueueAsync(new TestStep(acme, second, booking));
        await app.EnqueueAsync(new TestStep(acme, third, booking));
        await app.EnqueueAsync(new TestStep(acme, other, Guid.NewGuid()));

        var dispatcher = ActivatorUtilities.CreateInstance<OutboxDispatcher>(app.Services);
        Assert.Equal(4, await dispatcher.DispatchDueAsync());

        DateTimeOffset At(string what, Guid key) => app.Log.Calls.Single(c => c.Handler == what && c.Key == key).At;
        Assert.True(At("began", second) >= At("ended", first), "the second step began after the first ended");
        Assert.True(At("began", third) >= At("ended", second), "the third step began after the second ended");
        Assert.True(At("ended", other) < At("ended", first), "another subject's message did not wait for this subject's");
    }
}
