using Platform.Core.Notifications;

namespace Platform.Infrastructure.Notifications;

/// <summary>The wording every tenant starts with, per kind and channel; a tenant may override each.</summary>
public static class DefaultTemplates
{
    public const string EmailBody = """
        <p>Hello {{ recipient_name }},</p>
        <p>{{ body }}</p>
        {% if url %}<p><a href="{{ url }}">Open it in {{ tenant_name }}</a></p>{% endif %}
        """;

    public const string SmsBody = "{{ tenant_name }}: {{ title }}. {{ body }}";

    /// <summary>
    /// The booking confirmation: <c>pending</c> is set only while the booking waits for approval, so the wording is a
    /// "request received" then; <c>address</c> (the business address on one line) only when the tenant has one. The
    /// calendar invitation travels as an attachment.
    /// </summary>
    public const string ConfirmationEmailBody = """
        <p>Hello {{ recipient_name }},</p>
        {% if pending %}<p>{{ tenant_name }} has your request and will confirm it shortly.</p>{% else %}<p>Your booking with {{ tenant_name }} is confirmed.</p>{% endif %}
        <p><strong>{{ service }}</strong> with {{ provider }}<br>{{ start }}{% if address %}<br>{{ address }}{% endif %}<br>{{ price }}</p>
        {% if url %}<p><a href="{{ url }}">Change or cancel this booking</a></p>{% endif %}
        <p>The attached invitation adds it to your calendar.</p>
        """;

    /// <summary>
    /// What the customer hears of a change to their booking (approved, declined, moved, cancelled), whoever made it: the
    /// booking, the reason where there is one, the link to it and the updated invitation (attached). <c>cancelled</c> is
    /// set when the booking no longer takes place (cancelled or declined), <c>previous_start</c> when it moved, <c>address</c>
    /// (the business address on one line) when the tenant has one; it is not shown for a booking that no longer takes place.
    /// </summary>
    public const string CustomerBookingEmailBody = """
        <p>Hello {{ recipient_name }},</p>
        <p>{{ body }}</p>
        {% if service %}<p><strong>{{ service }}</strong>{% if provider %} with {{ provider }}{% endif %}<br>{% if cancelled %}<s>{{ start }}</s>{% else %}{{ start }}{% if address %}<br>{{ address }}{% endif %}{% endif %}{% if previous_start %}<br>Before: <s>{{ previous_start }}</s>{% endif %}</p>{% endif %}
        {% if reason %}<p>Reason: {{ reason }}</p>{% endif %}
        {% if url %}<p><a href="{{ url }}">{% if cancelled %}See this booking{% else %}Change or cancel this booking{% endif %}</a></p>{% endif %}
        {% if service %}<p>{% if cancelled %}The attached update takes it out of your calendar.{% else %}The attached invitation updates your calendar.{% endif %}</p>{% endif %}
        """;

    /// <summary>What staff hear of a booking on their calendar or their team's: who, what, when, and the link to it in the app.</summary>
    public const string StaffBookingEmailBody = """
        <p>Hello {{ recipient_name }},</p>
        <p>{{ body }}</p>
        {% if customer %}<p>Customer: <strong>{{ customer }}</strong>{% if service %}<br>{{ service }}{% if provider %} with {{ provider }}{% endif %}{% endif %}{% if start %}<br>{{ start }}{% endif %}</p>{% endif %}
        {% if url %}<p><a href="{{ url }}">Open the booking in {{ tenant_name }}</a></p>{% endif %}
        """;

    /// <summary>The link that confirms an e-mail address.</summary>
    public const string ConfirmEmailBody = """
        <p>Hello {{ recipient_name }},</p>
        <p>Please confirm your e-mail address for your account with {{ tenant_name }}.</p>
        <p><a href="{{ url }}">Confirm e-mail</a></p>
        <p>If you did not ask for an account, ignore this e-mail.</p>
        """;

    /// <summary>The link (or, through the API, the code) that resets a password.</summary>
    public const string PasswordResetBody = """
        <p>Hello {{ recipient_name }},</p>
        <p>Someone asked to reset the password of your account with {{ tenant_name }}. If it was you, {% if code %}enter this code: <strong>{{ code }}</strong>{% else %}follow this link:{% endif %}</p>
        {% if url %}<p><a href="{{ url }}">Reset password</a></p>{% endif %}
        <p>Otherwise ignore this e-mail: your password stays as it is.</p>
        """;

    /// <summary>To an address that tried to register again.</summary>
    public const string AlreadyRegisteredBody = """
        <p>Hello {{ recipient_name }},</p>
        <p>Someone tried to create an account with {{ tenant_name }} using this e-mail address, which already has one.</p>
        <p><a href="{{ url }}">Sign in</a> or <a href="{{ reset_url }}">reset your password</a>. If it was not you, ignore this e-mail.</p>
        """;

