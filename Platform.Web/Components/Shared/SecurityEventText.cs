using Platform.Infrastructure.Security;

namespace Platform.Web.Components.Shared;

/// <summary>Words for security log entries, the same on every page that shows them.</summary>
public static class SecurityEventText
{
    public static string Describe(SecurityEventKind kind) => kind switch
    {
        SecurityEventKind.SignInSucceeded => "Signed in",
        SecurityEventKind.SignInFailed => "Sign-in failed",
        SecurityEventKind.LockedOut => "Locked out",
        SecurityEventKind.SecondFactorFailed => "Wrong second-step code",
        SecurityEventKind.MfaEnabled => "Two-step sign-in turned on",
        SecurityEventKind.MfaDisabled => "Two-step sign-in turned off",
        SecurityEventKind.BackupCodesGenerated => "New backup codes made",
        SecurityEventKind.BackupCodeUsed => "Backup code used",
        SecurityEventKind.PhoneVerified => "Phone verified",
        SecurityEventKind.PasskeyAdded => "Passkey added",
        SecurityEventKind.PasskeyRemoved => "Passkey removed",
        SecurityEventKind.PasskeyRenamed => "Passkey renamed",
        SecurityEventKind.PasswordChanged => "Password changed",
        SecurityEventKind.SecurityPolicyChanged => "Security settings changed",
        _ => kind.ToString(),
    };

    /// <summary>A short name of the browser for the table; the full user agent is in the cell's title.</summary>
    public static string Browser(string? userAgent) => userAgent switch
    {
        null or "" => "",
        var ua when ua.Contains("Edg/", StringComparison.Ordinal) => "Edge",
        var ua when ua.Contains("Firefox/", StringComparison.Ordinal) => "Firefox",
        var ua when ua.Contains("Chrome/", StringComparison.Ordinal) => "Chrome",
        var ua when ua.Contains("Safari/", StringComparison.Ordinal) => "Safari",
        var ua => ua.Length > 40 ? ua[..40] + "…" : ua,
    };
}
