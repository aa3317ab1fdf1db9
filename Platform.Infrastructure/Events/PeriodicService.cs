using Microsoft.Extensions.Hosting;

namespace Platform.Infrastructure.Events;

/// <summary>
/// Background work that runs a pass every <see cref="Interval"/> on this node while the host runs: the outbox's clean-up,
/// the workflow clock, the reminder sweep. A pass that throws is logged by <see cref="LogFailure"/> and the next one tries
/// again; stopping the host ends the wait.
/// </summary>
public abstract class PeriodicService(TimeProvider clock) : BackgroundService
{
    /// <summary>The clock the passes are timed by.</summary>
    protected TimeProvider Clock { get; } = clock;

    /// <summary>How long between passes; null when this node runs none.</summary>
    protected abstract TimeSpan? Interval { get; }

    protected abstract Task PassAsync(CancellationToken ct);

    protected abstract void LogFailure(Exception exception);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (Interval is not { } interval)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, Clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await PassAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    LogFailure(ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
