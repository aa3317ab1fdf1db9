using System.ComponentModel.DataAnnotations;

namespace Platform.Infrastructure.Push;

/// <summary>
/// The <c>Fcm</c> configuration section: a Firebase service account (the JSON file Google's console downloads)
/// that sends mobile push through the FCM HTTP v1 API. Without one, mobile push is off.
/// </summary>
public sealed class FcmOptions : IValidatableObject
{
    public const string Section = "Fcm";

    /// <summary>The service account JSON itself (<c>project_id</c>, <c>client_email</c>, <c>private_key</c>, <c>token_uri</c>).</summary>
    public string? ServiceAccountJson { get; set; }

    /// <summary>Or a path to the service account JSON file; relative paths are under the content root.</summary>
    public string? ServiceAccountFile { get; set; }

    /// <summary>Where the FCM API lives; tests point it at a local fake (the token endpoint comes from the JSON's <c>token_uri</c>).</summary>
    [Required]
    public Uri BaseUrl { get; set; } = new("https://fcm.googleapis.com/");

    /// <summary>How long one request to Google may take.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Whether a service account is configured.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(ServiceAccountJson) || !string.IsNullOrWhiteSpace(ServiceAccountFile);

    /// <summary>The service account, read from <see cref="ServiceAccountJson"/> or <see cref="ServiceAccountFile"/>.</summary>
    public FcmServiceAccount ReadServiceAccount() =>
        FcmServiceAccount.Parse(!string.IsNullOrWhiteSpace(ServiceAccountJson) ? ServiceAccountJson : File.ReadAllText(ServiceAccountFile!));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsConfigured)
        {
            yield break;
        }

        string? problem = null;
        try
        {
            ReadServiceAccount();
        }
        catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException)
        {
            problem = $"Fcm:ServiceAccountJson/ServiceAccountFile is not a usable service account: {ex.Message}";
        }

        if (problem is not null)
        {
            yield return new ValidationResult(problem, [nameof(ServiceAccountJson)]);
        }
    }
}
