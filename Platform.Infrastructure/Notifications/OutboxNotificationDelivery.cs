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
/// failing is left for host admins to see and retry. Queued by an outbox handler, the message carries a delivery key
/// of that handler's run (<see cref="OutboxHandling.KeyFor"/>), so a handler that runs again for the same event queues
/// a message that is not sent again.
/// </summary>
public sealed class OutboxNotificationDelivery(IDbContextFactory<PlatformDbContext> contexts, OutboxHandling handling, TimeProvider clock) : INotificationDelivery
{
    public async Task DeliverAsync(OutgoingMessage message, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var key = handling.KeyFor($"{message.Channel}:{message.To}");
        db.OutboxMessages.Add(Outbox.Row(new SendOutgoingMessage(message.TenantId, message) { DedupeKey = key }, clock.GetUtcNow()));
        await db.SaveChangesAsync(ct);
    }
}

/// <summary>
/// Sends one queued message, once per delivery key (the key it was queued with, else its own outbox message's):
/// a redelivered message that went out already is not sent again. Throwing leaves it to the outbox to try again later.
/// </summary>
public sealed class SendOutgoingMessageHandler(IEmailSender email, ISmsSender sms, SentMessages sent, OutboxHandling handling) : IMessageHandler<SendOutgoingMessage>
{
    public async Task HandleAsync(SendOutgoingMessage queued, CancellationToken ct)
    {
        var message = queued.Message;
        var key = queued.DedupeKey ?? handling.KeyFor($"{message.Channel}:{message.To}");
        await sent.SendOnceAsync(key, message.Channel.ToString(), token => message.Channel switch
        {
            NotificationChannels.Email => email.SendAsync(new EmailMessage(message.To, message.Subject, message.HtmlBody ?? message.TextBody, message.TextBody) { FromName = message.FromName, Attachments = message.Attachments }, token),
            NotificationChannels.Sms => sms.SendAsync(new SmsMessage(message.To, message.TextBody), token),
            _ => throw new InvalidOperationException($"Only e-mail and SMS are delivered, not {message.Channel}."),
        }, ct);
    }
}
