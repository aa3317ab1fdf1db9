using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Platform.Infrastructure.Push;

/// <summary>
/// The VAPID key pair (RFC 8292): signs the ES256 JWT that identifies this application server to a push
/// service, and makes the <c>Authorization: vapid t=..., k=...</c> header.
/// </summary>
public sealed class VapidKeys : IDisposable
{
    private readonly ECDsa _key;

    private VapidKeys(ECDsa key, string publicKey)
    {
        _key = key;
        PublicKey = publicKey;
    }

    /// <summary>The public key as browsers and push services see it: the uncompressed point, base64url.</summary>
    public string PublicKey { get; }

    /// <summary>Reads a base64url key pair and checks that the two halves belong together.</summary>
    public static VapidKeys Import(string publicKey, string privateKey)
    {
        var point = Base64Url.DecodeFromChars(publicKey.Trim());
        var d = Base64Url.DecodeFromChars(privateKey.Trim());
        if (point.Length != 65 || point[0] != 0x04)
        {
            throw new ArgumentException("The public key is not an uncompressed P-256 point (65 bytes starting with 0x04).", nameof(publicKey));
        }

        if (d.Length != 32)
        {
            throw new ArgumentException("The private key is not a 32-byte P-256 scalar.", nameof(privateKey));
        }

        var key = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            D = d,
            Q = new ECPoint { X = point[1..33], Y = point[33..] },
        });
        // ECDsa.Create does not check that Q = d·G; sign and verify with the public half alone to be sure.
        using var publicOnly = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = point[1..33], Y = point[33..] } });
        var probe = "vapid"u8.ToArray();
        if (!publicOnly.VerifyData(probe, key.SignData(probe, HashAlgorithmName.SHA256), HashAlgorithmName.SHA256))
        {
            key.Dispose();
            throw new ArgumentException("The public key does not belong to the private key.", nameof(publicKey));
        }

        return new VapidKeys(key, Base64Url.EncodeToString(point));
    }

    /// <summary>A fresh key pair, base64url, for <c>Push:Vapid:PublicKey</c> and <c>Push:Vapid:PrivateKey</c>.</summary>
    public static (string PublicKey, string PrivateKey) Generate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var parameters = key.ExportParameters(includePrivateParameters: true);
        byte[] point = [0x04, .. parameters.Q.X!, .. parameters.Q.Y!];
        return (Base64Url.EncodeToString(point), Base64Url.EncodeToString(parameters.D!));
    }

    /// <summary>
    /// The <c>Authorization</c> header value for a request to <paramref name="endpoint"/>: a JWT for the endpoint's
    /// origin that expires at <paramref name="expires"/> (at most 24 hours ahead), signed ES256.
    /// </summary>
    public string AuthorizationHeader(Uri endpoint, DateTimeOffset expires, string subject)
    {
        var header = Base64Url.EncodeToString("""{"typ":"JWT","alg":"ES256"}"""u8);
        var claims = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["aud"] = endpoint.GetLeftPart(UriPartial.Authority),
            ["exp"] = expires.ToUnixTimeSeconds(),
            ["sub"] = subject,
        }));
        var signingInput = $"{header}.{claims}";
        // SignData gives the IEEE P1363 form (r || s, 64 bytes) that JWS ES256 wants.
        var signature = Base64Url.EncodeToString(_key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256));
        return $"vapid t={signingInput}.{signature}, k={PublicKey}";
    }

    public void Dispose() => _key.Dispose();
}
