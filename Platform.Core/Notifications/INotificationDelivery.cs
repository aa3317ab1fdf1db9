namespace Platform.Core.Notifications;

/// <summary>
/// Hands a rendered e-mail or SMS over for sending with retries. The direct implementation sends now
/// (retrying a few times); once the outbox exists it enqueues there instead, so a failed send is
/// retried later and never lost.
/// </summary>
public interface INotificationDelivery
{
    Task DeliverAsync(OutgoingMessage message, CancellationToken ct = default);
}

/// <summary>One rendered message for one address, of one tenant.</summary>
/// <param name="Channel"><see cref="NotificationChannels.Email"/> or <see cref="NotificationChannels.Sms"/>.</param>
/// <param name="To">An e-mail address, or a phone number in E.164 form.</param>
/// <param name="HtmlBody">The e-mail's HTML; null for SMS.</param>
public sealed record OutgoingMessage(Guid TenantId, NotificationChannels Channel, string To, string FromName, string Subject, string TextBody, string? HtmlBody)
{
    /// <summary>Files an e-mail carries, such as a booking's calendar invitation; none for SMS.</summary>
    public IReadOnlyList<Email.EmailAttachment> Attachments { get; init; } = [];
}
