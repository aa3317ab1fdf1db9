using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Platform.Infrastructure.Identity;

namespace Platform.Infrastructure.Security;

/// <summary>The names Identity's two-factor sign-in knows our providers by.</summary>
public static class TwoFactorProviders
{
    /// <summary>Identity's own name for the authenticator provider (<c>TokenOptions.DefaultAuthenticatorProvider</c>), replaced by ours.</summary>
    public static readonly string Authenticator = TokenOptions.DefaultAuthenticatorProvider;
    public const string BackupCode = "BackupCode";
    public const string Sms = "Sms";
}

/// <summary>
/// Authenticator-app codes for SignInManager's two-factor sign-in, with drift of one step and no replay.
/// UserManager creates its token providers, so they take <see cref="SecondFactors"/> (which needs a UserManager) when called.
/// </summary>
public sealed class AuthenticatorCodeProvider(IServiceProvider services) : IUserTwoFactorTokenProvider<PlatformUser>
{
    public Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<PlatformUser> manager, PlatformUser user) =>
        services.GetRequiredService<SecondFactors>().IsAuthenticatorConfirmedAsync(user);

    public Task<string> GenerateAsync(string purpose, UserManager<PlatformUser> manager, PlatformUser user) => Task.FromResult(""); // the app makes the codes

    public Task<bool> ValidateAsync(string purpose, string token, UserManager<PlatformUser> manager, PlatformUser user) =>
        services.GetRequiredService<SecondFactors>().VerifyAuthenticatorAsync(user, token);
}

/// <summary>Backup codes as a two-factor provider, so a wrong one counts towards lockout like any other code.</summary>
public sealed class BackupCodeProvider(BackupCodes codes, SecurityLog log) : IUserTwoFactorTokenProvider<PlatformUser>
{
    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<PlatformUser> manager, PlatformUser user) => await codes.RemainingAsync(user) > 0;

    public Task<string> GenerateAsync(string purpose, UserManager<PlatformUser> manager, PlatformUser user) => Task.FromResult("");

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<PlatformUser> manager, PlatformUser user)
    {
        if (!await codes.RedeemAsync(user, token))
        {
            return false;
        }

        await log.RecordAsync(user, SecurityEventKind.BackupCodeUsed, $"{await codes.RemainingAsync(user)} left");
        return true;
    }
}

/// <summary>Text-message codes as a two-factor provider; the sign-in page sends them through <see cref="SmsCodes"/>.</summary>
public sealed class SmsCodeProvider(IServiceProvider services, SmsCodes codes) : IUserTwoFactorTokenProvider<PlatformUser>
{
    public Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<PlatformUser> manager, PlatformUser user) =>
        services.GetRequiredService<SecondFactors>().IsSmsEnabledAsync(user);

    public Task<string> GenerateAsync(string purpose, UserManager<PlatformUser> manager, PlatformUser user) => Task.FromResult("");

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<PlatformUser> manager, PlatformUser user) =>
        await services.GetRequiredService<SecondFactors>().IsSmsEnabledAsync(user) && await codes.RedeemAsync(user, SmsCodePurpose.SignIn, token) == user.PhoneNumber;
}
