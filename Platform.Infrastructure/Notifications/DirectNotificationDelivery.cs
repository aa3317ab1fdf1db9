using Microsoft.Extensions.Logging;
using Platform.Core.Email;
using Platform.Core.Notifications;
using Platform.Core.Sms;

namespace Platform.Infrastructure.Notifications;

/// <summary>
/// Sends a notification's e-mail or SMS right away, trying three times with a short pause. Stands in
/// until the outbox merges: then delivery enqueues there and the outbox's dispatcher retries for longer.
/// A message that still fails is logged, never thrown at the person who caused the notification.
/// </summary>
public sealed class DirectNotificationDelivery(IEmailSender email, ISmsSender sms, TimeProvider clock, ILogger<DirectNotificationDelivery> logger)
    : INotificationDelivery
{
    public const int Attempts = 3;

    public async Task DeliverAsync(OutgoingMessage message, CancellationToken ct = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await SendAsync(message, ct);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                if (attempt >= Attempts)
                {
                    logger.LogError(e, "Gave up sending a {Channel} notification of tenant {TenantId} after {Attempts} attempts", message.Channel, message.TenantId, attempt);
                    return;
                }

                logger.LogWarning(e, "Sending a {Channel} notification of tenant {TenantId} failed (attempt {Attempt}); retrying", message.Channel, message.TenantId, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), clock, ct);
            }
        }
    }

    private Task SendAsync(OutgoingMessage message, CancellationToken ct) => message.Channel switch
    {
        NotificationChannels.Email => email.SendAsync(new EmailMessage(message.To, message.Subject, message.HtmlBody ?? message.TextBody, message.TextBody) { FromName = message.FromName }, ct),
        NotificationChannels.Sms => sms.SendAsync(new SmsMessage(message.To, message.TextBody), ct),
        _ => throw new ArgumentOutOfRangeException(nameof(message), message.Channel, "Only e-mail and SMS are delivered."),
    };
}
