namespace Platform.Core.Notifications;

/// <summary>The ways a notification can reach a person. A preference is a set of them.</summary>
[Flags]
public enum NotificationChannels
{
    None = 0,

    /// <summary>Stored and shown in the bell and the notifications page, live on every open page.</summary>
    InApp = 1,

    Email = 2,

    Sms = 4,

    /// <summary>A system notification from an open App tab that is in the background; needs <see cref="InApp"/>.</summary>
    Browser = 8,
}

/// <summary>Who a kind of notification is usually for.</summary>
[Flags]
public enum NotificationReaders
{
    Staff = 1,
    Customers = 2,
    Everyone = Staff | Customers,
}

/// <summary>What a kind of notification is about, who usually gets it and how by default.</summary>
/// <param name="Kind">The stable name stored with every notification and preference.</param>
/// <param name="Defaults">The channels of someone who never changed their preferences.</param>
public sealed record NotificationKindInfo(string Kind, string Label, string Description, NotificationChannels Defaults, NotificationReaders Readers)
{
    /// <summary>
    /// Whether people choose its channels. False for a message every booking gets whoever made it, such as the
    /// confirmation: it has a template but no preference, and goes by e-mail to the customer record's address.
    /// </summary>
    public bool HasPreference { get; init; } = true;

    /// <summary>Whether it is only ever an e-mail (account and invitation e-mails): it has no text-message template.</summary>
    public bool EmailOnly { get; init; }
}

/// <summary>
/// Every kind of notification. Booking kinds are raised by the booking events (wired at merge); the
/// stable names are stored, so never rename one.
/// </summary>
public static class NotificationKinds
{
    /// <summary>To the provider (staff): a new booking on their calendar.</summary>
    public const string BookingCreated = "booking.created";

    /// <summary>To the provider (staff): a booking on their calendar was cancelled.</summary>
    public const string BookingCancelled = "booking.cancelled";

    /// <summary>To the provider (staff): a booking on their calendar moved to another time.</summary>
    public const string BookingRescheduled = "booking.rescheduled";

    /// <summary>To managers: a booking waits for approval.</summary>
    public const string BookingAwaitingApproval = "booking.awaiting_approval";

    /// <summary>To the customer: their booking is confirmed.</summary>
    public const string BookingConfirmed = "booking.confirmed";

    /// <summary>To the customer: their booking was moved, cancelled or rejected by the business.</summary>
    public const string BookingChanged = "booking.changed";

    /// <summary>To the customer: a confirmed booking is coming up (sent by the reminder job, not the bell).</summary>
    public const string BookingReminder = "booking.reminder";

    /// <summary>
    /// To the customer (a guest too), by e-mail, once per booking whatever the channel it was made through: the booking
    /// with its calendar invitation and a link to change or cancel it; "request received" while it waits for approval.
    /// </summary>
    public const string BookingConfirmation = "booking.confirmation";

    /// <summary>To managers: a booking is made on the team's calendars (one waiting for approval is told as <see cref="BookingAwaitingApproval"/>).</summary>
    public const string BookingTeamCreated = "booking.team_created";

    /// <summary>A message from a manager to the team, a role or one person.</summary>
    public const string Announcement = "announcement";

    /// <summary>To staff: an approval task of a workflow is theirs (assigned, handed on, escalated, due soon, sent back).</summary>
    public const string WorkflowTask = "workflow.task";

    /// <summary>To staff: a notice from a notify step of one of the business's workflows.</summary>
    public const string WorkflowNotice = "workflow.notice";

    /// <summary>To the one who asked: an export of a report is ready to download (or failed).</summary>
    public const string ReportReady = "report.ready";

    /// <summary>The e-mail with the link that confirms an address (registration, a changed address).</summary>
    public const string AccountConfirmEmail = "account.confirm_email";

    /// <summary>The e-mail with the link (or code) that resets a password.</summary>
    public const string AccountPasswordReset = "account.password_reset";

