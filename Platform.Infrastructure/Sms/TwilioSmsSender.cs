using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Core.Sms;
using Polly.Timeout;

namespace Platform.Infrastructure.Sms;

/// <summary>
/// Sends text messages through Twilio's Messages REST API (the Twilio SDK is not available). Retries and
/// timeouts come from the resilience pipeline of its <see cref="HttpClient"/> (see
/// <see cref="SmsServiceCollectionExtensions"/>); whatever still fails throws <see cref="TwilioSmsException"/>.
/// </summary>
public sealed class TwilioSmsSender(HttpClient http, IOptions<TwilioOptions> options, ILogger<TwilioSmsSender> logger) : ISmsSender
{
    public async Task SendAsync(SmsMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var twilio = options.Value;
        var accountSid = twilio.AccountSid ?? throw new InvalidOperationException("Sms:Twilio:AccountSid is not set.");

        using var request = new HttpRequestMessage(HttpMethod.Post, MessagesUri(twilio.BaseUrl, accountSid))
        {
            Content = new FormUrlEncodedContent(Form(message, twilio)),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{accountSid}:{twilio.AuthToken}")));

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            logger.LogError(ex, "Twilio could not be reached for a text message to {Recipient}", message.To);
            throw new TwilioSmsException($"Twilio could not be reached: {ex.Message}", null, null, ex);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                logger.LogInformation("Text message to {Recipient} accepted by Twilio as {MessageSid}", message.To, ReadString(body, "sid"));
                return;
            }

            var code = ReadInt(body, "code");
            var reason = ReadString(body, "message") ?? response.ReasonPhrase ?? "no reason given";
            logger.LogError(
                "Twilio refused a text message to {Recipient}: HTTP {StatusCode}, Twilio code {TwilioCode}: {TwilioMessage}",
                message.To, (int)response.StatusCode, code, reason);
            throw new TwilioSmsException(
                $"Twilio refused the text message to {message.To}: HTTP {(int)response.StatusCode}{(code is null ? "" : $", code {code}")}: {reason}",
                response.StatusCode, code);
        }
    }

    private static Uri MessagesUri(Uri baseUrl, string accountSid)
    {
        var root = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
        return new Uri(root, $"2010-04-01/Accounts/{Uri.EscapeDataString(accountSid)}/Messages.json");
    }

    private static List<KeyValuePair<string, string>> Form(SmsMessage message, TwilioOptions twilio)
    {
        var fields = new List<KeyValuePair<string, string>> { new("To", message.To), new("Body", message.Body) };
        fields.Add(string.IsNullOrWhiteSpace(twilio.MessagingServiceSid)
            ? new("From", twilio.From!)
            : new("MessagingServiceSid", twilio.MessagingServiceSid));
        return fields;
    }

    private static string? ReadString(string json, string property) =>
        TryRead(json, property) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static int? ReadInt(string json, string property) =>
        TryRead(json, property) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt32(out var number) ? number : null;

    private static JsonElement? TryRead(string json, string property)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(property, out var value)
                ? value.Clone()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
