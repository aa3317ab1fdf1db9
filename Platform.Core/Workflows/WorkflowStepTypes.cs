namespace Platform.Core.Workflows;

/// <summary>The step types of format 1 and the ports each leaves through.</summary>
public static class WorkflowStepTypes
{
    public const string Condition = "condition";
    public const string Switch = "switch";
    public const string Fork = "fork";
    public const string Join = "join";
    public const string Approval = "approval";
    public const string SendEmail = "sendEmail";
    public const string SendSms = "sendSms";
    public const string Notify = "notify";
    public const string Webhook = "webhook";
    public const string Delay = "delay";
    public const string ChangeBooking = "changeBooking";
    public const string SetVariable = "setVariable";
    public const string End = "end";

    /// <summary>The port of every step that goes on one way.</summary>
    public const string Next = "next";

    /// <summary>The port of a switch when no case matched.</summary>
    public const string Default = "default";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        Condition, Switch, Fork, Join, Approval, SendEmail, SendSms, Notify, Webhook, Delay, ChangeBooking, SetVariable, End,
    };

    /// <summary>Steps a cycle must pass through: they wait for time or a person, so a loop cannot spin.</summary>
    public static readonly IReadOnlySet<string> Waits = new HashSet<string>(StringComparer.Ordinal) { Delay, Approval };

    public static readonly IReadOnlySet<string> JoinModes = new HashSet<string>(StringComparer.Ordinal) { "all", "any", "count" };

    public static readonly IReadOnlySet<string> BookingActions = new HashSet<string>(StringComparer.Ordinal) { "confirm", "reject", "cancel" };

    public static readonly IReadOnlySet<string> Recipients = new HashSet<string>(StringComparer.Ordinal) { "customer", "provider" };

    /// <summary>The ports <paramref name="step"/> must leave through, each by exactly one edge; empty for end and unknown types.</summary>
    public static IReadOnlyList<string> PortsOf(WorkflowStep step) => step.Type switch
    {
        Condition => ["true", "false"],
        Switch => [.. (step.Cases ?? []).Distinct(StringComparer.Ordinal), Default],
        Fork => [.. (step.Branches ?? []).Distinct(StringComparer.Ordinal)],
        Approval => ["approved", "rejected"],
        End => [],
        _ when All.Contains(step.Type) => [Next],
        _ => [],
    };
}

/// <summary>The trigger types of format 1.</summary>
public static class WorkflowTriggerTypes
{
    public const string BookingEvent = "bookingEvent";
    public const string CustomerCreated = "customerCreated";
    public const string BookingTime = "bookingTime";
    public const string Schedule = "schedule";
    public const string Manual = "manual";
    public const string Api = "api";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        BookingEvent, CustomerCreated, BookingTime, Schedule, Manual, Api,
    };

    public static readonly IReadOnlySet<string> BookingEvents = new HashSet<string>(StringComparer.Ordinal)
    {
        "created", "awaitingApproval", "confirmed", "rejected", "cancelled", "rescheduled", "completed", "noShow",
    };

    public static readonly IReadOnlySet<string> Anchors = new HashSet<string>(StringComparer.Ordinal) { "start", "end" };

    /// <summary>How the engine looks a trigger up: <c>bookingEvent:confirmed</c> for a booking event, else the type.</summary>
    public static string KeyOf(WorkflowTrigger? trigger) => trigger switch
    {
        null => "",
        { Type: BookingEvent, Event: { } name } => $"{BookingEvent}:{name}",
        _ => trigger.Type,
    };
}
