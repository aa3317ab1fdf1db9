using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Core.Tenancy;

namespace Platform.Infrastructure.Workflows;

public enum WorkflowInstanceStatus
{
    /// <summary>Has steps to run, or runs them now.</summary>
    Running,

    /// <summary>Every token waits: for a person, a time, or a retry.</summary>
    Waiting,

    /// <summary>Reached an end step.</summary>
    Completed,

    /// <summary>A step failed its last attempt (or loop protection stopped it); an admin may retry or cancel it.</summary>
    Faulted,

    /// <summary>An admin cancelled it.</summary>
    Cancelled,
}

/// <summary>
/// One run of a workflow, on the version it started with (never another). Its tokens, variables and step outputs are
/// <see cref="StateJson"/>; <see cref="Revision"/> makes every save conditional on nobody else having saved since the
/// load, so two nodes never both run a step.
/// </summary>
public sealed class WorkflowInstance : ITenantOwned
{
    public const int MaxErrorLength = 2000;

    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    public Guid WorkflowId { get; init; }

    public int Version { get; init; }

    /// <summary>Identifies what started it (an outbox message, a firing, a request), so that the same start makes one instance.</summary>
    public required string StartKey { get; init; }

    public WorkflowInstanceStatus Status { get; set; }

    /// <summary>The trigger type, for filters.</summary>
    public string TriggerType { get; init; } = "";

    /// <summary>The booking the trigger was about, if any.</summary>
    public Guid? BookingId { get; init; }

    /// <summary>Who started it: the user behind the event or the manual start; null for customers, guests and the platform.</summary>
    public Guid? StartedBy { get; init; }

    /// <summary>The trigger's data, as flat JSON of <c>name: value</c>.</summary>
    public string DataJson { get; init; } = "{}";

    public string StateJson { get; set; } = "{}";

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>Faulted: the step that failed.</summary>
    public string? FaultedStep { get; set; }

    public string? Error { get; set; }

    /// <summary>When the instance has something due next (a delay, a retry, a task's reminder or deadline), as scheduled on Quartz.</summary>
    public DateTimeOffset? WakeAt { get; set; }

    /// <summary>One more on every save; the save is refused when another saved first.</summary>
    public int Revision { get; set; }
}

/// <summary>A line of an instance's timeline: a step ran (or failed), when, with what result, and who decided it.</summary>
public sealed class WorkflowStepRecord : ITenantOwned
{
    public const int MaxDataLength = 4000;

    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    public Guid InstanceId { get; init; }

    /// <summary>The order of the lines of one instance.</summary>
    public int Sequence { get; init; }

    public required string StepId { get; init; }

    public required string StepType { get; init; }

    /// <summary>The token (branch) it ran on.</summary>
    public Guid TokenId { get; init; }

    /// <summary>The port it left through; null while it waits, and for a failure.</summary>
    public string? Port { get; init; }

    public int Attempt { get; init; }

    public DateTimeOffset At { get; init; }

    /// <summary>Its output as JSON.</summary>
    public string? OutputJson { get; init; }

    public string? Error { get; init; }

    /// <summary>Who decided (approvals).</summary>
    public Guid? ByUserId { get; init; }
}

public enum WorkflowTaskStatus
{
    /// <summary>Waiting for its assignee.</summary>
    Open,

    /// <summary>Sent back to whoever asked, with a comment; open again once they resubmit.</summary>
    SentBack,

    Approved,

    Rejected,

    /// <summary>No longer needed: the instance ended, a join went on without it, or the booking was decided elsewhere.</summary>
    Closed,
}

/// <summary>
/// A person's part in an approval step: assigned to a user or to everyone of a role, with an optional deadline (and a
/// reminder before it) after which it goes to the escalation role. It can be delegated to someone else, and sent back to
/// whoever asked for a change. One person decides at most one task of an instance.
/// </summary>
public sealed class WorkflowTask : ITenantOwned
{
    public const int MaxCommentLength = 2000;
    public const int MaxTitleLength = 200;

    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    public Guid WorkflowId { get; init; }

    public Guid InstanceId { get; init; }

    public required string StepId { get; init; }

    /// <summary>What is to be decided, for the inbox ("Approve: Deep tissue massage for Ann Lee on ...").</summary>
    public required string Title { get; set; }

    public Guid? BookingId { get; init; }

    public Guid? AssigneeUserId { get; set; }

    public string? AssigneeRole { get; set; }

    /// <summary>Who asked: the person a task is sent back to. Null when nobody of the staff asked (a customer booked).</summary>
    public Guid? RequestedBy { get; init; }

