using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Core.Events;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Events;
using Platform.Infrastructure.Tenancy;
using Quartz;

namespace Platform.Infrastructure.Workflows;

/// <summary>
/// One Quartz trigger per waiting instance, at its <see cref="WorkflowInstance.WakeAt"/> (a delay's end, a retry, a task's
/// reminder or deadline), in the persistent store: it survives a restart, and in a cluster fires on one node. Firing only
/// queues a <see cref="WorkflowAdvance"/>; the instance itself decides what is due, so an early, late or repeated firing
/// does no harm.
/// </summary>
public sealed class WorkflowTimers(ISchedulerFactory schedulers, ITenantContext tenantContext, ILogger<WorkflowTimers> logger)
{
    public const string Group = "workflow-timers";

    public static JobKey JobOf(Guid instanceId) => new($"instance-{instanceId:N}", Group);

    private static TriggerKey TriggerOf(Guid instanceId) => new(JobOf(instanceId).Name, Group);

    public async Task ScheduleAsync(Guid instanceId, DateTimeOffset? at, CancellationToken ct)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        if (at is not { } fireAt)
        {
            // Unschedule the trigger rather than delete the job: the trigger may fire and go (taking its job, which is not
            // durable, with it) at this very moment, and DeleteJob then throws for the trigger it can no longer remove.
            await scheduler.UnscheduleJob(TriggerOf(instanceId), ct);
            return;
        }

        var tenantId = tenantContext.TenantId ?? throw new InvalidOperationException("Workflow timers belong to a tenant.");
        var job = JobBuilder.Create<WorkflowTimerJob>()
            .WithIdentity(JobOf(instanceId))
            .UsingJobData(WorkflowTimerJob.TenantKey, tenantId.ToString())
            .UsingJobData(WorkflowTimerJob.InstanceKey, instanceId.ToString())
            .Build();
        var trigger = TriggerBuilder.Create()
            .WithIdentity(TriggerOf(instanceId))
            .ForJob(job)
            .StartAt(fireAt)
            .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
        await scheduler.ScheduleJob(job, [trigger], ScheduleJobOptions.Replacing, ct);
        logger.LogDebug("Workflow instance {InstanceId} wakes at {At}", instanceId, fireAt);
    }
}

/// <summary>Queues a <see cref="WorkflowAdvance"/> for the instance whose time came; the outbox runs it, with its retries.</summary>
public sealed class WorkflowTimerJob(TenantScopeFactory tenantScopes, TimeProvider clock) : IJob
{
    public const string TenantKey = "tenantId";
    public const string InstanceKey = "instanceId";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var tenantId = Guid.Parse(context.MergedJobDataMap.GetString(TenantKey)!);
        var instanceId = Guid.Parse(context.MergedJobDataMap.GetString(InstanceKey)!);
        await using var scope = await tenantScopes.CreateAsync(tenantId, cancellationToken);
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        if (!await db.WorkflowInstances.AnyAsync(i => i.Id == instanceId, cancellationToken))
        {
            return;
        }

        db.OutboxMessages.Add(Outbox.Row(new WorkflowAdvance(tenantId, instanceId), clock.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
    }
}
