using System.Collections.Concurrent;
using System.Net;
using OtpNet;
using Platform.Infrastructure.Seeding;

namespace Platform.Tests.Support;

/// <summary>
/// The second sign-in step for the demo's privileged accounts, whose authenticator secrets are fixed (README).
/// A code is accepted once per 30-second step, so a test that signs the same user in twice would be refused:
/// the first sign-in ticks "don't ask again on this device" and the helpers reuse that cookie for later sign-ins
/// of the same user against the same app; only when that is not possible do they wait for the next step.
/// </summary>
public static class DemoSecondFactor
{
    public const string RememberCookie = "Identity.TwoFactorRememberMe";

    /// <summary>Secrets of accounts that tests created and enrolled themselves, by e-mail.</summary>
    private static readonly ConcurrentDictionary<string, string> TestSecrets = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// A fixed secret per e-mail for accounts that tests create and enroll directly: the same in every app a test
    /// run starts, so parallel test classes that create the same account never disagree about it.
    /// </summary>
    public static string SecretFor(string email)
    {
        var secret = Base32Encoding.ToString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(email.ToLowerInvariant()))[..20]);
        Register(email, secret);
        return secret;
    }

    /// <summary>Lets the sign-in helpers answer the second step for an account a test enrolled.</summary>
    public static void Register(string email, string secret) => TestSecrets[email] = secret;

    public static bool HasSecret(string email) => DemoAccounts.AuthenticatorSecrets.ContainsKey(email) || TestSecrets.ContainsKey(email);

    /// <summary>The current code of a demo (or test-enrolled) account's authenticator.</summary>
    public static string Code(string email, DateTime? at = null) =>
        new Totp(Base32Encoding.ToBytes(DemoAccounts.AuthenticatorSecrets.TryGetValue(email, out var demo) ? demo : TestSecrets[email])).ComputeTotp(at ?? DateTime.UtcNow);

    /// <summary>
    /// The code of the step after the current one. The server accepts a code one step either side of its clock and
    /// refuses any step not later than the last it accepted, so this is the honest answer right after this step's code
    /// was used (by another sign-in of the same account), without waiting up to 30 seconds for the clock.
    /// </summary>
    public static string NextStepCode(string email) => Code(email, DateTime.UtcNow.AddSeconds(30));

    /// <summary>Waits until the next 30-second step begins, so a fresh code is not a replay of one just used.</summary>
    public static Task WaitForNextStepAsync()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var next = ((now / 30_000) + 1) * 30_000;
        return Task.Delay(TimeSpan.FromMilliseconds(next - now + 250));
    }
}

/// <summary>Remembered-device cookies of one app, by address and e-mail: what a person's browser would keep.</summary>
public sealed class RememberedDevices
{
    private readonly ConcurrentDictionary<string, Cookie> _cookies = new();

    public void Keep(Uri address, string email, Cookie cookie) => _cookies[Key(address, email)] = cookie;

    public Cookie? Find(Uri address, string email) => _cookies.TryGetValue(Key(address, email), out var cookie) ? cookie : null;

    private static string Key(Uri address, string email) => $"{address.Host}{address.AbsolutePath}|{email}";
}
