using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Events;
using Platform.Infrastructure.Tenancy;
using Platform.Tests.Support;

namespace Platform.Tests.Events;

/// <summary>The app without a dispatcher (nothing else touches the rows) and small clean-up batches, so a test backlog spans several.</summary>
public abstract class OutboxRetentionApp(TestDatabase database) : OutboxApp(database, dispatcher: false)
{
    public const int BatchSize = 100;

    protected override IDictionary<string, string?> Settings =>
        new Dictionary<string, string?>(base.Settings) { ["Outbox:CleanupBatchSize"] = BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture) };
}

public sealed class OutboxRetentionSqliteApp() : OutboxRetentionApp(TestDatabase.Sqlite);

public sealed class OutboxRetentionPostgresApp() : OutboxRetentionApp(TestDatabase.Postgres);

public sealed class OutboxRetentionSqliteTests(OutboxRetentionSqliteApp app) : OutboxRetentionTests(app), IClassFixture<OutboxRetentionSqliteApp>;

public sealed class OutboxRetentionPostgresTests(OutboxRetentionPostgresApp app) : OutboxRetentionTests(app), IClassFixture<OutboxRetentionPostgresApp>;

/// <summary>Delivered messages are deleted once past retention, in batches; pending and failed ones never are.</summary>
public abstract class OutboxRetentionTests(OutboxRetentionApp app)
{
    [Fact]
    public async Task Delivered_messages_past_retention_are_deleted_in_batches_and_pending_and_failed_ones_are_kept()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var now = clock.GetUtcNow();
        var acme = await app.TenantIdAsync("acme");

        // More old delivered rows than two batches, so the sweep has to go round.
        var old = Enumerable.Range(0, (OutboxRetentionApp.BatchSize * 2) + 50)
            .Select(i => Row(acme, OutboxStatus.Done, created: now.AddDays(-30).AddMinutes(i), processed: now.AddDays(-8))).ToList();
        var kept = new[]
        {
            Row(acme, OutboxStatus.Done, created: now.AddDays(-6), processed: now.AddDays(-6)),
            // Created long ago but delivered recently (after retries): retention counts from delivery.
            Row(acme, OutboxStatus.Done, created: now.AddDays(-30), processed: now.AddDays(-1)),
            Row(acme, OutboxStatus.Failed, created: now.AddDays(-400), processed: null),
            Row(acme, OutboxStatus.Pending, created: now.AddDays(-400), processed: null),
            Row(acme, OutboxStatus.Pending, created: now.AddDays(-400), processed: now.AddDays(-300)),
        };
        await InsertAsync([.. old, .. kept]);

        var deleted = await Retention(clock).DeleteDeliveredAsync();

        var ids = old.Concat(kept).Select(r => r.Id).ToList();
        var left = await app.RowsAsync(q => q.Where(m => ids.Contains(m.Id)));
        Assert.Equal(kept.Select(r => r.Id).Order(), left.Select(r => r.Id).Order());
        Assert.Equal(old.Count, deleted);

        // Nothing more to delete: a second sweep deletes nothing.
        Assert.Equal(0, await Retention(clock).DeleteDeliveredAsync());
    }

    [Fact]
    public async Task The_clean_up_runs_every_interval_and_not_on_a_node_whose_dispatcher_is_off()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var acme = await app.TenantIdAsync("acme");
        var row = Row(acme, OutboxStatus.Done, created: clock.GetUtcNow().AddDays(-10), processed: clock.GetUtcNow().AddDays(-10));
        await InsertAsync([row]);

        var off = Service(clock, dispatcherEnabled: false);
        await off.StartAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromHours(2));
        await Task.Delay(500);
        await off.StopAsync(CancellationToken.None);
        Assert.Single(await app.RowsAsync(q => q.Where(m => m.Id == row.Id)));

        var on = Service(clock, dispatcherEnabled: true);
        await on.StartAsync(CancellationToken.None);
        try
        {
            await Task.Delay(500);
            Assert.Single(await app.RowsAsync(q => q.Where(m => m.Id == row.Id)));

            clock.Advance(TimeSpan.FromHours(1));
            await Eventually.HoldsAsync(async () => (await app.RowsAsync(q => q.Where(m => m.Id == row.Id))).Count == 0, "the clean-up deleted the row");
        }
        finally
        {
            await on.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public void Retention_outside_one_hour_to_a_year_is_refused_at_start_up()
    {
        var validator = new DataAnnotationValidateOptions<OutboxOptions>(null);
        Assert.True(validator.Validate(null, new OutboxOptions()).Succeeded);
        Assert.True(validator.Validate(null, new OutboxOptions { RetainDeliveredFor = TimeSpan.FromMinutes(59) }).Failed);
        Assert.True(validator.Validate(null, new OutboxOptions { RetainDeliveredFor = TimeSpan.FromDays(366) }).Failed);
    }

    private OutboxRetention Retention(TimeProvider clock) => ActivatorUtilities.CreateInstance<OutboxRetention>(app.Services, clock);

    private OutboxRetentionService Service(TimeProvider clock, bool dispatcherEnabled)
    {
        var options = Options.Create(new OutboxOptions { DispatcherEnabled = dispatcherEnabled, CleanupInterval = TimeSpan.FromHours(1) });
        var retention = ActivatorUtilities.CreateInstance<OutboxRetention>(app.Services, clock, options);
        return new OutboxRetentionService(retention, options, clock, NullLogger<OutboxRetentionService>.Instance);
    }

    private static OutboxMessage Row(Guid tenantId, OutboxStatus status, DateTimeOffset created, DateTimeOffset? processed) => new()
    {
        TenantId = tenantId,
        Type = "test.ping",
        Payload = $$"""{"tenantId":"{{tenantId}}","key":"{{Guid.NewGuid()}}"}""",
        CreatedAt = created,
        Status = status,
        Attempts = status == OutboxStatus.Failed ? 3 : 1,
        ProcessedAt = processed,
    };

    private async Task InsertAsync(IReadOnlyList<OutboxMessage> rows)
    {
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreateHost();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        db.OutboxMessages.AddRange(rows);
        await db.SaveChangesAsync();
    }
}
