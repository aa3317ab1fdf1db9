using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Platform.Infrastructure.Events;

/// <summary>
/// Runs this node's <see cref="OutboxDispatcher"/>: at once after a local commit wrote messages, and every poll interval.
/// On start it first takes back what the node held when it last died; on a clean stop it gives up what it still holds.
/// </summary>
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

        try
        {
            await dispatcher.ReclaimAsync(stoppingToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogError(ex, "The outbox dispatcher {Dispatcher} could not take back the messages of its node", dispatcher.Name);
        }

        try
        {
            await RunAsync(stoppingToken);
        }
        catch (Exception ex) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping and took a service the batch was using (Quartz's store, the container) with it. The
            // message stays pending with this dispatcher's claim, which ReleaseAsync gives up below: it is handled again,
            // skipping the handlers it already completed. Not a failure of the host.
            logger.LogDebug(ex, "The outbox dispatcher {Dispatcher} stopped in the middle of a batch", dispatcher.Name);
        }
        finally
        {
            await ReleaseAsync();
        }
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
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

    private async Task ReleaseAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await dispatcher.ReleaseAsync(timeout.Token);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "The outbox dispatcher {Dispatcher} could not give up its claims on stopping; they run out with their lease", dispatcher.Name);
        }
    }
}
