using System.ComponentModel.DataAnnotations;

namespace Platform.Infrastructure.Email;

/// <summary>The <c>Email</c> configuration section. Without <see cref="SmtpHost"/>, mail goes to <see cref="PickupDirectory"/>.</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    [Required, EmailAddress]
    public string FromAddress { get; set; } = "no-reply@platform.localhost";

    public string FromName { get; set; } = "Platform";

    /// <summary>Folder of .eml files used when no SMTP host is set; relative paths are under the content root.</summary>
    [Required]
    public string PickupDirectory { get; set; } = "App_Data/mail";

    public string? SmtpHost { get; set; }

    [Range(1, 65535)]
    public int SmtpPort { get; set; } = 587;

    public string? SmtpUser { get; set; }

    public string? SmtpPassword { get; set; }

    /// <summary>Use STARTTLS (or TLS on port 465).</summary>
    public bool SmtpUseTls { get; set; } = true;
}
