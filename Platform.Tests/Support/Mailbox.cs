using System.Text.RegularExpressions;
using MimeKit;

namespace Platform.Tests.Support;

/// <summary>Reads the .eml files the app wrote to its pickup folder, as a person reads their inbox.</summary>
public static partial class Mailbox
{
    public static IReadOnlyList<MimeMessage> To(string folder, string address)
    {
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return Directory.GetFiles(folder, "*.eml")
            .Order(StringComparer.Ordinal) // the file names start with a timestamp
            .Select(path => MimeMessage.Load(path))
            .Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase)))
            .ToList();
    }

    /// <summary>The newest message to <paramref name="address"/> whose subject contains <paramref name="subject"/>.</summary>
    public static MimeMessage Latest(string folder, string address, string subject) =>
        To(folder, address).LastOrDefault(m => (m.Subject ?? "").Contains(subject, StringComparison.Ordinal))
        ?? throw new InvalidOperationException($"No e-mail to {address} about '{subject}'.");

    /// <summary>
    /// Waits for a message that is sent through the outbox (so after the call that caused it returned), reading
    /// again until it is there and whole, or the time is up.
    /// </summary>
    public static async Task<MimeMessage> WaitForLatestAsync(string folder, string address, string subject, int timeoutMs = 10_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (true)
        {
            try
            {
                return Latest(folder, address, subject);
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or FormatException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>The link in the plain-text part whose path contains <paramref name="path"/>, exactly as a mail client shows it.</summary>
    public static Uri Link(MimeMessage message, string path)
    {
        var links = Url().Matches(message.TextBody ?? "").Select(m => m.Value).ToList();
        var link = links.FirstOrDefault(l => l.Contains(path, StringComparison.Ordinal))
                   ?? throw new InvalidOperationException($"No link to {path} in: {message.TextBody}");
        return new Uri(link);
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Url();
}
