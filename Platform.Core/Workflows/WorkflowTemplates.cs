namespace Platform.Core.Workflows;

/// <summary>A ready-made definition to start a new workflow from; its name and description are the definition's.</summary>
public sealed record WorkflowTemplate(string Key, WorkflowDefinition Definition)
{
    public string Name => Definition.Name;

    public string Description => Definition.Description;
}

/// <summary>
/// The templates "New workflow" offers and the demo tenants carry, and the platform's built-in booking approval: what a
/// service that "requires approval" runs until the tenant publishes its own workflow for <c>awaitingApproval</c>.
/// </summary>
public static class WorkflowTemplates
{
    public const string TwoApprovals = "two-approvals";
    public const string SmsReminder = "sms-reminder";
    public const string CancellationWebhook = "cancellation-webhook";
    public const string NoShowFollowUp = "no-show-follow-up";

    public static readonly IReadOnlyList<WorkflowTemplate> All =
    [
        new(TwoApprovals,
            new WorkflowDefinition
            {
                Name = "Two managers approve a large booking",
                Description = "Bookings from 100 up wait for two managers, in parallel; then the customer is told. Smaller ones are confirmed at once.",
                Trigger = new WorkflowTrigger { Type = WorkflowTriggerTypes.BookingEvent, Event = "awaitingApproval" },
                Start = "large",
                Steps =
                [
                    new() { Id = "large", Type = WorkflowStepTypes.Condition, Name = "Large booking?", Expression = "[booking.price] >= 100" },
                    new() { Id = "split", Type = WorkflowStepTypes.Fork, Name = "Ask two managers", Branches = ["first", "second"] },
                    new() { Id = "approve-1", Type = WorkflowStepTypes.Approval, Name = "First approval", AssigneeRole = "Manager", Deadline = "P1D", Reminder = "PT12H", EscalationRole = "TenantAdmin" },
                    new() { Id = "approve-2", Type = WorkflowStepTypes.Approval, Name = "Second approval", AssigneeRole = "Manager", Deadline = "P1D", Reminder = "PT12H", EscalationRole = "TenantAdmin" },
                    new() { Id = "both", Type = WorkflowStepTypes.Join, Name = "Both approved", Fork = "split", Mode = "all" },
                    new() { Id = "confirm", Type = WorkflowStepTypes.ChangeBooking, Name = "Confirm the booking", Action = "confirm" },
                    new() { Id = "tell", Type = WorkflowStepTypes.SendEmail, Name = "Tell the customer", Template = "booking.confirmed", To = "customer", Title = "Your booking is confirmed", Message = "Our managers approved your booking; we look forward to seeing you." },
                    new() { Id = "reject", Type = WorkflowStepTypes.ChangeBooking, Name = "Decline the booking", Action = "reject", Reason = "A manager turned the booking down." },
                    new() { Id = "done", Type = WorkflowStepTypes.End },
                ],
                Edges =
                [
                    new("large", "true", "split"),
                    new("large", "false", "confirm"),
                    new("split", "first", "approve-1"),
                    new("split", "second", "approve-2"),
                    new("approve-1", "approved", "both"),
                    new("approve-1", "rejected", "reject"),
                    new("approve-2", "approved", "both"),
                    new("approve-2", "rejected", "reject"),
                    new("both", "next", "confirm"),
                    new("confirm", "next", "tell"),
                    new("tell", "next", "done"),
                    new("reject", "next", "done"),
                ],
            }),
        new(SmsReminder,
            new WorkflowDefinition
            {
                Name = "SMS reminder two hours before",
                Description = "A text message to the customer two hours before each confirmed booking.",
                Trigger = new WorkflowTrigger { Type = WorkflowTriggerTypes.BookingTime, Anchor = "start", Offset = "-PT2H" },
                Start = "text",
                Steps =
                [
                    new() { Id = "text", Type = WorkflowStepTypes.SendSms, Name = "Text the customer", Template = "booking.reminder", To = "customer" },
                    new() { Id = "done", Type = WorkflowStepTypes.End },
                ],
                Edges = [new("text", "next", "done")],
            }),
        new(CancellationWebhook,
            new WorkflowDefinition
            {
                Name = "Webhook on cancellation",
                Description = "Tells another system when a booking is cancelled. Set the address before publishing.",
                Trigger = new WorkflowTrigger { Type = WorkflowTriggerTypes.BookingEvent, Event = "cancelled" },
                Start = "hook",
                Steps =
                [
                    new() { Id = "hook", Type = WorkflowStepTypes.Webhook, Name = "Call the webhook", Url = "https://hooks.example.com/booking-cancelled" },
                    new() { Id = "done", Type = WorkflowStepTypes.End },
                ],
                Edges = [new("hook", "next", "done")],
            }),
        new(NoShowFollowUp,
            new WorkflowDefinition
            {
                Name = "No-show follow-up",
                Description = "The day after a no-show, an e-mail to the customer and a note to the managers.",
                Trigger = new WorkflowTrigger { Type = WorkflowTriggerTypes.BookingEvent, Event = "noShow" },
                Start = "wait",
                Steps =
                [
                    new() { Id = "wait", Type = WorkflowStepTypes.Delay, Name = "Wait a day", Duration = "P1D" },
                    new() { Id = "mail", Type = WorkflowStepTypes.SendEmail, Name = "E-mail the customer", Template = "booking.changed", To = "customer", Title = "We missed you", Message = "We missed you at your appointment yesterday. Book a new time whenever it suits you." },
                    new() { Id = "bell", Type = WorkflowStepTypes.Notify, Name = "Tell the managers", AssigneeRole = "Manager", Title = "No-show followed up", Message = "The customer was e-mailed the day after." },
                    new() { Id = "done", Type = WorkflowStepTypes.End },
                ],
                Edges = [new("wait", "next", "mail"), new("mail", "next", "bell"), new("bell", "next", "done")],
            }),
    ];

    public static WorkflowTemplate? Find(string? key) => All.FirstOrDefault(t => t.Key == key);

    /// <summary>
    /// The built-in booking approval: one approval by a manager, then the booking is confirmed or declined. It runs for a
    /// booking that waits for approval while the tenant has no published, unpaused workflow of its own for that event.
    /// </summary>
    public static readonly WorkflowDefinition BuiltInApproval = new()
    {
        Name = "Booking approval (built in)",
        Description = "A manager approves or declines each booking of a service that requires approval. Publish a workflow of your own for \"awaiting approval\" to replace it.",
        Trigger = new WorkflowTrigger { Type = WorkflowTriggerTypes.BookingEvent, Event = "awaitingApproval" },
        Start = "approve",
        Steps =
        [
            new() { Id = "approve", Type = WorkflowStepTypes.Approval, Name = "Approve the booking", AssigneeRole = "Manager" },
            new() { Id = "confirm", Type = WorkflowStepTypes.ChangeBooking, Name = "Confirm the booking", Action = "confirm" },
            new() { Id = "reject", Type = WorkflowStepTypes.ChangeBooking, Name = "Decline the booking", Action = "reject", Reason = "The booking was not approved." },
            new() { Id = "done", Type = WorkflowStepTypes.End },
        ],
        Edges = [new("approve", "approved", "confirm"), new("approve", "rejected", "reject"), new("confirm", "next", "done"), new("reject", "next", "done")],
    };
}
