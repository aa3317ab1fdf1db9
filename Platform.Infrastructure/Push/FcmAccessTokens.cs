using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Core.Push;

namespace Platform.Infrastructure.Push;

/// <summary>
/// OAuth2 access tokens for FCM from the service account (RFC 7523 JWT bearer grant): an RS256-signed
/// assertion is exchanged at <c>token_uri</c>, and the token is kept until a minute before it expires.
/// </summary>
public sealed class FcmAccessTokens(IHttpClientFactory httpClients, IOptions<FcmOptions> options, TimeProvider clock, ILogger<FcmAccessTokens> logger) : IDisposable
{
    /// <summary>The name of the <see cref="HttpClient"/> that calls the token endpoint.</summary>
    public const string HttpClientName = "fcm-token";

    private static readonly TimeSpan AssertionLifetime = TimeSpan.FromHours(1);
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _token;
    private DateTimeOffset _expires;

    /// <summary>A valid access token, fetched only when the cached one is missing or about to expire.</summary>
    public async Task<string> GetAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_token is not null && clock.GetUtcNow() < _expires - RefreshMargin)
            {
                return _token;
            }

            var account = options.Value.ReadServiceAccount();
            var now = clock.GetUtcNow();
            using var form = new FormUrlEncodedContent(
            [
                new("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"),
                new("assertion", Assertion(account, now)),
            ]);
            using var response = await httpClients.CreateClient(HttpClientName).PostAsync(account.TokenUri, form, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogError("Google refused the FCM service account {ClientEmail}: HTTP {StatusCode}: {Reason}", account.ClientEmail, (int)response.StatusCode, body);
                throw new PushDeliveryException($"Google refused the service account {account.ClientEmail}: HTTP {(int)response.StatusCode} {body}".TrimEnd(), (int)response.StatusCode);
            }

            using var json = JsonDocument.Parse(body);
            _token = json.RootElement.GetProperty("access_token").GetString()
                ?? throw new PushDeliveryException("Google's token response has no access_token.");
            _expires = now.AddSeconds(json.RootElement.TryGetProperty("expires_in", out var seconds) ? seconds.GetInt32() : 3600);
            return _token;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forgets the cached token (after FCM answers 401 to it).</summary>
    public void Invalidate() => _token = null;

    /// <summary>The signed JWT assertion: <c>iss</c> the service account, <c>aud</c> the token endpoint, valid an hour.</summary>
    public static string Assertion(FcmServiceAccount account, DateTimeOffset now)
    {
        var header = Base64Url.EncodeToString("""{"alg":"RS256","typ":"JWT"}"""u8);
        var claims = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["iss"] = account.ClientEmail,
            ["scope"] = FcmServiceAccount.Scope,
            ["aud"] = account.TokenUri.AbsoluteUri,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.Add(AssertionLifetime).ToUnixTimeSeconds(),
        }));
        var signingInput = $"{header}.{claims}";
        using var rsa = RSA.Create();
        rsa.ImportFromPem(account.PrivateKeyPem);
        var signature = rsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signingInput}.{Base64Url.EncodeToString(signature)}";
    }

    public void Dispose() => _gate.Dispose();
}
