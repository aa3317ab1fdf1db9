using System.Text.Json.Serialization;

namespace Platform.Core.Workflows;

/// <summary>
/// A workflow definition as JSON stores it (docs/workflows.md, docs/workflow.schema.json): what starts it, its steps
/// by stable id and the edges from a step's named port to the next step. <see cref="WorkflowValidator"/> says what
/// is wrong with it; the engine runs a published version of it.
/// </summary>
public sealed record WorkflowDefinition
{
    /// <summary>The format this document is written in; the only one so far is 1.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>Where the JSON Schema of the format is published.</summary>
    public const string SchemaUri = "https://platform.example/schemas/workflow.schema.json";

    [JsonPropertyName("$schema")]
    public string? Schema { get; init; } = SchemaUri;

    public int FormatVersion { get; init; } = CurrentFormatVersion;

    public string Name { get; init; } = "";

    public string Description { get; init; } = "";

    public WorkflowTrigger? Trigger { get; init; }

    /// <summary>The id of the step the trigger leads to.</summary>
    public string? Start { get; init; }

    public IReadOnlyList<WorkflowStep> Steps { get; init; } = [];

    public IReadOnlyList<WorkflowEdge> Edges { get; init; } = [];
}

/// <summary>
/// What starts an instance (<see cref="WorkflowTriggerTypes"/>): a booking event by name, a new customer, a time
/// relative to a booking's start or end (an ISO 8601 offset, negative for before), a cron schedule in the tenant's
/// time zone, a manual start from the App, or the API.
/// </summary>
public sealed record WorkflowTrigger
{
    public string Type { get; init; } = "";

    /// <summary>For bookingEvent: one of <see cref="WorkflowTriggerTypes.BookingEvents"/>.</summary>
    public string? Event { get; init; }

    /// <summary>For bookingTime: "start" or "end".</summary>
    public string? Anchor { get; init; }

    /// <summary>For bookingTime: an ISO 8601 duration, "-PT2H" for two hours before, "P1D" for a day after.</summary>
    public string? Offset { get; init; }

    /// <summary>For schedule: a Quartz cron expression, run in the tenant's time zone.</summary>
    public string? Cron { get; init; }
}

/// <summary>
/// One step: a stable <see cref="Id"/> that edges, instances and their history refer to, a <see cref="Type"/> from
/// <see cref="WorkflowStepTypes"/> and the settings its type reads (the others stay empty).
/// </summary>
public sealed record WorkflowStep
{
    public string Id { get; init; } = "";

    public string Type { get; init; } = "";

    /// <summary>A label for people; the engine never reads it.</summary>
    public string? Name { get; init; }

    /// <summary>condition, switch, setVariable: an expression over the trigger's data and the variables.</summary>
    public string? Expression { get; init; }

    /// <summary>switch: the values to compare the expression with; each is a port, besides "default".</summary>
    public IReadOnlyList<string>? Cases { get; init; }

    /// <summary>fork: the names of the parallel branches, each a port.</summary>
    public IReadOnlyList<string>? Branches { get; init; }

    /// <summary>join: the id of the fork whose branches it joins.</summary>
    public string? Fork { get; init; }

    /// <summary>join: "all", "any" or "count" (with <see cref="Count"/>).</summary>
    public string? Mode { get; init; }

    /// <summary>join with mode "count": how many branches must arrive.</summary>
    public int? Count { get; init; }

    /// <summary>approval: the user who decides (their id).</summary>
    public Guid? AssigneeUser { get; init; }

    /// <summary>approval, notify: the role whose members decide or are told.</summary>
    public string? AssigneeRole { get; init; }

    /// <summary>approval: how long the assignee has (ISO 8601 duration); after it the task escalates.</summary>
    public string? Deadline { get; init; }

    /// <summary>approval: when to remind the assignee, before the deadline (ISO 8601 duration after the task opens).</summary>
    public string? Reminder { get; init; }

    /// <summary>approval: who takes the task over when the deadline passes.</summary>
    public string? EscalationRole { get; init; }

    /// <summary>sendEmail, sendSms: the tenant's template key.</summary>
    public string? Template { get; init; }

    /// <summary>sendEmail, sendSms: "customer" or "provider".</summary>
    public string? To { get; init; }

    /// <summary>notify: the notification's title and text; sendEmail, sendSms: the template's <c>{{ title }}</c> and <c>{{ body }}</c>.</summary>
    public string? Title { get; init; }

    public string? Message { get; init; }

    /// <summary>webhook: the absolute https address to post the instance's data to.</summary>
    public string? Url { get; init; }

    /// <summary>delay: how long to wait (ISO 8601 duration).</summary>
    public string? Duration { get; init; }

    /// <summary>delay: an expression giving the time to wait until.</summary>
    public string? Until { get; init; }

    /// <summary>changeBooking: "confirm", "reject" or "cancel".</summary>
    public string? Action { get; init; }

    /// <summary>changeBooking: the reason recorded with the change.</summary>
    public string? Reason { get; init; }

    /// <summary>setVariable: the variable's name.</summary>
    public string? Variable { get; init; }

    /// <summary>Where the designer shows the step (its top-left corner); the engine never reads it. None: laid out automatically.</summary>
    public WorkflowPosition? Position { get; init; }
}

/// <summary>A point on the designer's canvas, in canvas units (a step is <see cref="WorkflowLayout.NodeWidth"/> wide).</summary>
public sealed record WorkflowPosition(double X, double Y);

/// <summary>An edge: when step <see cref="From"/> leaves through <see cref="Port"/>, the instance goes on at <see cref="To"/>.</summary>
public sealed record WorkflowEdge(string From, string Port, string To);
