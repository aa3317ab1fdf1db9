using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Platform.Core.Push;
using Platform.Infrastructure.Push;

using Platform.Tests.Support;

namespace Platform.Tests.Push;

public sealed class WebPushSenderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    private static readonly (string PublicKey, string PrivateKey) Vapid = VapidKeys.Generate();

    [Fact]
    public async Task The_browser_verifies_the_vapid_signature_and_decrypts_the_notification()
    {
        await using var pushService = await FakeHttpService.StartAsync((context, _, _) => Answer(context, 201));
        await using var services = Build();
        using var browser = new PushBrowser();
        var subscription = browser.Subscription(new Uri(pushService.BaseUrl, "wpush/v2/abc123"));

        var delivery = await services.GetRequiredService<IWebPushSender>().SendAsync(
            subscription,
            new PushNotification("Booking confirmed", "Tue 1 Dec, 10:00 with Sam", "/portal/bookings/42", "booking-42"),
            TimeSpan.FromMinutes(30),
            PushUrgency.High);

        Assert.Equal(PushDelivery.Delivered, delivery);
        var request = Assert.Single(pushService.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/wpush/v2/abc123", request.Path);
        Assert.Equal("aes128gcm", request.Header("Content-Encoding"));
        Assert.Equal("application/octet-stream", request.ContentType);
        Assert.Equal("1800", request.Header("TTL"));
        Assert.Equal("high", request.Header("Urgency"));

        // VAPID (RFC 8292): "vapid t=<JWT>, k=<public key>", the JWT signed ES256 by that key.
        var authorization = request.Header("Authorization");
        Assert.StartsWith("vapid t=", authorization, StringComparison.Ordinal);
        var parts = authorization["vapid ".Length..].Split(", ").ToDictionary(p => p[..p.IndexOf('=', StringComparison.Ordinal)], p => p[(p.IndexOf('=', StringComparison.Ordinal) + 1)..]);
        Assert.Equal(Vapid.PublicKey, parts["k"]);
        var jwt = parts["t"].Split('.');
        Assert.Equal(3, jwt.Length);
        var point = Base64Url.DecodeFromChars(parts["k"]);
        using var verifier = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = point[1..33], Y = point[33..] } });
        Assert.True(verifier.VerifyData(Encoding.ASCII.GetBytes($"{jwt[0]}.{jwt[1]}"), Base64Url.DecodeFromChars(jwt[2]), HashAlgorithmName.SHA256));
        using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(jwt[0]));
        Assert.Equal("ES256", header.RootElement.GetProperty("alg").GetString());
        using var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(jwt[1]));
        Assert.Equal(pushService.BaseUrl.GetLeftPart(UriPartial.Authority), claims.RootElement.GetProperty("aud").GetString());
        Assert.Equal(Now.AddHours(12).ToUnixTimeSeconds(), claims.RootElement.GetProperty("exp").GetInt64());
        Assert.Equal("mailto:ops@platform.test", claims.RootElement.GetProperty("sub").GetString());

        // RFC 8291: only the subscriber's key and auth secret open the body.
        using var payload = JsonDocument.Parse(browser.Decrypt(request.Body));
        Assert.Equal("Booking confirmed", payload.RootElement.GetProperty("title").GetString());
        Assert.Equal("Tue 1 Dec, 10:00 with Sam", payload.RootElement.GetProperty("body").GetString());
        Assert.Equal("/portal/bookings/42", payload.RootElement.GetProperty("url").GetString());
        Assert.Equal("booking-42", payload.RootElement.GetProperty("tag").GetString());
    }

    [Theory]
    [InlineData(404)]
    [InlineData(410)]
    public async Task A_subscription_the_push_service_no_longer_knows_is_reported_gone(int status)
    {
        await using var pushService = await FakeHttpService.StartAsync((context, _, _) => Answer(context, status));
        await using var services = Build();
        using var browser = new PushBrowser();

        var delivery = await services.GetRequiredService<IWebPushSender>().SendAsync(
            browser.Subscription(new Uri(pushService.BaseUrl, "wpush/old")), new PushNotification("Hi", "There"));

        Assert.Equal(PushDelivery.Gone, delivery);
        Assert.Single(pushService.Requests);
    }

    [Fact]
    public async Task Another_refusal_is_an_error_and_not_retried()
    {
        await using var pushService = await FakeHttpService.StartAsync((context, _, _) => Answer(context, 403, "VAPID key mismatch"));
        await using var services = Build();
        using var browser = new PushBrowser();

        var error = await Assert.ThrowsAsync<PushDeliveryException>(() => services.GetRequiredService<IWebPushSender>().SendAsync(
            browser.Subscription(new Uri(pushService.BaseUrl, "wpush/x")), new PushNotification("Hi", "There")));

        Assert.Equal(403, error.StatusCode);
        Assert.Contains("VAPID key mismatch", error.Message, StringComparison.Ordinal);
        Assert.Single(pushService.Requests);
    }

    [Fact]
    public async Task A_busy_push_service_is_retried_with_the_same_message()
    {
        await using var pushService = await FakeHttpService.StartAsync((context, _, index) => Answer(context, index == 0 ? 503 : 201));
        await using var services = Build();
        using var browser = new PushBrowser();

        var delivery = await services.GetRequiredService<IWebPushSender>().SendAsync(
            browser.Subscription(new Uri(pushService.BaseUrl, "wpush/busy")), new PushNotification("Again", "Once"));

        Assert.Equal(PushDelivery.Delivered, delivery);
        Assert.Equal(2, pushService.Requests.Count);
        Assert.All(pushService.Requests, r => Assert.Contains("\"Again\"", Encoding.UTF8.GetString(browser.Decrypt(r.Body)), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_keys_push_is_off_and_says_so()
    {
        await using var services = Build(new() { ["Push:Vapid:PublicKey"] = "", ["Push:Vapid:PrivateKey"] = "" });
        var sender = services.GetRequiredService<IWebPushSender>();
        using var browser = new PushBrowser();

        Assert.Null(sender.PublicKey);
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            sender.SendAsync(browser.Subscription(new Uri("https://push.example/x")), new PushNotification("a", "b")));
    }

    [Fact]
    public async Task Keys_that_do_not_belong_together_or_no_subject_fail_validation()
    {
        var other = VapidKeys.Generate();
        await using var services = Build(new() { ["Push:Vapid:PrivateKey"] = other.PrivateKey, ["Push:Vapid:Subject"] = "ops@platform.test" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<VapidOptions>>().Value);
        Assert.Contains("must be a P-256 key pair", error.Message, StringComparison.Ordinal);
        Assert.Contains("Subject", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_browser_subscription_json_reads_into_a_push_subscription()
    {
        var subscription = PushSubscription.FromJson(
            """{"endpoint":"https://fcm.googleapis.com/fcm/send/abc","expirationTime":null,"keys":{"p256dh":"BCVx","auth":"BTBZ"}}""");

        Assert.Equal(new PushSubscription("https://fcm.googleapis.com/fcm/send/abc", "BCVx", "BTBZ"), subscription);
        Assert.Null(PushSubscription.FromJson("""{"endpoint":"https://push.example/x","keys":{"p256dh":"BCVx"}}"""));
        Assert.Null(PushSubscription.FromJson("""{"endpoint":"javascript:alert(1)","keys":{"p256dh":"a","auth":"b"}}"""));
        Assert.Null(PushSubscription.FromJson("not json"));
    }

    private static ServiceProvider Build(Dictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Push:Vapid:PublicKey"] = Vapid.PublicKey,
            ["Push:Vapid:PrivateKey"] = Vapid.PrivateKey,
            ["Push:Vapid:Subject"] = "mailto:ops@platform.test",
        };
        foreach (var (key, value) in overrides ?? [])
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(new SettableClock(Now))
            .AddPushSenders(configuration)
            .BuildServiceProvider();
    }

    private static async Task Answer(HttpContext context, int status, string text = "")
    {
        context.Response.StatusCode = status;
        await context.Response.WriteAsync(text);
    }
}
