using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Platform.Infrastructure.Push;

namespace Platform.Tests.Push;

public sealed class WebPushEncryptionTests
{
    // RFC 8291, section 5 and appendix A.
    private const string Plaintext = "When I grow up, I want to be a watermelon";
    private const string AsPrivate = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
    private const string AsPublic = "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";
    private const string UaPrivate = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94";
    private const string UaPublic = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    private const string AuthSecret = "BTBZMqHH6r4Tts7J_aSIgg";
    private const string Salt = "DGv6ra1nlYgDCS1FRnbzlw";
    private const string Body =
        "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN";

    [Fact]
    public void The_rfc_8291_example_keys_and_salt_give_the_exact_example_body()
    {
        var asPublic = Base64Url.DecodeFromChars(AsPublic);
        using var ephemeral = ECDiffieHellman.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            D = Base64Url.DecodeFromChars(AsPrivate),
            Q = new ECPoint { X = asPublic[1..33], Y = asPublic[33..] },
        });

        var body = WebPushEncryption.Encrypt(
            Encoding.UTF8.GetBytes(Plaintext),
            Base64Url.DecodeFromChars(UaPublic),
            Base64Url.DecodeFromChars(AuthSecret),
            ephemeral,
            Base64Url.DecodeFromChars(Salt));

        Assert.Equal(Body, Base64Url.EncodeToString(body));
    }

    [Fact]
    public void The_test_browser_decrypts_the_rfc_8291_example()
    {
        using var browser = new PushBrowser(Base64Url.DecodeFromChars(UaPrivate), Base64Url.DecodeFromChars(UaPublic), Base64Url.DecodeFromChars(AuthSecret));

        Assert.Equal(Plaintext, Encoding.UTF8.GetString(browser.Decrypt(Base64Url.DecodeFromChars(Body))));
    }

    [Fact]
    public void A_fresh_key_and_salt_every_time_and_only_the_subscriber_can_read_it()
    {
        using var browser = new PushBrowser();
        using var stranger = new PushBrowser(authSecret: browser.AuthSecret);
        var payload = Encoding.UTF8.GetBytes("{\"title\":\"Booking confirmed\"}");

        var first = WebPushEncryption.Encrypt(payload, browser.PublicKey, browser.AuthSecret);
        var second = WebPushEncryption.Encrypt(payload, browser.PublicKey, browser.AuthSecret);

        Assert.NotEqual(first[..16], second[..16]);
        Assert.NotEqual(first[21..86], second[21..86]);
        Assert.Equal(payload, browser.Decrypt(first));
        Assert.Equal(payload, browser.Decrypt(second));
        Assert.ThrowsAny<CryptographicException>(() => stranger.Decrypt(first));
    }

    [Fact]
    public void The_largest_payload_fits_one_4096_byte_record_and_one_more_byte_is_refused()
    {
        using var browser = new PushBrowser();
        var largest = RandomNumberGenerator.GetBytes(WebPushEncryption.MaxPlaintextLength);

        var body = WebPushEncryption.Encrypt(largest, browser.PublicKey, browser.AuthSecret);

        Assert.Equal(4096, body.Length);
        Assert.Equal(largest, browser.Decrypt(body));
        Assert.Throws<ArgumentException>(() =>
            WebPushEncryption.Encrypt(new byte[WebPushEncryption.MaxPlaintextLength + 1], browser.PublicKey, browser.AuthSecret));
    }

    [Fact]
    public void Keys_of_the_wrong_shape_are_refused()
    {
        using var browser = new PushBrowser();

        Assert.Throws<ArgumentException>(() => WebPushEncryption.Encrypt("x"u8, browser.PublicKey[..33], browser.AuthSecret));
        Assert.Throws<ArgumentException>(() => WebPushEncryption.Encrypt("x"u8, browser.PublicKey, browser.AuthSecret[..8]));
    }
}
