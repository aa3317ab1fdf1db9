using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Core.Push;
using Polly.Timeout;

namespace Platform.Infrastructure.Push;

/// <summary>
/// Sends Web Push messages (the WebPush package is not available): encrypts the notification JSON per RFC 8291
/// with <see cref="WebPushEncryption"/>, signs the request with the VAPID key pair (RFC 8292) and posts it to
/// the subscription's endpoint (RFC 8030).
/// </summary>
public sealed class WebPushSender(HttpClient http, IOptions<VapidOptions> options, TimeProvider clock, ILogger<WebPushSender> logger) : IWebPushSender
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    /// <summary>A day: push services keep an undelivered message at most this long unless asked for less.</summary>
    private static readonly TimeSpan DefaultTimeToLive = TimeSpan.FromDays(1);

    public string? PublicKey => options.Value.IsConfigured ? options.Value.PublicKey : null;

    public async Task<PushDelivery> SendAsync(
        PushSubscription subscription,
        PushNotification notification,
        TimeSpan? timeToLive = null,
        PushUrgency urgency = PushUrgency.Normal,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(notification);
        var vapid = options.Value;
        if (!vapid.IsConfigured)
        {
            throw new InvalidOperationException("Web Push is not configured: set Push:Vapid:PublicKey, PrivateKey and Subject.");
        }

        if (!Uri.TryCreate(subscription.Endpoint, UriKind.Absolute, out var endpoint)
            || (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException("The subscription's endpoint is not an absolute http(s) URL.", nameof(subscription));
        }

        var body = WebPushEncryption.Encrypt(
            JsonSerializer.SerializeToUtf8Bytes(notification, Json),
            DecodeKey(subscription.P256dh, nameof(subscription.P256dh)),
            DecodeKey(subscription.Auth, nameof(subscription.Auth)));

        using var keys = VapidKeys.Import(vapid.PublicKey!, vapid.PrivateKey!);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        request.Content.Headers.ContentEncoding.Add("aes128gcm");
        request.Headers.TryAddWithoutValidation("Authorization", keys.AuthorizationHeader(endpoint, clock.GetUtcNow().AddHours(12), vapid.Subject!));
        request.Headers.Add("TTL", ((long)(timeToLive ?? DefaultTimeToLive).TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("Urgency", UrgencyHeader(urgency));

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            logger.LogError(ex, "Push service {PushService} could not be reached", endpoint.Host);
            throw new PushDeliveryException($"The push service {endpoint.Host} could not be reached: {ex.Message}", null, ex);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                return PushDelivery.Delivered;
            }

            if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
            {
                logger.LogInformation("Push subscription at {PushService} is gone (HTTP {StatusCode})", endpoint.Host, (int)response.StatusCode);
                return PushDelivery.Gone;
            }

            var reason = await response.Content.ReadAsStringAsync(cancellationToken);
            logger.LogError("Push service {PushService} refused a message: HTTP {StatusCode}: {Reason}", endpoint.Host, (int)response.StatusCode, reason);
            throw new PushDeliveryException(
                $"The push service {endpoint.Host} refused the message: HTTP {(int)response.StatusCode} {reason}".TrimEnd(),
                (int)response.StatusCode);
        }
    }

    private static byte[] DecodeKey(string value, string name)
    {
        try
        {
            return Base64Url.DecodeFromChars(value.Trim().TrimEnd('='));
        }
        catch (FormatException ex)
        {
            throw new ArgumentException($"The subscription's {name} key is not base64url.", name, ex);
        }
    }

    private static string UrgencyHeader(PushUrgency urgency) => urgency switch
    {
        PushUrgency.VeryLow => "very-low",
        PushUrgency.Low => "low",
        PushUrgency.High => "high",
        _ => "normal",
    };
}
