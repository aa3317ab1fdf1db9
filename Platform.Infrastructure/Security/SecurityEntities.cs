using Platform.Core.Tenancy;
using Platform.Infrastructure.Data;

namespace Platform.Infrastructure.Security;

/// <summary>
/// A user's second factors beyond what Identity stores itself: whether the authenticator app is confirmed,
/// and the last TOTP time step accepted, so a code is never accepted twice.
/// </summary>
public sealed class MfaState : IUserTenantOwned
{
    public required Guid UserId { get; init; }

    public Guid? TenantId { get; set; }

    /// <summary>Set once the user proved the app works by entering a first valid code.</summary>
    public DateTimeOffset? AuthenticatorConfirmedAt { get; set; }

    /// <summary>The time step of the last accepted authenticator code; codes of this step or earlier are refused.</summary>
    public long LastTotpStep { get; set; }

    /// <summary>Set when the user chose their verified phone as a second factor.</summary>
    public DateTimeOffset? SmsEnabledAt { get; set; }
}

/// <summary>One single-use backup code, stored as its SHA-256 hash.</summary>
public sealed class BackupCode : IUserTenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required Guid UserId { get; init; }

    public Guid? TenantId { get; set; }

    public required string Hash { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? UsedAt { get; set; }
}

/// <summary>Why a text-message code was sent: to prove a phone number, or to sign in with it.</summary>
public enum SmsCodePurpose
{
    VerifyPhone,
    SignIn,
}

/// <summary>A code sent by text message: hashed, single-use, valid for a few minutes.</summary>
public sealed class SmsCode : IUserTenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required Guid UserId { get; init; }

    public Guid? TenantId { get; set; }

    public required string PhoneNumber { get; init; }

    public required SmsCodePurpose Purpose { get; init; }

    public required string Hash { get; init; }

    public DateTimeOffset SentAt { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }

    public DateTimeOffset? UsedAt { get; set; }
}

/// <summary>A tenant's security rules, set by its admins on the App settings page.</summary>
public sealed class TenantSecurityPolicy : ITenantOwned
{
    public Guid TenantId { get; set; }

    /// <summary>Every staff member (not only admins and managers) must set up a second factor.</summary>
    public bool RequireMfaForStaff { get; set; }
}

/// <summary>What happened, in the security log.</summary>
public enum SecurityEventKind
{
    SignInSucceeded,
    SignInFailed,
    LockedOut,
    SecondFactorFailed,
    MfaEnabled,
    MfaDisabled,
    BackupCodesGenerated,
    BackupCodeUsed,
    PhoneVerified,
    PasskeyAdded,
    PasskeyRemoved,
    PasswordChanged,
    SecurityPolicyChanged,
    PasskeyRenamed,
}

/// <summary>
/// One entry of the security log. Append-only: the DbContext refuses to update or delete it. It names the
/// user by id and e-mail without a foreign key, so the log outlives a deleted account.
/// </summary>
public sealed class SecurityEvent : IUserTenantOwned, IAppendOnly
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid? TenantId { get; set; }

    public Guid? UserId { get; init; }

    public required string Email { get; init; }

    public required SecurityEventKind Kind { get; init; }

    public string? Detail { get; init; }

    public DateTimeOffset At { get; init; }

    public string? IpAddress { get; init; }

    public string? UserAgent { get; init; }
}
