using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Core.Sms;

namespace Platform.Infrastructure.Sms;

/// <summary>Writes each text message to a file (first line the recipient, then the body) and to the log.</summary>
public sealed class PickupFolderSmsSender(IOptions<SmsOptions> options, TimeProvider clock, ILogger<PickupFolderSmsSender> logger) : ISmsSender
{
    public async Task SendAsync(SmsMessage message, CancellationToken cancellationToken = default)
    {
        var folder = Path.GetFullPath(options.Value.PickupDirectory);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{clock.GetUtcNow():yyyyMMddHHmmssfff}-{Guid.NewGuid():N}.txt");
        // Written under another name, then renamed: whoever watches the folder only ever sees whole messages.
        var partial = path + ".partial";
        await File.WriteAllTextAsync(partial, $"To: {message.To}\n\n{message.Body}\n", cancellationToken);
        File.Move(partial, path);
        logger.LogInformation("Text message to {Recipient} written to {Path}: {Body}", message.To, path, message.Body);
    }
}