    /// <summary>The invitation to join the staff.</summary>
    public const string StaffInvitationBody = """
        <p>Hello {{ recipient_name }},</p>
        <p>{{ tenant_name }} invites you to join as {{ role }}.</p>
        <p><a href="{{ url }}">Accept the invitation and set your password</a></p>
        <p>The link works for {{ valid_days }} days.</p>
        """;

    /// <summary>The variables every template can use, with sample values for the preview.</summary>
    public static readonly IReadOnlyDictionary<string, string> SampleValues = new Dictionary<string, string>
    {
        ["recipient_name"] = "Carla Customer",
        ["tenant_name"] = "Your business",
        ["title"] = "Booking confirmed",
        ["body"] = "Initial assessment with Jo Chen on Tuesday 1 December at 10:00.",
        ["url"] = "https://example.com/manage",
        ["service"] = "Initial assessment",
        ["provider"] = "Jo Chen",
        ["customer"] = "Carla Customer",
        ["start"] = "Tuesday 1 December, 10:00",
    };

    /// <summary>The business address of the samples, on one line as the e-mails get it.</summary>
    public const string SampleAddress = "12 High Street, Springfield";

    /// <summary>The sample values of one kind: the confirmation also has a price (and no <c>pending</c>: the confirmed wording).</summary>
    public static IReadOnlyDictionary<string, string> SampleValuesFor(string kind) => kind switch
    {
        NotificationKinds.BookingConfirmation => new Dictionary<string, string>(SampleValues) { ["title"] = "Booking confirmed", ["price"] = "70.00 USD", ["address"] = SampleAddress },
        NotificationKinds.BookingChanged => new Dictionary<string, string>(SampleValues)
        {
            ["address"] = SampleAddress,
            ["title"] = "Your booking has moved",
            ["body"] = "Your booking with Your business has moved to another time.",
            ["previous_start"] = "Monday 30 November, 15:00",
        },
        NotificationKinds.AccountPasswordReset or NotificationKinds.AccountConfirmEmail => new Dictionary<string, string>(SampleValues) { ["title"] = "" },
        NotificationKinds.AccountAlreadyRegistered => new Dictionary<string, string>(SampleValues) { ["reset_url"] = "https://example.com/reset" },
        NotificationKinds.StaffInvitation => new Dictionary<string, string>(SampleValues) { ["role"] = "Staff", ["valid_days"] = "7" },
        _ => SampleValues,
    };

    public static (string Subject, string Body) For(string kind, NotificationChannels channel) => channel switch
    {
        NotificationChannels.Sms => ("", SmsBody),
        _ => (Subject(kind), kind switch
        {
            NotificationKinds.BookingConfirmation => ConfirmationEmailBody,
            NotificationKinds.BookingConfirmed or NotificationKinds.BookingChanged => CustomerBookingEmailBody,
            NotificationKinds.BookingCreated or NotificationKinds.BookingCancelled or NotificationKinds.BookingRescheduled
                or NotificationKinds.BookingAwaitingApproval or NotificationKinds.BookingTeamCreated => StaffBookingEmailBody,
            NotificationKinds.AccountConfirmEmail => ConfirmEmailBody,
            NotificationKinds.AccountPasswordReset => PasswordResetBody,
            NotificationKinds.AccountAlreadyRegistered => AlreadyRegisteredBody,
            NotificationKinds.StaffInvitation => StaffInvitationBody,
            _ => EmailBody,
        }),
    };

    private static string Subject(string kind) => kind switch
    {
        NotificationKinds.BookingConfirmed => "Your booking{% if service %} for {{ service }}{% endif %} is confirmed",
        NotificationKinds.BookingChanged => "{% if title %}{{ title }}{% else %}Your booking has changed{% endif %}{% if service %}: {{ service }}{% endif %}",
        NotificationKinds.AccountConfirmEmail => "Confirm your e-mail for {{ tenant_name }}",
        NotificationKinds.AccountPasswordReset => "{% if code %}Your {{ tenant_name }} password reset code{% else %}Reset your {{ tenant_name }} password{% endif %}",
        NotificationKinds.AccountAlreadyRegistered => "You already have an account with {{ tenant_name }}",
        NotificationKinds.StaffInvitation => "You are invited to {{ tenant_name }}",
        NotificationKinds.BookingAwaitingApproval => "A booking waits for your approval",
        NotificationKinds.BookingReminder => "Reminder: {{ service }} on {{ start }}",
        NotificationKinds.BookingConfirmation => "{% if pending %}Booking request received{% else %}Booking confirmed{% endif %}: {{ service }}",
        _ => "{{ title }}",
    };
}
