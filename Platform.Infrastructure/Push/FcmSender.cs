using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Core.Push;
using Polly.Timeout;

namespace Platform.Infrastructure.Push;

/// <summary>
/// Sends mobile push through the FCM HTTP v1 API (FirebaseAdmin is not available):
/// <c>POST {BaseUrl}v1/projects/{project}/messages:send</c> with a bearer token from <see cref="FcmAccessTokens"/>.
/// </summary>
public sealed class FcmSender(HttpClient http, FcmAccessTokens tokens, IOptions<FcmOptions> options, ILogger<FcmSender> logger) : IMobilePushSender
{
    public async Task<PushDelivery> SendAsync(MobilePushMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var fcm = options.Value;
        if (!fcm.IsConfigured)
        {
            throw new InvalidOperationException("Mobile push is not configured: set Fcm:ServiceAccountJson or Fcm:ServiceAccountFile.");
        }

        if (string.IsNullOrWhiteSpace(message.Token))
        {
            throw new ArgumentException("A mobile push message needs a device token.", nameof(message));
        }

        var account = fcm.ReadServiceAccount();
        var root = fcm.BaseUrl.AbsoluteUri.EndsWith('/') ? fcm.BaseUrl : new Uri(fcm.BaseUrl.AbsoluteUri + "/");
        var uri = new Uri(root, $"v1/projects/{Uri.EscapeDataString(account.ProjectId)}/messages:send");
        var payload = new
        {
            message = new
            {
                token = message.Token,
                notification = new { title = message.Title, body = message.Body },
                data = message.Data ?? new Dictionary<string, string>(),
            },
        };

        // A token revoked early answers 401 once: fetch a new one and try again.
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = JsonContent.Create(payload) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetAsync(cancellationToken));
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, cancellationToken);
            }
            catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                logger.LogError(ex, "FCM could not be reached");
                throw new PushDeliveryException($"FCM could not be reached: {ex.Message}", null, ex);
            }

            using (response)
            {
                if (response.IsSuccessStatusCode)
                {
                    return PushDelivery.Delivered;
                }

                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 0)
                {
                    tokens.Invalidate();
                    continue;
                }

                if (response.StatusCode == HttpStatusCode.NotFound || ErrorCode(body) == "UNREGISTERED")
                {
                    logger.LogInformation("FCM token is no longer registered (HTTP {StatusCode})", (int)response.StatusCode);
                    return PushDelivery.Gone;
                }

                logger.LogError("FCM refused a message: HTTP {StatusCode}: {Reason}", (int)response.StatusCode, body);
                throw new PushDeliveryException($"FCM refused the message: HTTP {(int)response.StatusCode} {body}".TrimEnd(), (int)response.StatusCode);
            }
        }
    }

    /// <summary>The FCM error code (<c>UNREGISTERED</c>, <c>INVALID_ARGUMENT</c>, ...) in the error details, if any.</summary>
    private static string? ErrorCode(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (!json.RootElement.TryGetProperty("error", out var error) || !error.TryGetProperty("details", out var details) || details.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            foreach (var detail in details.EnumerateArray())
            {
                if (detail.TryGetProperty("errorCode", out var code) && code.ValueKind == JsonValueKind.String)
                {
                    return code.GetString();
                }
            }

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
