using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Core.Bookings;
using Platform.Core.Tenancy;
using Platform.Core.Workflows;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Events;
using Platform.Infrastructure.Tenancy;
using Quartz;

namespace Platform.Infrastructure.Workflows;

/// <summary>
/// Starts <c>bookingTime</c> workflows: each pass looks, per such workflow, for bookings whose start or end plus the
/// trigger's offset fell since the last pass, and starts one instance per booking and time (the key makes a second pass,
/// or a second node, start nothing twice). Confirmed bookings count for the start; for the end also completed ones and
/// no-shows. After a long stop it catches up at most a day.
/// </summary>
public sealed class WorkflowBookingTimes(
    IDbContextFactory<PlatformDbContext> contexts,
    WorkflowDefinitionCache definitions,
    WorkflowEngine engine,
    TimeProvider clock,
    ILogger<WorkflowBookingTimes> logger)
{
    public const int MaxPerPass = 500;

    public async Task<int> ScanAsync(Guid workflowId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        List<(Guid Booking, DateTimeOffset Anchor)> due;
        TimeSpan offset;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            var workflow = await db.Workflows.FirstOrDefaultAsync(w => w.Id == workflowId, ct);
            if (workflow is null || workflow.IsPaused || workflow.PublishedTrigger != WorkflowTriggerTypes.BookingTime)
            {
                return 0;
            }

            var trigger = (await definitions.GetAsync(db, workflowId, workflow.LatestVersion, ct)).Trigger!;
            offset = WorkflowValidator.Duration(trigger.Offset) ?? TimeSpan.Zero;
            var publishedAt = await db.WorkflowVersions.Where(v => v.WorkflowId == workflowId && v.Number == workflow.LatestVersion).Select(v => v.PublishedAt).SingleAsync(ct);
            var since = new[] { workflow.ScannedUntil ?? publishedAt, now.AddDays(-1) }.Max();
            var (from, to) = (since - offset, now - offset);
            var bookings = db.Bookings.AsNoTracking();
            due = trigger.Anchor == "end"
                ? (await bookings.Where(b => b.EndUtc > from && b.EndUtc <= to
                        && (b.Status == BookingStatus.Confirmed || b.Status == BookingStatus.Completed || b.Status == BookingStatus.NoShow))
                    .OrderBy(b => b.EndUtc).Take(MaxPerPass).Select(b => new { b.Id, b.EndUtc }).ToListAsync(ct)).Select(b => (b.Id, b.EndUtc)).ToList()
                : (await bookings.Where(b => b.StartUtc > from && b.StartUtc <= to && b.Status == BookingStatus.Confirmed)
                    .OrderBy(b => b.StartUtc).Take(MaxPerPass).Select(b => new { b.Id, b.StartUtc }).ToListAsync(ct)).Select(b => (b.Id, b.StartUtc)).ToList();

            // A full page may have left some behind: the next pass goes on from the last one started.
            workflow.ScannedUntil = due.Count == MaxPerPass ? due[^1].Anchor + offset : now;
            await db.SaveChangesAsync(ct);
        }

        await using var reader = await contexts.CreateDbContextAsync(ct);
        foreach (var (bookingId, anchor) in due)
        {
            var data = await WorkflowData.ForBookingAsync(reader, bookingId, ct);
            if (data is null)
            {
                continue;
            }

            data["trigger.type"] = WorkflowTriggerTypes.BookingTime;
            await engine.StartAsync(workflowId, $"time:{bookingId:N}:{anchor.UtcTicks}", new WorkflowStart(WorkflowTriggerTypes.BookingTime, data, bookingId), ct);
        }

        if (due.Count > 0)
        {
            logger.LogInformation("Workflow {WorkflowId} started for {Count} bookings by their time", workflowId, due.Count);
        }

        return due.Count;
    }
}

/// <summary>
/// A <c>schedule</c> workflow's cron trigger on Quartz, in the tenant's time zone: set when a version is published,
/// removed when the newest version has another trigger.
/// </summary>
public sealed class WorkflowSchedules(ISchedulerFactory schedulers, ITenantContext tenantContext)
{
    public const string Group = "workflow-schedules";

    public static JobKey JobOf(Guid workflowId) => new($"workflow-{workflowId:N}", Group);

    public async Task SyncAsync(Guid workflowId, WorkflowTrigger? trigger, CancellationToken ct = default)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        if (trigger is not { Type: WorkflowTriggerTypes.Schedule, Cron: { } cron })
        {
            await scheduler.DeleteJob(JobOf(workflowId), ct);
            return;
        }

        var tenant = tenantContext.Tenant ?? throw new InvalidOperationException("Schedules belong to a tenant.");
        var job = JobBuilder.Create<WorkflowScheduleJob>()
            .WithIdentity(JobOf(workflowId))
            .UsingJobData(WorkflowScheduleJob.TenantKey, tenant.Id.ToString())
            .UsingJobData(WorkflowScheduleJob.WorkflowKey, workflowId.ToString())
            .Build();
        var firing = TriggerBuilder.Create()
            .WithIdentity(JobOf(workflowId).Name, Group)
            .ForJob(job)
            .WithCronSchedule(cron, c => c.InTimeZone(TimeZoneInfo.FindSystemTimeZoneById(tenant.TimeZone)))
            .Build();
        await scheduler.ScheduleJob(job, [firing], ScheduleJobOptions.Replacing, ct);
    }
}

