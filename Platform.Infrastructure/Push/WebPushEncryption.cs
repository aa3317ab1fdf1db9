using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Platform.Infrastructure.Push;

/// <summary>
/// Message encryption for Web Push (RFC 8291) in the <c>aes128gcm</c> content coding (RFC 8188): one record of
/// at most 4096 bytes, so the plaintext may be up to <see cref="MaxPlaintextLength"/> bytes.
/// </summary>
public static class WebPushEncryption
{
    /// <summary>The record size written into the header.</summary>
    public const int RecordSize = 4096;

    /// <summary>
    /// The longest plaintext that fits: 4096 bytes of body less the 86-byte header (salt 16, record size 4,
    /// key id length 1, key id 65), the 16-byte tag and the padding delimiter. Push services must take 4096.
    /// </summary>
    public const int MaxPlaintextLength = 4096 - 86 - 16 - 1;

    private const int TagLength = 16;

    /// <summary>
    /// Encrypts <paramref name="plaintext"/> for the browser that owns <paramref name="userAgentPublicKey"/> (65 bytes)
    /// and <paramref name="authSecret"/> (16 bytes). A fresh ephemeral key and salt are used unless given:
    /// only test vectors pass <paramref name="ephemeralKey"/> and <paramref name="salt"/>.
    /// </summary>
    public static byte[] Encrypt(
        ReadOnlySpan<byte> plaintext,
        byte[] userAgentPublicKey,
        byte[] authSecret,
        ECDiffieHellman? ephemeralKey = null,
        byte[]? salt = null)
    {
        if (plaintext.Length > MaxPlaintextLength)
        {
            throw new ArgumentException($"A push payload may be at most {MaxPlaintextLength} bytes; this one is {plaintext.Length}.", nameof(plaintext));
        }

        if (userAgentPublicKey.Length != 65 || userAgentPublicKey[0] != 0x04)
        {
            throw new ArgumentException("The subscription's p256dh key is not an uncompressed P-256 point.", nameof(userAgentPublicKey));
        }

        if (authSecret.Length != 16)
        {
            throw new ArgumentException("The subscription's auth secret is not 16 bytes.", nameof(authSecret));
        }

        salt ??= RandomNumberGenerator.GetBytes(16);
        if (salt.Length != 16)
        {
            throw new ArgumentException("The salt must be 16 bytes.", nameof(salt));
        }

        using var ownKey = ephemeralKey is null ? ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256) : null;
        var asKey = ephemeralKey ?? ownKey!;
        var asParameters = asKey.ExportParameters(includePrivateParameters: false);
        byte[] asPublicKey = [0x04, .. asParameters.Q.X!, .. asParameters.Q.Y!];

        using var uaKey = ECDiffieHellman.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = userAgentPublicKey[1..33], Y = userAgentPublicKey[33..] },
        });
        var ecdhSecret = asKey.DeriveRawSecretAgreement(uaKey.PublicKey);

        // RFC 8291 section 3.4: IKM from the auth secret and the ECDH secret, bound to both public keys.
        byte[] keyInfo = [.. "WebPush: info\0"u8, .. userAgentPublicKey, .. asPublicKey];
        var ikm = HKDF.DeriveKey(HashAlgorithmName.SHA256, ecdhSecret, 32, authSecret, keyInfo);

        // RFC 8188 section 2.2 and 2.3: content encryption key and nonce from the salt.
        var prk = HKDF.Extract(HashAlgorithmName.SHA256, ikm, salt);
        var cek = HKDF.Expand(HashAlgorithmName.SHA256, prk, 16, Encoding.ASCII.GetBytes("Content-Encoding: aes128gcm\0"));
        var nonce = HKDF.Expand(HashAlgorithmName.SHA256, prk, 12, Encoding.ASCII.GetBytes("Content-Encoding: nonce\0"));

        // The only (so the last) record: the plaintext, then the delimiter 0x02, no further padding.
        var record = new byte[plaintext.Length + 1];
        plaintext.CopyTo(record);
        record[^1] = 0x02;

        var body = new byte[86 + record.Length + TagLength];
        salt.CopyTo(body, 0);
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(16, 4), RecordSize);
        body[20] = (byte)asPublicKey.Length;
        asPublicKey.CopyTo(body, 21);

        using var aes = new AesGcm(cek, TagLength);
        aes.Encrypt(nonce, record, body.AsSpan(86, record.Length), body.AsSpan(86 + record.Length, TagLength));
        return body;
    }
}
