using System.Security.Cryptography;
using System.Text;

namespace Platform.Infrastructure.Events;

/// <summary>
/// Which outbox message and handler the current (tenant) scope is running, set by the dispatcher before each handler.
/// Delivery is at least once, so a handler may run again for the same message after a crash; what it hands to people
/// (notifications, e-mails, SMS, pushes) is keyed with <see cref="KeyFor"/>, the same on every run of the same handler for
/// the same message, and a key already delivered is not delivered again. Outside a handler there are no keys.
/// </summary>
public sealed class OutboxHandling
{
    private readonly Dictionary<string, int> _seen = new(StringComparer.Ordinal);

    /// <summary>The message being handled; null outside the dispatcher.</summary>
    public Guid? MessageId { get; private set; }

    public string? Handler { get; private set; }

    /// <summary>Called by the dispatcher before it runs a handler.</summary>
    public void Enter(Guid messageId, string handler)
    {
        MessageId = messageId;
        Handler = handler;
        _seen.Clear();
    }

    /// <summary>
    /// A key (64 hex digits) for the next delivery of <paramref name="part"/> (e.g. <c>email:ann@example.com</c>) by this
    /// handler for this message: the first such delivery of a run gets the same key on every run, the second the second's.
    /// Null outside a handler, where nothing is repeated.
    /// </summary>
    public string? KeyFor(string part)
    {
        if (MessageId is not { } id)
        {
            return null;
        }

        var occurrence = _seen[part] = _seen.GetValueOrDefault(part) + 1;
        var text = $"{id:N}|{Handler}|{part}|{occurrence}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
