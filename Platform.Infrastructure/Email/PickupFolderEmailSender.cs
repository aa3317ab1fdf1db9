using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Core.Email;

namespace Platform.Infrastructure.Email;

/// <summary>Writes each message as an .eml file: development and tests read mail from the folder.</summary>
public sealed class PickupFolderEmailSender(IOptions<EmailOptions> options, ILogger<PickupFolderEmailSender> logger) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        var folder = Path.GetFullPath(options.Value.PickupDirectory);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{DateTime.UtcNow:yyyyMMddHHmmssfff}-{Guid.NewGuid():N}.eml");
        using var mime = MimeMessages.Build(message, options.Value);
        // Formatted in memory and written at once: MimeKit writing to the file itself flushes it many times over.
        using var buffer = new MemoryStream();
        await mime.WriteToAsync(buffer, cancellationToken);
        // Written under another name, then renamed: whoever watches the folder only ever sees whole messages.
        var partial = path + ".partial";
        await File.WriteAllBytesAsync(partial, buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken);
        File.Move(partial, path);
        logger.LogInformation("E-mail {Subject} to {Recipient} written to {Path}", message.Subject, message.To, path);
    }
}
