using Platform.Core.Tenancy;

namespace Platform.Core.Notifications;

/// <summary>
/// One notification for one person, with its own read state: a notification for a role or a whole
/// tenant becomes one of these per recipient when it is published.
/// </summary>
public sealed class Notification : ITenantOwned
{
    public const int MaxTitleLength = 200;
    public const int MaxBodyLength = 2000;
    public const int MaxLinkLength = 500;

    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    public Guid UserId { get; init; }

    /// <summary>One of <see cref="NotificationKinds"/>.</summary>
    public required string Kind { get; init; }

    public required string Title { get; init; }

    public string Body { get; init; } = "";

    /// <summary>Where clicking it leads, relative to the tenant's address (e.g. <c>app/calendar?date=2026-11-24</c>).</summary>
    public string? Link { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>What published it, when an outbox handler did (a key of the event and handler): one notification per source and person.</summary>
    public string? SourceKey { get; init; }

    public DateTimeOffset? ReadAt { get; private set; }

    public bool IsRead => ReadAt is not null;

    /// <summary>Marks it read once; true when it was unread.</summary>
    public bool MarkRead(DateTimeOffset now)
    {
        if (ReadAt is not null)
        {
            return false;
        }

        ReadAt = now;
        return true;
    }
}

/// <summary>A person's own choice of channels for one kind; absent means the kind's defaults.</summary>
public sealed class NotificationPreference : ITenantOwned
{
    public Guid TenantId { get; init; }

    public Guid UserId { get; init; }

    public required string Kind { get; init; }

    public NotificationChannels Channels { get; set; }
}

/// <summary>A tenant's own wording of the e-mail or SMS for one kind; absent means the shipped default.</summary>
public sealed class NotificationTemplate : ITenantOwned
{
    public const int MaxSubjectLength = 300;
    public const int MaxBodyLength = 20_000;

    public Guid TenantId { get; init; }

    public required string Kind { get; init; }

    /// <summary><see cref="NotificationChannels.Email"/> or <see cref="NotificationChannels.Sms"/>.</summary>
    public NotificationChannels Channel { get; init; }

    /// <summary>The e-mail's subject (Liquid); unused for SMS.</summary>
    public string Subject { get; set; } = "";

    /// <summary>The message (Liquid): for e-mail the HTML inside the tenant's layout, for SMS plain text.</summary>
    public string Body { get; set; } = "";

    public DateTimeOffset UpdatedAt { get; set; }
}
