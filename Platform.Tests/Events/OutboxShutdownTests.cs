using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.Core.Events;
using Platform.Infrastructure.Events;
using Platform.Tests.Support;

namespace Platform.Tests.Events;

/// <summary>
/// A handler that is still running when the host stops, and fails because the host already took a service it uses (as
/// Quartz's store does: "Cannot access a disposed object. SemaphoreSlim").
/// </summary>
public sealed class StoppingPingHandler(HandlerLog log) : IMessageHandler<TestPing>
{
    public static readonly Guid Key = Guid.NewGuid();

    public async Task HandleAsync(TestPing message, CancellationToken ct)
    {
        if (message.Key != Key)
        {
            return;
        }

        log.Calls.Enqueue((nameof(StoppingPingHandler), message.Key, DateTimeOffset.UtcNow, null));
        try
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException)
        {
            throw new ObjectDisposedException(nameof(SemaphoreSlim));
        }
    }
}

/// <summary>Stops while <see cref="StoppingPingHandler"/> is in the middle of its message.</summary>
public sealed class StoppingOutboxApp() : OutboxApp(TestDatabase.Sqlite)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddMessageHandler<TestPing, StoppingPingHandler>());
    }
}

public sealed class OutboxShutdownTests
{
    /// <summary>
    /// Before, the exception went out of the dispatcher's service, and the host logged "BackgroundService failed" and a
    /// critical "the IHost instance is stopping" on every shutdown that caught a batch in flight.
    /// </summary>
    [Fact]
    public async Task A_handler_failing_because_the_host_is_stopping_is_not_a_failure_of_the_host_and_the_message_stays_pending()
    {
        var app = new StoppingOutboxApp();
        await app.InitializeAsync();
        OutboxDispatcherService service;
        Guid acme;
        try
        {
            acme = await app.TenantIdAsync("acme");
            service = app.Services.GetServices<IHostedService>().OfType<OutboxDispatcherService>().Single();
            await app.EnqueueAsync(new TestPing(acme, StoppingPingHandler.Key));
            await Eventually.HoldsAsync(() => Task.FromResult(app.Log.CountOf(nameof(StoppingPingHandler), StoppingPingHandler.Key) == 1), "the handler started");
            var row = await app.RowOfAsync(StoppingPingHandler.Key);

            await app.Services.GetRequiredService<IHost>().StopAsync();

            Assert.NotNull(service.ExecuteTask);
            Assert.False(service.ExecuteTask!.IsFaulted, service.ExecuteTask.Exception?.ToString());

            // The container is gone with the host: read the row in plain SQL.
            await using var connection = new SqliteConnection(app.ConnectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """SELECT "Status", "ClaimedBy", "Attempts" FROM "OutboxMessages" WHERE "Payload" LIKE $key""";
            command.Parameters.AddWithValue("$key", $"%{StoppingPingHandler.Key}%");
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal(nameof(OutboxStatus.Pending), reader.GetString(0));
            Assert.True(reader.IsDBNull(1), "given up on stopping, so another node need not wait out the lease");
            Assert.Equal(row.Attempts, reader.GetInt32(2)); // a stop is not an attempt that failed
        }
        finally
        {
            await app.DisposeAsync();
        }
    }
}
