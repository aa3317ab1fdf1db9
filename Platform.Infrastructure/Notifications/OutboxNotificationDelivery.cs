using Microsoft.EntityFrameworkCore;
using Platform.Core.Email;
using Platform.Core.Events;
using Platform.Core.Notifications;
using Platform.Core.Sms;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Events;

namespace Platform.Infrastructure.Notifications;

/// <summary>
/// Queues a notification's e-mail or SMS in the outbox (a save of its own, so whoever published is not held up
/// or rolled back by it); the dispatcher sends it, with the outbox's retries and backoff, and a message that keeps
/// failing is left for host admins to see and retry.
/// </summary>
public sealed class OutboxNotificationDelivery(IDbContextFactory<PlatformDbContext> contexts, TimeProvider clock) : INotificationDelivery
{
    public async Task DeliverAsync(OutgoingMessage message, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.OutboxMessages.Add(Outbox.Row(new SendOutgoingMessage(message.TenantId, message), clock.GetUtcNow()));
        await db.SaveChangesAsync(ct);
    }
}

/// <summary>Sends one queued message, once; throwing leaves it to the outbox to try again later.</summary>
public sealed class SendOutgoingMessageHandler(IEmailSender email, ISmsSender sms) : IMessageHandler<SendOutgoingMessage>
{
    public Task HandleAsync(SendOutgoingMessage queued, CancellationToken ct)
    {
        var message = queued.Message;
        return message.Channel switch
        {
            NotificationChannels.Email => email.SendAsync(new EmailMessage(message.To, message.Subject, message.HtmlBody ?? message.TextBody, message.TextBody) { FromName = message.FromName, Attachments = message.Attachments }, ct),
            NotificationChannels.Sms => sms.SendAsync(new SmsMessage(message.To, message.TextBody), ct),
            _ => throw new InvalidOperationException($"Only e-mail and SMS are delivered, not {message.Channel}."),
        };
    }
}
