using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Events;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Events;
using Platform.Infrastructure.Tenancy;
using Platform.Tests.Support;

namespace Platform.Tests.Events;

/// <summary>A message only the tests send; <see cref="Key"/> tells the test handlers what to do with it.</summary>
[MessageType("test.ping")]
public sealed record TestPing(Guid TenantId, Guid Key) : IOutboxMessage;

/// <summary>A message about one subject, as a booking's events are: those of one <see cref="Subject"/> are handled in order.</summary>
[MessageType("test.step")]
public sealed record TestStep(Guid TenantId, Guid Key, Guid Subject) : ISequencedMessage
{
    Guid ISequencedMessage.SequenceKey => Subject;
}

/// <summary>Records when it began and ended each step, taking the time <see cref="HandlerLog.Delays"/> gives its key.</summary>
public sealed class RecordingStepHandler(HandlerLog log, Platform.Core.Tenancy.ITenantContext tenant) : IMessageHandler<TestStep>
{
    public async Task HandleAsync(TestStep message, CancellationToken ct)
    {
        log.Calls.Enqueue(("began", message.Key, DateTimeOffset.UtcNow, tenant.TenantId));
        if (log.Delays.TryGetValue(message.Key, out var delay))
        {
            await Task.Delay(delay, ct);
        }

        log.Calls.Enqueue(("ended", message.Key, DateTimeOffset.UtcNow, tenant.TenantId));
    }
}

/// <summary>What the test handlers saw, and which keys they must fail on.</summary>
public sealed class HandlerLog
{
    public ConcurrentQueue<(string Handler, Guid Key, DateTimeOffset At, Guid? Tenant)> Calls { get; } = new();

    public ConcurrentDictionary<Guid, bool> FailingKeys { get; } = new();

    /// <summary>How long the recording handler takes for a key (a slow handler), when not at once.</summary>
    public ConcurrentDictionary<Guid, TimeSpan> Delays { get; } = new();

    public int CountOf(string handler, Guid key) => Calls.Count(c => c.Handler == handler && c.Key == key);
}

/// <summary>Always succeeds (slowly for keys in <see cref="HandlerLog.Delays"/>); records the call and the tenant of the scope it ran in.</summary>
public sealed class RecordingPingHandler(HandlerLog log, Platform.Core.Tenancy.ITenantContext tenant) : IMessageHandler<TestPing>
{
    public async Task HandleAsync(TestPing message, CancellationToken ct)
    {
        log.Calls.Enqueue((nameof(RecordingPingHandler), message.Key, DateTimeOffset.UtcNow, tenant.TenantId));
        if (log.Delays.TryGetValue(message.Key, out var delay))
        {
            await Task.Delay(delay, ct);
        }
    }
}

/// <summary>Throws while its key is marked failing.</summary>
public sealed class FlakyPingHandler(HandlerLog log, Platform.Core.Tenancy.ITenantContext tenant) : IMessageHandler<TestPing>
{
    public Task HandleAsync(TestPing message, CancellationToken ct)
    {
        log.Calls.Enqueue((nameof(FlakyPingHandler), message.Key, DateTimeOffset.UtcNow, tenant.TenantId));
        return log.FailingKeys.ContainsKey(message.Key)
            ? throw new InvalidOperationException($"The flaky handler refuses {message.Key}.")
            : Task.CompletedTask;
    }
}

/// <summary>The real app with the test handlers and a quick retry schedule.</summary>
public class OutboxApp(TestDatabase database, bool dispatcher = true, TimeSpan? lease = null) : PlatformAppFactory(database)
{
    public HandlerLog Log { get; } = new();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Outbox:DispatcherEnabled"] = dispatcher ? "true" : "false",
        ["Outbox:PollInterval"] = "00:00:00.100",
        ["Outbox:BaseDelay"] = "00:00:00.300",
        ["Outbox:MaxAttempts"] = "3",
        ["Outbox:Lease"] = (lease ?? TimeSpan.FromMinutes(5)).ToString("c", System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// Starts with nothing pending: what the demo seed wrote (its customers' <c>customer.created</c>) is delivered first, so
    /// the tests' dispatchers see only the tests' own messages, as they count them.
    /// </summary>
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var seed = ActivatorUtilities.CreateInstance<OutboxDispatcher>(Services);
        while (await seed.DispatchDueAsync() > 0)
        {
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(Log);
            services.AddMessageHandler<TestPing, RecordingPingHandler>();
            services.AddMessageHandler<TestPing, FlakyPingHandler>();
            services.AddMessageHandler<TestStep, RecordingStepHandler>();
        });
    }

    /// <summary>Enqueues messages in acme's scope and commits them.</summary>
    public Task EnqueueAsync(params IOutboxMessage[] pings) => InTenantAsync("acme", async sp =>
    {
        var outbox = sp.GetRequiredService<IOutbox>();
        foreach (var ping in pings)
        {
            outbox.Enqueue(ping);
        }

        return await sp.GetRequiredService<PlatformDbContext>().SaveChangesAsync();
    });

    /// <summary>Reads outbox rows on the host side.</summary>
    public async Task<List<OutboxMessage>> RowsAsync(Func<IQueryable<OutboxMessage>, IQueryable<OutboxMessage>> query)
    {
        await using var scope = Services.GetRequiredService<TenantScopeFactory>().CreateHost();
        return await query(scope.ServiceProvider.GetRequiredService<PlatformDbContext>().OutboxMessages.AsNoTracking()).ToListAsync();
    }

    public async Task<OutboxMessage> RowOfAsync(Guid key) =>
        (await RowsAsync(q => q.Where(m => m.Payload.Contains(key.ToString())))).Single();
}

public static class Eventually
{
    /// <summary>Polls until the condition holds; fails the test after the timeout.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, string what, int timeoutMs = 20_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting until {what}.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Polls every 20 ms until what another thread, node or circuit brings about holds; fails naming it after the timeout.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what, int timeoutMs = 10_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Waited {timeoutMs / 1000} s for: {what}");
            }

            await Task.Delay(20);
        }
    }
}
