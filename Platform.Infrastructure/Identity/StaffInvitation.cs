using Platform.Core.Identity;
using Platform.Core.Tenancy;

namespace Platform.Infrastructure.Identity;

/// <summary>A tenant admin's invitation to a new staff member: a link that lets them set a password.</summary>
public sealed class StaffInvitation : ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    public required string Email { get; init; }

    public required string DisplayName { get; init; }

    public required string Role { get; init; }

    /// <summary>SHA-256 of the token in the link; the token itself is never stored.</summary>
    public required string TokenHash { get; init; }

    public Guid InvitedByUserId { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }

    public DateTimeOffset? AcceptedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>Where the invitation stands at <paramref name="now"/>, by the rules in <see cref="InvitationLifetime"/>.</summary>
    public InvitationState StateAt(DateTimeOffset now) => InvitationLifetime.StateAt(AcceptedAt, RevokedAt, ExpiresAt, now);

    public bool IsOpen(DateTimeOffset now) => InvitationLifetime.IsOpen(AcceptedAt, RevokedAt, ExpiresAt, now);
}
