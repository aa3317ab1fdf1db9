namespace Platform.Core.Notifications;

/// <summary>
/// Who a notification is for, inside the current tenant. There is deliberately no tenant here: the
/// publisher takes it from the scope, so a notification for another tenant cannot be expressed.
/// </summary>
public abstract record NotificationAudience
{
    private NotificationAudience()
    {
    }

    /// <summary>One person of the current tenant.</summary>
    public sealed record User(Guid UserId) : NotificationAudience;

    /// <summary>Everyone of the current tenant in a role (<see cref="Identity.PlatformRoles"/>).</summary>
    public sealed record Role(string Name) : NotificationAudience;

    /// <summary>Everyone of the current tenant: staff and customers.</summary>
    public sealed record Tenant : NotificationAudience;

    /// <summary>Everyone of the current tenant's staff (admins, managers, staff).</summary>
    public sealed record Staff : NotificationAudience;
}

/// <summary>
/// A notification to publish. <see cref="Values"/> fill the e-mail and SMS templates
/// (<c>{{ service }}</c>, <c>{{ start }}</c>, ...) beside the standard <c>title</c>, <c>body</c>, <c>link</c>,
/// <c>recipient_name</c> and <c>tenant_name</c>.
/// </summary>
public sealed record NotificationRequest(string Kind, NotificationAudience Audience, string Title, string Body = "", string? Link = null)
{
    public IReadOnlyDictionary<string, string> Values { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Channels this publish leaves out whatever the preferences say: the customer's booking e-mail, for one, is sent with
    /// its calendar invitation by the booking's own handler, not as a plain notification e-mail.
    /// </summary>
    public NotificationChannels Without { get; init; }

    /// <summary>People of the audience not told, such as the one who acted or a provider told already by another kind.</summary>
    public IReadOnlyCollection<Guid> Except { get; init; } = [];
}

/// <summary>What publishing did: the notifications stored (one per in-app recipient) and the messages queued.</summary>
public sealed record PublishResult(int Recipients, int Stored, int MessagesQueued);

/// <summary>A notification as a circuit or the API shows it.</summary>
public sealed record NotificationItem(Guid Id, string Kind, string Title, string Body, string? Link, DateTimeOffset CreatedAt, bool IsRead)
{
    public static NotificationItem From(Notification n) => new(n.Id, n.Kind, n.Title, n.Body, n.Link, n.CreatedAt, n.IsRead);
}
