namespace Platform.Core.Events;

/// <summary>A tenant admin invited someone to join the staff with a role.</summary>
[MessageType("staff.invited")]
public sealed record StaffInvited(Guid TenantId, DateTimeOffset OccurredAt, Guid InvitationId, string Email, string DisplayName, string Role, Guid InvitedByUserId)
    : IDomainEvent;

/// <summary>How a user proves a second factor.</summary>
public enum MfaMethod
{
    Totp = 0,
    BackupCodes = 1,
    Sms = 2,
    Passkey = 3,
}

/// <summary>
/// A user switched a second factor on or off (or regenerated backup codes: <see cref="Enabled"/> stays true).
/// Raised by the MFA use cases; a host user's change has no tenant and is not an outbox message.
/// </summary>
[MessageType("account.mfa_changed")]
public sealed record MfaChanged(Guid TenantId, DateTimeOffset OccurredAt, Guid UserId, MfaMethod Method, bool Enabled, Guid? ByUserId)
    : IDomainEvent;
