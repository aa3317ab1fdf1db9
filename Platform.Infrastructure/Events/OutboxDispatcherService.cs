using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Platform.Infrastructure.Events;

/// <summary>Runs this node's <see cref="OutboxDispatcher"/>: at once after a local commit wrote messages, and every poll interval.</summary>
public sealed class OutboxDispatcherService(
    OutboxDispatcher dispatcher,
    OutboxSignal signal,
    IOptions<OutboxOptions> options,
    ILogger<OutboxDispatcherService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.DispatcherEnabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A full batch suggests more are waiting: go again without sleeping.
                if (await dispatcher.DispatchDueAsync(stoppingToken) >= options.Value.BatchSize)
                {
                    continue;
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "The outbox dispatcher {Dispatcher} could not read the outbox", dispatcher.Name);
            }

            try
            {
                await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
