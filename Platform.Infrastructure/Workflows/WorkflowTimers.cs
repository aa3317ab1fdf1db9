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

    public async Task ScheduleAsync(Guid instanceId, DateTimeOffset? at, CancellationToken ct)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        if (at is not { } fireAt)
        {
            await scheduler.UnscheduleOnceAsync(JobOf(instanceId), ct);
            return;
        }

        var tenantId = tenantContext.TenantId ?? throw new InvalidOperationException("Workflow timers belong to a tenant.");
        await scheduler.ScheduleOnceAsync<WorkflowTimerJob>(JobOf(instanceId), new Dictionary<string, string>
        {
            [WorkflowTimerJob.TenantKey] = tenantId.ToString(),
            [WorkflowTimerJob.InstanceKey] = instanceId.ToString(),
        }, fireAt, ct);
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