    public WorkflowTaskStatus Status { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? DueAt { get; set; }

    public DateTimeOffset? RemindAt { get; set; }

    public DateTimeOffset? RemindedAt { get; set; }

    public string? EscalationRole { get; set; }

    public DateTimeOffset? EscalatedAt { get; set; }

    /// <summary>Who handed the task on to its current assignee.</summary>
    public Guid? DelegatedBy { get; set; }

    /// <summary>When it was handed on: where it stands in the history of the one who handed it on while it is still open.</summary>
    public DateTimeOffset? DelegatedAt { get; set; }

    public Guid? DecidedBy { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    /// <summary>The last comment: the decision's, the send-back's or the resubmission's.</summary>
    public string? Comment { get; set; }

    /// <summary>Why it was closed without a decision.</summary>
    public string? ClosedReason { get; set; }

    public int Revision { get; set; }

    public bool IsOpen => Status is WorkflowTaskStatus.Open or WorkflowTaskStatus.SentBack;
}

internal sealed class WorkflowInstanceConfiguration : IEntityTypeConfiguration<WorkflowInstance>
{
    public void Configure(EntityTypeBuilder<WorkflowInstance> i)
    {
        i.ToTable("WorkflowInstances");
        i.HasOne<Workflow>().WithMany().HasForeignKey(x => x.WorkflowId).OnDelete(DeleteBehavior.Cascade);
        i.Property(x => x.StartKey).HasMaxLength(200);
        i.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        i.Property(x => x.TriggerType).HasMaxLength(32);
        i.Property(x => x.FaultedStep).HasMaxLength(64);
        i.Property(x => x.Error).HasMaxLength(WorkflowInstance.MaxErrorLength);
        i.Property(x => x.Revision).IsConcurrencyToken();
        // The same start (an event redelivered, a firing repeated) makes one instance of a workflow.
        i.HasIndex(x => new { x.TenantId, x.WorkflowId, x.StartKey }).IsUnique();
        i.HasIndex(x => new { x.TenantId, x.WorkflowId, x.Status, x.StartedAt });
        i.HasIndex(x => new { x.TenantId, x.BookingId });
        i.HasIndex(x => new { x.Status, x.EndedAt });
    }
}

internal sealed class WorkflowStepRecordConfiguration : IEntityTypeConfiguration<WorkflowStepRecord>
{
    public void Configure(EntityTypeBuilder<WorkflowStepRecord> r)
    {
        r.ToTable("WorkflowStepRecords");
        r.HasOne<WorkflowInstance>().WithMany().HasForeignKey(x => x.InstanceId).OnDelete(DeleteBehavior.Cascade);
        r.Property(x => x.StepId).HasMaxLength(64);
        r.Property(x => x.StepType).HasMaxLength(32);
        r.Property(x => x.Port).HasMaxLength(200);
        r.Property(x => x.OutputJson).HasMaxLength(WorkflowStepRecord.MaxDataLength);
        r.Property(x => x.Error).HasMaxLength(WorkflowInstance.MaxErrorLength);
        // Two saves of one instance cannot both write its next line.
        r.HasIndex(x => new { x.InstanceId, x.Sequence }).IsUnique();
    }
}

internal sealed class WorkflowTaskConfiguration : IEntityTypeConfiguration<WorkflowTask>
{
    public void Configure(EntityTypeBuilder<WorkflowTask> t)
    {
        t.ToTable("WorkflowTasks");
        t.HasOne<WorkflowInstance>().WithMany().HasForeignKey(x => x.InstanceId).OnDelete(DeleteBehavior.Cascade);
        t.Property(x => x.StepId).HasMaxLength(64);
        t.Property(x => x.Title).HasMaxLength(WorkflowTask.MaxTitleLength);
        t.Property(x => x.AssigneeRole).HasMaxLength(32);
        t.Property(x => x.EscalationRole).HasMaxLength(32);
        t.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        t.Property(x => x.Comment).HasMaxLength(WorkflowTask.MaxCommentLength);
        t.Property(x => x.ClosedReason).HasMaxLength(300);
        t.Property(x => x.Revision).IsConcurrencyToken();
        t.Ignore(x => x.IsOpen);
        t.HasIndex(x => new { x.TenantId, x.Status, x.AssigneeUserId });
        t.HasIndex(x => new { x.TenantId, x.Status, x.AssigneeRole });
        t.HasIndex(x => new { x.TenantId, x.DecidedBy, x.DecidedAt });
        t.HasIndex(x => x.InstanceId);
        t.HasIndex(x => new { x.TenantId, x.BookingId });
    }
}
