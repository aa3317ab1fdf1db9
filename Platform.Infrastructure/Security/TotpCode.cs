using System.Security.Cryptography;
using OtpNet;

namespace Platform.Infrastructure.Security;

/// <summary>
/// Authenticator-app codes (RFC 6238: six digits, 30-second steps, SHA-1, as every authenticator app expects).
/// A code is accepted for its own step and one step either side, for clocks that drift.
/// </summary>
public static class TotpCode
{
    public const int StepSeconds = 30;
    public const int Digits = 6;

    /// <summary>A fresh secret of 160 bits, Base32 as authenticator apps take it.</summary>
    public static string NewSecret() => Base32Encoding.ToString(RandomNumberGenerator.GetBytes(20));

    /// <summary>The code of the step that contains <paramref name="at"/>.</summary>
    public static string Compute(string secret, DateTimeOffset at) => Totp(secret).ComputeTotp(at.UtcDateTime);

    /// <summary>The matching time step when <paramref name="code"/> is valid at <paramref name="now"/> (±1 step), otherwise null.</summary>
    public static long? Match(string secret, string code, DateTimeOffset now)
    {
        var digits = Normalize(code);
        if (digits is null || !TryDecode(secret, out var key))
        {
            return null;
        }

        var totp = new Totp(key, StepSeconds, OtpHashMode.Sha1, Digits);
        return totp.VerifyTotp(now.UtcDateTime, digits, out var step, new VerificationWindow(previous: 1, future: 1)) ? step : null;
    }

    /// <summary>The six digits of a code as typed (spaces and dashes allowed), or null when it is not one.</summary>
    public static string? Normalize(string? code)
    {
        var digits = new string((code ?? "").Where(c => c is not (' ' or '-')).ToArray());
        return digits.Length == Digits && digits.All(char.IsAsciiDigit) ? digits : null;
    }

    /// <summary>The otpauth:// address a QR code carries, as authenticator apps read it.</summary>
    public static string AuthenticatorUri(string issuer, string account, string secret) =>
        $"otpauth://totp/{Uri.EscapeDataString(issuer)}:{Uri.EscapeDataString(account)}?secret={secret}&issuer={Uri.EscapeDataString(issuer)}&digits={Digits}&period={StepSeconds}";

    /// <summary>The secret in groups of four, easier to type into an app.</summary>
    public static string Grouped(string secret) =>
        string.Join(' ', Enumerable.Range(0, (secret.Length + 3) / 4).Select(i => secret.Substring(i * 4, Math.Min(4, secret.Length - (i * 4)))));

    private static Totp Totp(string secret) => new(Base32Encoding.ToBytes(secret), StepSeconds, OtpHashMode.Sha1, Digits);

    private static bool TryDecode(string secret, out byte[] key)
    {
        try
        {
            key = Base32Encoding.ToBytes(secret);
            return key.Length > 0;
        }
        catch (ArgumentException)
        {
            key = [];
            return false;
        }
    }
}
