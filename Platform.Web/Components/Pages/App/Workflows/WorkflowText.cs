using MudBlazor;
using Platform.Core.Common;
using Platform.Core.Workflows;
using Platform.Infrastructure.Workflows;
using Platform.Web.Components.Pages.App.Calendar;

namespace Platform.Web.Components.Pages.App.Workflows;

/// <summary>How the approvals inbox and the workflow pages put things in words: local times, statuses, triggers and refusals.</summary>
public static class WorkflowText
{
    /// <summary>"Mon, Dec 7, 9:00 AM" in the tenant's zone and culture.</summary>
    public static string When(DateTimeOffset utc, string zone) => LocalText.ShortDayTime(CalendarGrid.Local(utc, zone));

    /// <summary>"Dec 7, 2026, 9:00 AM" in the tenant's zone and culture, for what may lie further back.</summary>
    public static string Dated(DateTimeOffset utc, string zone)
    {
        var local = CalendarGrid.Local(utc, zone);
        return $"{LocalText.MediumDate(local)}, {LocalText.Time(local)}";
    }

    /// <summary>Every message of a refused outcome, as one sentence or more.</summary>
    public static string Refusal<T>(Outcome<T> outcome) =>
        outcome.Errors.Count == 0 ? "That did not work." : string.Join(" ", outcome.Errors.SelectMany(e => e.Value));

    /// <summary>A role's name as people read it.</summary>
    public static string Role(string role) => role switch
    {
        "TenantAdmin" => "Admins",
        "Manager" => "Managers",
        "Staff" => "Staff",
        _ => role,
    };

    /// <summary>Who a task waits for: a person by name, or everyone of a role.</summary>
    public static string Assignee(TaskItem task) =>
        task.AssigneeName ?? (task.AssigneeRole is { } role ? Role(role) : "—");

    public static string Trigger(string type) => type switch
    {
        WorkflowTriggerTypes.Manual => "Manual",
        WorkflowTriggerTypes.Api => "API",
        WorkflowTriggerTypes.Schedule => "Schedule",
        WorkflowTriggerTypes.BookingTime => "Booking time",
        WorkflowTriggerTypes.CustomerCreated => "New customer",
        WorkflowTriggerTypes.BookingEvent => "Booking event",
        "" => "None yet",
        _ when type.StartsWith(WorkflowTriggerTypes.BookingEvent + ":", StringComparison.Ordinal) => type[(WorkflowTriggerTypes.BookingEvent.Length + 1)..] switch
        {
            "created" => "Booking made",
            "awaitingApproval" => "Booking awaits approval",
            "confirmed" => "Booking confirmed",
            "rejected" => "Booking declined",
            "cancelled" => "Booking cancelled",
            "rescheduled" => "Booking moved",
            "completed" => "Booking completed",
            "noShow" => "No-show",
            var other => "Booking " + other,
        },
        _ => type,
    };

    public static Color StatusColor(WorkflowInstanceStatus status) => status switch
    {
        WorkflowInstanceStatus.Running => Color.Info,
        WorkflowInstanceStatus.Waiting => Color.Warning,
        WorkflowInstanceStatus.Completed => Color.Success,
        WorkflowInstanceStatus.Faulted => Color.Error,
        _ => Color.Default,
    };

    public static Color TaskColor(WorkflowTaskStatus status) => status switch
    {
        WorkflowTaskStatus.Approved => Color.Success,
        WorkflowTaskStatus.Rejected => Color.Error,
        WorkflowTaskStatus.SentBack => Color.Warning,
        WorkflowTaskStatus.Open => Color.Info,
        _ => Color.Default,
    };

    public static string TaskStatus(WorkflowTaskStatus status) => status switch
    {
        WorkflowTaskStatus.SentBack => "Sent back",
        _ => status.ToString(),
    };

    /// <summary>Where a token stands, in words: "Waiting for an approval at approve-1", "Waiting at wait until …".</summary>
    public static string TokenStatus(InstanceToken token, WorkflowInstanceStatus run, string zone) => token.Status switch
    {
        _ when run == WorkflowInstanceStatus.Faulted && token.Error is not null => $"Stopped at {token.StepId}",
        WorkflowTokenStatus.Waiting when token.TaskId is not null => $"Waiting for an approval at {token.StepId}",
        WorkflowTokenStatus.Waiting when token.DueAt is { } due => $"Waiting at {token.StepId} until {Dated(due, zone)}",
        WorkflowTokenStatus.Waiting => $"Waiting at {token.StepId}",
        WorkflowTokenStatus.Ready when token.DueAt is { } due => $"Next attempt of {token.StepId} at {Dated(due, zone)}",
        WorkflowTokenStatus.Ready => $"About to run {token.StepId}",
        WorkflowTokenStatus.Running => $"Calling out at {token.StepId}",
        WorkflowTokenStatus.Joined => $"Arrived at {token.StepId}, waiting for the other branches",
        _ => $"{token.Status} at {token.StepId}",
    };
}
