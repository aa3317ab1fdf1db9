using System.ComponentModel.DataAnnotations;

namespace Platform.Infrastructure.Sms;

/// <summary>The <c>Sms</c> configuration section. Without a Twilio account, messages go to <see cref="PickupDirectory"/>.</summary>
public sealed class SmsOptions
{
    public const string Section = "Sms";

    /// <summary>Folder of .txt messages used when no Twilio account is set; relative paths are under the content root.</summary>
    [Required]
    public string PickupDirectory { get; set; } = "App_Data/sms";
}
