namespace Platform.Core.Sms;

/// <summary>Sends text messages: through Twilio when configured, otherwise into a folder of .txt files.</summary>
public interface ISmsSender
{
    Task SendAsync(SmsMessage message, CancellationToken cancellationToken = default);
}

/// <summary>A text message to one phone number in E.164 form (for example <c>+12125550123</c>).</summary>
public sealed record SmsMessage(string To, string Body);
