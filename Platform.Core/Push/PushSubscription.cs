using System.Text.Json;

namespace Platform.Core.Push;

/// <summary>
/// A browser's Web Push subscription, as <c>PushSubscription.toJSON()</c> gives it: the push service
/// <paramref name="Endpoint"/> and the keys <paramref name="P256dh"/> (the browser's P-256 public key,
/// 65 bytes, base64url) and <paramref name="Auth"/> (its 16-byte authentication secret, base64url).
/// Persist these three strings per user and device; delete the row when a send reports <see cref="PushDelivery.Gone"/>.
/// </summary>
public sealed record PushSubscription(string Endpoint, string P256dh, string Auth)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Reads the browser's subscription JSON (<c>{"endpoint": "...", "keys": {"p256dh": "...", "auth": "..."}}</c>);
    /// null when it is not one (missing parts or an endpoint that is not an absolute https/http URL).
    /// </summary>
    public static PushSubscription? FromJson(string json)
    {
        try
        {
            var parsed = JsonSerializer.Deserialize<BrowserSubscription>(json, Json);
            if (parsed is not { Endpoint: { Length: > 0 } endpoint, Keys: { P256dh: { Length: > 0 } p256dh, Auth: { Length: > 0 } auth } }
                || !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri)
                || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                return null;
            }

            return new PushSubscription(endpoint, p256dh, auth);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record BrowserSubscription(string? Endpoint, BrowserKeys? Keys);

    private sealed record BrowserKeys(string? P256dh, string? Auth);
}
