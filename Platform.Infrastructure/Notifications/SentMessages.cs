using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Events;

namespace Platform.Infrastructure.Notifications;

/// <summary>An e-mail, SMS or push that went out, by its delivery key (<see cref="OutboxHandling.KeyFor"/>): it is not sent again.</summary>
public sealed class SentMessage : ITenantOwned
{
    public const int KeyLength = 64;

    public required string Key { get; init; }

    public Guid TenantId { get; init; }

    /// <summary><c>Email</c>, <c>Sms</c> or <c>Push</c>.</summary>
    public required string Channel { get; init; }

    public DateTimeOffset SentAt { get; init; }
}

/// <summary>
/// Sends a message once per delivery key. The record is written right after the send succeeded (send, then record): a send
/// that fails leaves no record, so the outbox tries again, and a redelivery of the message after a crash finds the record
/// and sends nothing. Only a crash in the moment between the provider accepting the message and the record's commit can
/// repeat it; the other order would lose every message whose send a crash interrupted. See ADR 0017.
/// </summary>
public sealed class SentMessages(IDbContextFactory<PlatformDbContext> contexts, ITenantContext tenantContext, TimeProvider clock, ILogger<SentMessages> logger)
{
    /// <summary>Runs <paramref name="send"/> unless a message with this key went out already; without a key, always.</summary>
    public async Task<bool> SendOnceAsync(string? key, string channel, Func<CancellationToken, Task> send, CancellationToken ct)
    {
        if (key is null)
        {
            await send(ct);
            return true;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await db.Set<SentMessage>().AnyAsync(m => m.Key == key, ct))
        {
            logger.LogInformation("The {Channel} message {Key} went out before; not sent again", channel, key);
            return false;
        }

        await send(ct);
        var tenant = tenantContext.TenantId ?? throw new InvalidOperationException("Messages are sent for a tenant.");
        db.Add(new SentMessage { Key = key, TenantId = tenant, Channel = channel, SentAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(CancellationToken.None); // it went out: record it even when the dispatcher is stopping
        return true;
    }
}
