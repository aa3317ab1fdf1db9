using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Platform.Core.Push;

namespace Platform.Tests.Push;

/// <summary>
/// The browser's side of Web Push, written independently of the sender: it owns the subscription's P-256 key
/// and auth secret and decrypts an <c>aes128gcm</c> body per RFC 8291, with HKDF spelled out as HMAC steps.
/// </summary>
public sealed class PushBrowser : IDisposable
{
    private readonly ECDiffieHellman _key;

    public PushBrowser(byte[]? privateKey = null, byte[]? publicKey = null, byte[]? authSecret = null)
    {
        _key = privateKey is null
            ? ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256)
            : ECDiffieHellman.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                D = privateKey,
                Q = new ECPoint { X = publicKey![1..33], Y = publicKey[33..] },
            });
        var q = _key.ExportParameters(false).Q;
        PublicKey = [0x04, .. q.X!, .. q.Y!];
        AuthSecret = authSecret ?? RandomNumberGenerator.GetBytes(16);
    }

    public byte[] PublicKey { get; }

    public byte[] AuthSecret { get; }

    public PushSubscription Subscription(Uri endpoint) =>
        new(endpoint.ToString(), Base64Url.EncodeToString(PublicKey), Base64Url.EncodeToString(AuthSecret));

    /// <summary>Decrypts a push message body; throws when the tag, the header or the padding is wrong.</summary>
    public byte[] Decrypt(byte[] body)
    {
        var salt = body[..16];
        var recordSize = BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(16, 4));
        Assert.True(recordSize >= 18, "record size");
        var keyIdLength = body[20];
        var serverPublicKey = body[21..(21 + keyIdLength)];
        var ciphertext = body[(21 + keyIdLength)..];
        Assert.True(ciphertext.Length <= recordSize, "a single record");

        using var server = ECDiffieHellman.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = serverPublicKey[1..33], Y = serverPublicKey[33..] },
        });
        var ecdhSecret = _key.DeriveRawSecretAgreement(server.PublicKey);

        var prkKey = HMACSHA256.HashData(AuthSecret, ecdhSecret);
        byte[] keyInfo = [.. Encoding.ASCII.GetBytes("WebPush: info"), 0, .. PublicKey, .. serverPublicKey, 1];
        var ikm = HMACSHA256.HashData(prkKey, keyInfo);
        var prk = HMACSHA256.HashData(salt, ikm);
        byte[] cekInfo = [.. Encoding.ASCII.GetBytes("Content-Encoding: aes128gcm"), 0, 1];
        var cek = HMACSHA256.HashData(prk, cekInfo)[..16];
        byte[] nonceInfo = [.. Encoding.ASCII.GetBytes("Content-Encoding: nonce"), 0, 1];
        var nonce = HMACSHA256.HashData(prk, nonceInfo)[..12];

        var record = new byte[ciphertext.Length - 16];
        using var aes = new AesGcm(cek, 16);
        aes.Decrypt(nonce, ciphertext[..^16], ciphertext[^16..], record);

        var end = record.Length - 1;
        while (end >= 0 && record[end] == 0)
        {
            end--;
        }

        Assert.True(end >= 0 && record[end] == 0x02, "the last record ends with the delimiter 0x02");
        return record[..end];
    }

    public void Dispose() => _key.Dispose();
}
