using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Common;
using Platform.Core.Errors;
using Platform.Infrastructure.Events;
using Platform.Infrastructure.Tenancy;
using Platform.Tests.Support;

namespace Platform.Tests.Events;

public sealed class OutboxSqliteApp() : OutboxApp(TestDatabase.Sqlite);

/// <summary>A handler that throws never loses its event: retries with backoff, then failed, then a host admin's retry delivers it.</summary>
public sealed class OutboxRetryTests(OutboxSqliteApp app) : IClassFixture<OutboxSqliteApp>
{
    [Fact]
    public async Task A_throwing_handler_is_retried_with_backoff_then_failed_then_retried_by_the_host_and_delivered()
    {
        var acme = await app.TenantIdAsync("acme");
        var key = Guid.NewGuid();
        app.Log.FailingKeys[key] = true;

        await app.EnqueueAsync(new TestPing(acme, key));

        await Eventually.HoldsAsync(async () => (await app.RowOfAsync(key)).Status == OutboxStatus.Failed, "the message is marked failed");
        var failed = await app.RowOfAsync(key);
        Assert.Equal(3, failed.Attempts);
        Assert.Contains("FlakyPingHandler", failed.LastError, StringComparison.Ordinal);
        Assert.Contains("refuses", failed.LastError, StringComparison.Ordinal);
        Assert.Equal(3, app.Log.CountOf(nameof(FlakyPingHandler), key));

        // The handler that succeeded the first time is not run again on retries.
        Assert.Equal(1, app.Log.CountOf(nameof(RecordingPingHandler), key));

        // Backoff: 300 ms after the first failure, 600 ms after the second.
        var attempts = app.Log.Calls.Where(c => c.Handler == nameof(FlakyPingHandler) && c.Key == key).Select(c => c.At).ToList();
        Assert.True(attempts[1] - attempts[0] >= TimeSpan.FromMilliseconds(290), $"first wait {attempts[1] - attempts[0]}");
        Assert.True(attempts[2] - attempts[1] >= TimeSpan.FromMilliseconds(590), $"second wait {attempts[2] - attempts[1]}");

        // Handlers ran in the message's tenant scope.
        Assert.All(app.Log.Calls.Where(c => c.Key == key), c => Assert.Equal(acme, c.Tenant));

        // Failed stays failed: no further attempts on its own.
        await Task.Delay(1000);
        Assert.Equal(3, app.Log.CountOf(nameof(FlakyPingHandler), key));

        app.Log.FailingKeys.TryRemove(key, out _);
        var retried = await RetryAsHostAsync(failed.Id);
        Assert.True(retried.Succeeded);

        await Eventually.HoldsAsync(async () => (await app.RowOfAsync(key)).Status == OutboxStatus.Done, "the retried message is delivered");
        Assert.Equal(4, app.Log.CountOf(nameof(FlakyPingHandler), key));
        Assert.Equal(1, app.Log.CountOf(nameof(RecordingPingHandler), key));

        // Retrying what is no longer failed is refused and changes nothing.
        var again = await RetryAsHostAsync(failed.Id);
        Assert.Equal(ErrorCodes.Conflict, again.Code);
        Assert.Equal(OutboxStatus.Done, (await app.RowOfAsync(key)).Status);
        Assert.Equal(ErrorCodes.NotFound, (await RetryAsHostAsync(Guid.NewGuid())).Code);
    }

    [Fact]
    public async Task A_message_is_delivered_under_a_second_after_commit()
    {
        var acme = await app.TenantIdAsync("acme");
        var key = Guid.NewGuid();

        var started = DateTimeOffset.UtcNow;
        await app.EnqueueAsync(new TestPing(acme, key));

        await Eventually.HoldsAsync(() => Task.FromResult(app.Log.CountOf(nameof(RecordingPingHandler), key) == 1), "the handler ran", 5000);
        var handledAt = app.Log.Calls.First(c => c.Key == key).At;
        Assert.True(handledAt - started < TimeSpan.FromSeconds(1), $"took {handledAt - started}");
    }

    [Fact]
    public async Task A_tenant_scope_cannot_enqueue_for_another_tenant_and_the_host_list_needs_the_host_side()
    {
        var globex = await app.TenantIdAsync("globex");

        await Assert.ThrowsAsync<Platform.Core.Tenancy.TenantMismatchException>(() => app.EnqueueAsync(new TestPing(globex, Guid.NewGuid())));
        await Assert.ThrowsAsync<Platform.Core.Tenancy.TenantMismatchException>(() =>
            app.InTenantAsync("acme", sp => sp.GetRequiredService<OutboxAdministration>().ListAsync(OutboxStatus.Failed, PageRequest.Of(1, 10))));
    }

    private async Task<Platform.Core.Common.Outcome<bool>> RetryAsHostAsync(Guid id)
    {
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreateHost();
        return await scope.ServiceProvider.GetRequiredService<OutboxAdministration>().RetryAsync(id, Guid.NewGuid());
    }
}
