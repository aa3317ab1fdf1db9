using Platform.Core.Push;
using Platform.Core.Tenancy;

namespace Platform.Core.Notifications;

/// <summary>
/// One browser of one person that receives their notifications through Web Push, even with Platform closed.
/// The browser makes it (the Push API's subscription) when the person turns push on; a push service that
/// answers "gone" deletes it.
/// </summary>
public sealed class BrowserPushSubscription : ITenantOwned
{
    public const int MaxEndpointLength = 2000;
    public const int MaxUserAgentLength = 300;

    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    /// <summary>Whose notifications it gets; moves to whoever turns push on in the same browser later.</summary>
    public Guid UserId { get; set; }

    /// <summary>The push service's address for this browser; unique per tenant.</summary>
    public required string Endpoint { get; init; }

    /// <summary>The browser's P-256 public key (65 bytes, base64url).</summary>
    public required string P256dh { get; set; }

    /// <summary>The browser's 16-byte authentication secret (base64url).</summary>
    public required string Auth { get; set; }

    /// <summary>The browser as it named itself, so the person can tell their devices apart.</summary>
    public string? UserAgent { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public PushSubscription ToSubscription() => new(Endpoint, P256dh, Auth);
}
