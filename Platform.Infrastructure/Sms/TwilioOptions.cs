using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Platform.Infrastructure.Sms;

/// <summary>
/// The <c>Sms:Twilio</c> configuration section. When <see cref="AccountSid"/> is set, text messages go
/// through Twilio's Messages REST API instead of the pickup folder.
/// </summary>
public sealed class TwilioOptions : IValidatableObject
{
    public const string Section = "Sms:Twilio";

    /// <summary>The account SID (<c>AC...</c>); it is also the user name of the basic authentication.</summary>
    public string? AccountSid { get; set; }

    /// <summary>The auth token. Keep it in user secrets or the environment, never in the repository.</summary>
    public string? AuthToken { get; set; }

    /// <summary>The sender: a Twilio phone number in E.164 form or an alphanumeric sender id.</summary>
    public string? From { get; set; }

    /// <summary>A messaging service (<c>MG...</c>) to send from instead of <see cref="From"/>.</summary>
    public string? MessagingServiceSid { get; set; }

    /// <summary>Where the API lives; tests point it at a local fake.</summary>
    [Required]
    public Uri BaseUrl { get; set; } = new("https://api.twilio.com/");

    /// <summary>How long one attempt may take before it counts as a (retried) failure.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a send may take in all, retries and their waits included.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:30:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Retries after the first attempt on 5xx, 429, timeouts and connection failures.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first retry's wait; it doubles with each retry (with jitter) unless Twilio sends <c>Retry-After</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Whether a Twilio account is configured in <paramref name="configuration"/>.</summary>
    public static bool IsConfiguredIn(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration.GetSection(Section)[nameof(AccountSid)]);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(AccountSid))
        {
            yield break;
        }

        if (string.IsNullOrWhiteSpace(AuthToken))
        {
            yield return new ValidationResult("Sms:Twilio:AuthToken is required with an AccountSid.", [nameof(AuthToken)]);
        }

        if (string.IsNullOrWhiteSpace(From) && string.IsNullOrWhiteSpace(MessagingServiceSid))
        {
            yield return new ValidationResult("Sms:Twilio:From or Sms:Twilio:MessagingServiceSid is required with an AccountSid.", [nameof(From)]);
        }
    }
}
