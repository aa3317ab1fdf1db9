using Quartz;

namespace Platform.Infrastructure.Workflows;

/// <summary>
/// A job that fires once, at a time that may move: a workflow instance's wake-up. Its trigger has the
/// job's key, it is replaced whole when the time moves, fires at once if it was missed, and goes with its job when it fired.
/// </summary>
public static class OneShotJobs
{
    /// <summary>Sets the job of <paramref name="key"/> to fire at <paramref name="at"/>, with <paramref name="data"/>, replacing any earlier one.</summary>
    public static ValueTask ScheduleOnceAsync<TJob>(this IScheduler scheduler, JobKey key, IReadOnlyDictionary<string, string> data, DateTimeOffset at, CancellationToken ct)
        where TJob : IJob
    {
        var builder = JobBuilder.Create<TJob>().WithIdentity(key);
        foreach (var (name, value) in data)
        {
            builder = builder.UsingJobData(name, value);
        }

        var job = builder.Build();
        var trigger = TriggerBuilder.Create()
            .WithIdentity(TriggerOf(key))
            .ForJob(job)
            .StartAt(at)
            .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
        return scheduler.ScheduleJob(job, [trigger], ScheduleJobOptions.Replacing, ct);
    }

    /// <summary>
    /// Takes the job of <paramref name="key"/> away; false when there was none. It removes the trigger, not the job: the
    /// trigger may fire and go (taking its job, which is not durable, with it) at this very moment, and DeleteJob then
    /// throws for the trigger it can no longer remove.
    /// </summary>
    public static ValueTask<bool> UnscheduleOnceAsync(this IScheduler scheduler, JobKey key, CancellationToken ct) =>
        scheduler.UnscheduleJob(TriggerOf(key), ct);

    private static TriggerKey TriggerOf(JobKey key) => new(key.Name, key.Group);
}
