using Microsoft.AspNetCore.Identity;
using Platform.Infrastructure.Identity;
using Platform.Infrastructure.Security;

namespace Platform.Web.Components.Account;

/// <summary>
/// Finishes the second step of signing in, whatever the code was (app, backup, text message): Identity's
/// two-factor sign-in checks it and counts a wrong one towards lockout; this logs the outcome and goes on.
/// </summary>
internal sealed class SecondStepSignIn(
    SignInManager<PlatformUser> signInManager,
    UserManager<PlatformUser> userManager,
    SecurityLog log,
    IdentityRedirectManager redirect)
{
    public const string WrongCodeMessage = "Error: " + SecondFactors.WrongCodeMessage;

    /// <summary>The user who passed the password step, or null (their two-step cookie expired or never existed).</summary>
    public Task<PlatformUser?> PendingUserAsync() => signInManager.GetTwoFactorAuthenticationUserAsync();

    /// <summary>
    /// Signs in with <paramref name="code"/>; on success or lockout it redirects and returns null (the redirect does not
    /// end the request, so nothing may follow it), otherwise it logs the wrong code and returns the message to show.
    /// </summary>
    public async Task<string?> SignInAsync(PlatformUser user, string provider, string? code, bool rememberMe, bool rememberDevice, string? returnUrl, string method)
    {
        var compact = (code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        var result = provider == TwoFactorProviders.Authenticator
            ? await signInManager.TwoFactorAuthenticatorSignInAsync(compact, rememberMe, rememberDevice)
            : await signInManager.TwoFactorSignInAsync(provider, compact, rememberMe, rememberDevice);
        if (result.Succeeded)
        {
            await log.RecordAsync(user, SecurityEventKind.SignInSucceeded, $"Password and {method}");
            redirect.RedirectTo(string.IsNullOrEmpty(returnUrl) ? await SignInLanding.ForAsync(userManager, user) : returnUrl);
            return null;
        }

        if (result.IsLockedOut)
        {
            await log.RecordAsync(user, SecurityEventKind.LockedOut, method);
            redirect.RedirectTo("Account/Lockout");
            return null;
        }

        await log.RecordAsync(user, SecurityEventKind.SecondFactorFailed, $"Sign-in: wrong {method}");
        return provider switch
        {
            TwoFactorProviders.BackupCode => "Error: That backup code is not valid or was already used.",
            TwoFactorProviders.Sms => "Error: " + SecondFactors.WrongTextCodeMessage,
            _ => WrongCodeMessage,
        };
    }
}
