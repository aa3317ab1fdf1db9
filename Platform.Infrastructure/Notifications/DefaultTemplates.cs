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
    /// "request received" then. The calendar invitation travels as an attachment.
    /// </summary>
    public const string ConfirmationEmailBody = """
        <p>Hello {{ recipient_name }},</p>
        {% if pending %}<p>{{ tenant_name }} has your request and will confirm it shortly.</p>{% else %}<p>Your booking with {{ tenant_name }} is confirmed.</p>{% endif %}
        <p><strong>{{ service }}</strong> with {{ provider }}<br>{{ start }}<br>{{ price }}</p>
        {% if url %}<p><a href="{{ url }}">Change or cancel this booking</a></p>{% endif %}
        <p>The attached invitation adds it to your calendar.</p>
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

    /// <summary>The sample values of one kind: the confirmation also has a price (and no <c>pending</c>: the confirmed wording).</summary>
    public static IReadOnlyDictionary<string, string> SampleValuesFor(string kind) => kind == NotificationKinds.BookingConfirmation
        ? new Dictionary<string, string>(SampleValues) { ["title"] = "Booking confirmed", ["price"] = "70.00 USD" }
        : SampleValues;

    public static (string Subject, string Body) For(string kind, NotificationChannels channel) => channel switch
    {
        NotificationChannels.Sms => ("", SmsBody),
        _ when kind == NotificationKinds.BookingConfirmation => (Subject(kind), ConfirmationEmailBody),
        _ => (Subject(kind), EmailBody),
    };

    private static string Subject(string kind) => kind switch
    {
        NotificationKinds.BookingConfirmed => "Your booking{% if service %} for {{ service }}{% endif %} is confirmed",
        NotificationKinds.BookingChanged => "Your booking{% if service %} for {{ service }}{% endif %} has changed",
        NotificationKinds.BookingAwaitingApproval => "A booking waits for your approval",
        NotificationKinds.BookingReminder => "Reminder: {{ service }} on {{ start }}",
        NotificationKinds.BookingConfirmation => "{% if pending %}Booking request received{% else %}Booking confirmed{% endif %}: {{ service }}",
        _ => "{{ title }}",
    };
}
