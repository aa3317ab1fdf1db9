namespace Platform.Core.Events;

/// <summary>Something of a workflow instance may go on (a task was decided, a time came, an admin retried it): run it.</summary>
[MessageType("workflow.advance")]
public sealed record WorkflowAdvance(Guid TenantId, Guid InstanceId) : ISequencedMessage
{
    /// <summary>One instance's rounds one after another: side by side they would only refuse each other's saves.</summary>
    Guid ISequencedMessage.SequenceKey => InstanceId;
}

/// <summary>An e-mail, text message or in-app notification step of an instance, queued with the step's progress.</summary>
[MessageType("workflow.effect")]
public sealed record WorkflowStepEffect(Guid TenantId, Guid InstanceId, string StepId, Guid TokenId) : IOutboxMessage;

/// <summary>What the people of an approval task are told: it is theirs, it is due soon, it was escalated or handed to them.</summary>
public enum WorkflowTaskNoticeKind
{
    Assigned,
    Reminder,
    Escalated,
    Delegated,
    Overdue,
    SentBack,
}

/// <summary>Tells the assignees of a task (the bell, and e-mail by their preferences).</summary>
[MessageType("workflow.task_notice")]
public sealed record WorkflowTaskNotice(Guid TenantId, Guid TaskId, WorkflowTaskNoticeKind Kind) : IOutboxMessage;
