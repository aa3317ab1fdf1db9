using System.ComponentModel.DataAnnotations;

namespace Platform.Infrastructure.Push;

/// <summary>
/// The <c>Push:Vapid</c> configuration section: the application server's P-256 key pair that signs Web Push
/// requests (RFC 8292) and the contact the push services may write to. Without keys, Web Push is off.
/// </summary>
public sealed class VapidOptions : IValidatableObject
{
    public const string Section = "Push:Vapid";

    /// <summary>The public key: the uncompressed P-256 point (65 bytes), base64url. Browsers subscribe with it.</summary>
    public string? PublicKey { get; set; }

    /// <summary>The private key: the P-256 scalar (32 bytes), base64url. Keep it in user secrets or the environment.</summary>
    public string? PrivateKey { get; set; }

    /// <summary>A <c>mailto:</c> or <c>https:</c> contact for the push services (the JWT's <c>sub</c>).</summary>
    public string? Subject { get; set; }

    /// <summary>How long one request to a push service may take.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Whether a key pair is configured.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(PublicKey) || !string.IsNullOrWhiteSpace(PrivateKey);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsConfigured)
        {
            yield break;
        }

        string? problem = null;
        try
        {
            VapidKeys.Import(PublicKey ?? "", PrivateKey ?? "").Dispose();
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or System.Security.Cryptography.CryptographicException)
        {
            problem = $"Push:Vapid:PublicKey and PrivateKey must be a P-256 key pair in base64url: {ex.Message}";
        }

        if (problem is not null)
        {
            yield return new ValidationResult(problem, [nameof(PublicKey), nameof(PrivateKey)]);
        }

        if (string.IsNullOrWhiteSpace(Subject)
            || !(Subject.StartsWith("mailto:", StringComparison.Ordinal) || Subject.StartsWith("https://", StringComparison.Ordinal)))
        {
            yield return new ValidationResult("Push:Vapid:Subject must be a mailto: or https: contact.", [nameof(Subject)]);
        }
    }
}