    /// <summary>The e-mail to an address that tried to register again: it has an account already.</summary>
    public const string AccountAlreadyRegistered = "account.already_registered";

    /// <summary>The e-mail that invites someone to join the tenant's staff.</summary>
    public const string StaffInvitation = "staff.invitation";

    private const NotificationChannels Live = NotificationChannels.InApp | NotificationChannels.Browser;

    public static readonly IReadOnlyList<NotificationKindInfo> All =
    [
        new(BookingCreated, "New bookings", "A booking is made on your calendar.", Live, NotificationReaders.Staff),
        new(BookingCancelled, "Cancelled bookings", "A booking on your calendar is cancelled.", Live, NotificationReaders.Staff),
        new(BookingRescheduled, "Moved bookings", "A booking on your calendar moves to another time.", Live, NotificationReaders.Staff),
        new(BookingAwaitingApproval, "Bookings to approve", "A booking waits for a manager to confirm or reject it.", Live | NotificationChannels.Email, NotificationReaders.Staff),
        new(BookingConfirmed, "Booking confirmations", "Your booking is confirmed.", NotificationChannels.InApp | NotificationChannels.Email, NotificationReaders.Customers),
        new(BookingChanged, "Changes to your bookings", "Your booking is moved, cancelled or rejected.", NotificationChannels.InApp | NotificationChannels.Email, NotificationReaders.Customers),
        new(BookingReminder, "Booking reminders", "A reminder before each confirmed booking.", NotificationChannels.Email, NotificationReaders.Customers),
        new(BookingConfirmation, "Booking confirmation e-mail", "The e-mail with the invitation and the link to change or cancel, to whoever a booking is for.",
            NotificationChannels.Email, NotificationReaders.Customers) { HasPreference = false },
        new(BookingTeamCreated, "New bookings on the team", "A booking is made on any calendar of the team (managers).", Live | NotificationChannels.Email, NotificationReaders.Staff),
        new(Announcement, "Announcements", "A message from your managers.", Live, NotificationReaders.Everyone),
        new(WorkflowTask, "Approval tasks", "A workflow asks you to approve something, or reminds you that it is due.", Live | NotificationChannels.Email, NotificationReaders.Staff),
        new(WorkflowNotice, "Workflow notices", "A message from one of the business's workflows.", Live, NotificationReaders.Staff),
        new(ReportReady, "Report exports", "An export of a report you asked for is ready to download.", Live, NotificationReaders.Staff),
        new(AccountConfirmEmail, "Confirm e-mail address", "The link that confirms a new account's or a changed e-mail address.",
            NotificationChannels.Email, NotificationReaders.Everyone) { HasPreference = false, EmailOnly = true },
        new(AccountPasswordReset, "Password reset", "The link that lets someone choose a new password.",
            NotificationChannels.Email, NotificationReaders.Everyone) { HasPreference = false, EmailOnly = true },
        new(AccountAlreadyRegistered, "Already registered", "To an address that tried to register again: it has an account.",
            NotificationChannels.Email, NotificationReaders.Everyone) { HasPreference = false, EmailOnly = true },
        new(StaffInvitation, "Staff invitation", "The invitation to join the team, with the link to set a password.",
            NotificationChannels.Email, NotificationReaders.Staff) { HasPreference = false, EmailOnly = true },
    ];

    public static NotificationKindInfo? Find(string? kind) => All.FirstOrDefault(k => k.Kind == kind);

    /// <summary>The channels a preference may hold: browser notifications show in-app ones, so they need in-app.</summary>
    public static NotificationChannels Normalize(NotificationChannels channels)
    {
        channels &= NotificationChannels.InApp | NotificationChannels.Email | NotificationChannels.Sms | NotificationChannels.Browser;
        return channels.HasFlag(NotificationChannels.InApp) ? channels : channels & ~NotificationChannels.Browser;
    }
}