/// <summary>Starts a schedule workflow at its firing; the firing's time is the start key, so a repeated firing starts it once.</summary>
public sealed class WorkflowScheduleJob(TenantScopeFactory tenantScopes) : IJob
{
    public const string TenantKey = "tenantId";
    public const string WorkflowKey = "workflowId";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var tenantId = Guid.Parse(context.MergedJobDataMap.GetString(TenantKey)!);
        var workflowId = Guid.Parse(context.MergedJobDataMap.GetString(WorkflowKey)!);
        await using var scope = await tenantScopes.CreateAsync(tenantId, cancellationToken);
        var firedAt = context.ScheduledFireTimeUtc ?? context.FireTimeUtc;
        var data = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["trigger.type"] = WorkflowTriggerTypes.Schedule,
            ["trigger.firedAt"] = firedAt,
        };
        await scope.ServiceProvider.GetRequiredService<WorkflowEngine>()
            .StartAsync(workflowId, $"schedule:{firedAt.UtcTicks}", new WorkflowStart(WorkflowTriggerTypes.Schedule, data), cancellationToken);
    }
}

/// <summary>
/// The engine's clock on every node: starts booking-time workflows every <see cref="WorkflowOptions.ClockInterval"/>, and
/// deletes instances that ended (completed, cancelled, or faulted and left alone) longer than
/// <see cref="WorkflowOptions.RetainEndedFor"/> ago, with their timelines and tasks.
/// </summary>
public sealed class WorkflowClockService(
    TenantScopeFactory tenantScopes,
    IOptions<WorkflowOptions> options,
    IOptions<OutboxOptions> outbox,
    TimeProvider clock,
    ILogger<WorkflowClockService> logger) : PeriodicService(clock)
{
    private DateTimeOffset _lastCleanUp = DateTimeOffset.MinValue;

    protected override TimeSpan? Interval => outbox.Value.DispatcherEnabled ? options.Value.ClockInterval : null;

    protected override async Task PassAsync(CancellationToken ct)
    {
        await StartByTimeAsync(ct);
        if (Clock.GetUtcNow() - _lastCleanUp > TimeSpan.FromHours(1))
        {
            await DeleteEndedAsync(ct);
            _lastCleanUp = Clock.GetUtcNow();
        }
    }

    protected override void LogFailure(Exception exception) => logger.LogError(exception, "The workflow clock's pass failed");

    public async Task StartByTimeAsync(CancellationToken ct)
    {
        List<(Guid Tenant, Guid Workflow)> workflows;
        await using (var host = tenantScopes.CreateHost())
        {
            var db = host.ServiceProvider.GetRequiredService<PlatformDbContext>();
            workflows = (await db.Workflows.AsNoTracking().IgnoreQueryFilters([PlatformDbContext.TenantFilter])
                .Where(w => w.PublishedTrigger == WorkflowTriggerTypes.BookingTime && !w.IsPaused)
                .Select(w => new { w.TenantId, w.Id }).ToListAsync(ct)).Select(w => (w.TenantId, w.Id)).ToList();
        }

        foreach (var (tenantId, workflowId) in workflows)
        {
            await using var scope = await tenantScopes.CreateAsync(tenantId, ct);
            await scope.ServiceProvider.GetRequiredService<WorkflowBookingTimes>().ScanAsync(workflowId, ct);
        }
    }

    public async Task<int> DeleteEndedAsync(CancellationToken ct)
    {
        var cutoff = Clock.GetUtcNow() - options.Value.RetainEndedFor;
        var deleted = 0;
        await using var host = tenantScopes.CreateHost();
        var db = host.ServiceProvider.GetRequiredService<PlatformDbContext>();
        while (true)
        {
            var batch = await db.WorkflowInstances.IgnoreQueryFilters([PlatformDbContext.TenantFilter])
                .Where(i => (i.Status == WorkflowInstanceStatus.Completed || i.Status == WorkflowInstanceStatus.Cancelled) ? i.EndedAt < cutoff
                    : i.Status == WorkflowInstanceStatus.Faulted && i.UpdatedAt < cutoff)
                .OrderBy(i => i.Id).Select(i => i.Id).Take(500).ToListAsync(ct);
            if (batch.Count == 0)
            {
                break;
            }

            // Children first: not every database here deletes them by cascade from a bulk delete.
            await db.WorkflowStepRecords.IgnoreQueryFilters([PlatformDbContext.TenantFilter]).Where(r => batch.Contains(r.InstanceId)).ExecuteDeleteAsync(ct);
            await db.WorkflowTasks.IgnoreQueryFilters([PlatformDbContext.TenantFilter]).Where(t => batch.Contains(t.InstanceId)).ExecuteDeleteAsync(ct);
            deleted += await db.WorkflowInstances.IgnoreQueryFilters([PlatformDbContext.TenantFilter]).Where(i => batch.Contains(i.Id)).ExecuteDeleteAsync(ct);
        }

        if (deleted > 0)
        {
            logger.LogInformation("Deleted {Count} workflow instances that ended before {Cutoff}", deleted, cutoff);
        }

        return deleted;
    }
}
