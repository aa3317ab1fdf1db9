namespace Platform.Core.Email;

/// <summary>Sends e-mail: by SMTP when configured, otherwise into a pickup folder of .eml files.</summary>
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default);
}

public sealed record EmailMessage(string To, string Subject, string HtmlBody, string TextBody)
{
    /// <summary>Display name of the sender, usually the tenant's name.</summary>
    public string? FromName { get; init; }

    public IReadOnlyList<EmailAttachment> Attachments { get; init; } = [];
}

public sealed record EmailAttachment(string FileName, string ContentType, byte[] Content);
