using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Platform.Core.Push;
using Platform.Infrastructure.Push;

using Platform.Tests.Support;

namespace Platform.Tests.Push;

public sealed class FcmSenderTests : IDisposable
{
    private const string ClientEmail = "platform-push@demo-project.iam.gserviceaccount.com";
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    private readonly RSA _serviceAccountKey = RSA.Create(2048);

    [Fact]
    public async Task A_signed_assertion_buys_a_token_that_two_sends_share()
    {
        await using var google = await FakeHttpService.StartAsync((context, _, _) => Json(context, 200, """{"access_token":"ya29.first","expires_in":3599,"token_type":"Bearer"}"""));
        await using var fcm = await FakeHttpService.StartAsync((context, _, index) => Json(context, 200, $$"""{"name":"projects/demo-project/messages/{{index}}"}"""));
        await using var services = Build(google, fcm, new SettableClock(Now));
        var sender = services.GetRequiredService<IMobilePushSender>();

        var first = await sender.SendAsync(new MobilePushMessage("device-token-1", "Booking confirmed", "Tue 10:00 with Sam", new Dictionary<string, string> { ["bookingId"] = "42" }));
        var second = await sender.SendAsync(new MobilePushMessage("device-token-2", "Reminder", "Tomorrow 10:00"));

        Assert.Equal(PushDelivery.Delivered, first);
        Assert.Equal(PushDelivery.Delivered, second);

        // The token request: an RS256 JWT bearer assertion with the service account's claims (RFC 7523).
        var tokenRequest = Assert.Single(google.Requests);
        Assert.Equal("POST", tokenRequest.Method);
        Assert.Equal("/token", tokenRequest.Path);
        var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(tokenRequest.Body));
        Assert.Equal("urn:ietf:params:oauth:grant-type:jwt-bearer", form["grant_type"]);
        var jwt = form["assertion"].ToString().Split('.');
        Assert.Equal(3, jwt.Length);
        Assert.True(_serviceAccountKey.VerifyData(
            Encoding.ASCII.GetBytes($"{jwt[0]}.{jwt[1]}"), Base64Url.DecodeFromChars(jwt[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(jwt[0]));
        Assert.Equal("RS256", header.RootElement.GetProperty("alg").GetString());
        using var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(jwt[1]));
        Assert.Equal(ClientEmail, claims.RootElement.GetProperty("iss").GetString());
        Assert.Equal("https://www.googleapis.com/auth/firebase.messaging", claims.RootElement.GetProperty("scope").GetString());
        Assert.Equal(new Uri(google.BaseUrl, "token").AbsoluteUri, claims.RootElement.GetProperty("aud").GetString());
        Assert.Equal(Now.ToUnixTimeSeconds(), claims.RootElement.GetProperty("iat").GetInt64());
        Assert.Equal(Now.AddHours(1).ToUnixTimeSeconds(), claims.RootElement.GetProperty("exp").GetInt64());

        // The sends: the v1 API path, the bearer token, the message shape.
        Assert.Equal(2, fcm.Requests.Count);
        Assert.All(fcm.Requests, r =>
        {
            Assert.Equal("POST", r.Method);
            Assert.Equal("/v1/projects/demo-project/messages:send", r.Path);
            Assert.Equal("Bearer ya29.first", r.Header("Authorization"));
            Assert.StartsWith("application/json", r.ContentType, StringComparison.Ordinal);
        });
        using var message = JsonDocument.Parse(fcm.Requests.First().Body);
        var m = message.RootElement.GetProperty("message");
        Assert.Equal("device-token-1", m.GetProperty("token").GetString());
        Assert.Equal("Booking confirmed", m.GetProperty("notification").GetProperty("title").GetString());
        Assert.Equal("Tue 10:00 with Sam", m.GetProperty("notification").GetProperty("body").GetString());
        Assert.Equal("42", m.GetProperty("data").GetProperty("bookingId").GetString());
    }

    [Fact]
    public async Task A_token_about_to_expire_is_replaced()
    {
        await using var google = await FakeHttpService.StartAsync((context, _, index) => Json(context, 200, $$"""{"access_token":"ya29.n{{index}}","expires_in":3600}"""));
        await using var fcm = await FakeHttpService.StartAsync((context, _, _) => Json(context, 200, """{"name":"projects/demo-project/messages/1"}"""));
        var clock = new SettableClock(Now);
        await using var services = Build(google, fcm, clock);
        var sender = services.GetRequiredService<IMobilePushSender>();

        await sender.SendAsync(new MobilePushMessage("t", "a", "b"));
        clock.Now = Now.AddMinutes(58);
        await sender.SendAsync(new MobilePushMessage("t", "a", "b"));
        clock.Now = Now.AddMinutes(59).AddSeconds(1);
        await sender.SendAsync(new MobilePushMessage("t", "a", "b"));

        Assert.Equal(2, google.Requests.Count);
        Assert.Equal(["Bearer ya29.n0", "Bearer ya29.n0", "Bearer ya29.n1"], fcm.Requests.Select(r => r.Header("Authorization")));
    }

    [Fact]
    public async Task A_token_fcm_no_longer_accepts_is_replaced_once()
    {
        await using var google = await FakeHttpService.StartAsync((context, _, index) => Json(context, 200, $$"""{"access_token":"ya29.n{{index}}","expires_in":3600}"""));
        await using var fcm = await FakeHttpService.StartAsync((context, request, _) => request.Header("Authorization") == "Bearer ya29.n0"
            ? Json(context, 401, """{"error":{"code":401,"status":"UNAUTHENTICATED"}}""")
            : Json(context, 200, """{"name":"projects/demo-project/messages/1"}"""));
        await using var services = Build(google, fcm, new SettableClock(Now));

        var delivery = await services.GetRequiredService<IMobilePushSender>().SendAsync(new MobilePushMessage("t", "a", "b"));

        Assert.Equal(PushDelivery.Delivered, delivery);
        Assert.Equal(2, google.Requests.Count);
        Assert.Equal(["Bearer ya29.n0", "Bearer ya29.n1"], fcm.Requests.Select(r => r.Header("Authorization")));
    }

    [Fact]
    public async Task An_unregistered_token_is_reported_gone()
    {
        await using var google = await FakeHttpService.StartAsync((context, _, _) => Json(context, 200, """{"access_token":"ya29.x","expires_in":3600}"""));
        await using var fcm = await FakeHttpService.StartAsync((context, _, _) => Json(context, 404,
            """{"error":{"code":404,"message":"Requested entity was not found.","status":"NOT_FOUND","details":[{"@type":"type.googleapis.com/google.firebase.fcm.v1.FcmError","errorCode":"UNREGISTERED"}]}}"""));
        await using var services = Build(google, fcm, new SettableClock(Now));

        var delivery = await services.GetRequiredService<IMobilePushSender>().SendAsync(new MobilePushMessage("old-token", "a", "b"));

        Assert.Equal(PushDelivery.Gone, delivery);
        Assert.Single(fcm.Requests);
    }

    [Fact]
    public async Task A_bad_request_is_an_error_and_not_retried()
    {
        await using var google = await FakeHttpService.StartAsync((context, _, _) => Json(context, 200, """{"access_token":"ya29.x","expires_in":3600}"""));
        await using var fcm = await FakeHttpService.StartAsync((context, _, _) => Json(context, 400,
            """{"error":{"code":400,"message":"The registration token is not a valid FCM registration token","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.firebase.fcm.v1.FcmError","errorCode":"INVALID_ARGUMENT"}]}}"""));
        await using var services = Build(google, fcm, new SettableClock(Now));

        var error = await Assert.ThrowsAsync<PushDeliveryException>(() =>
            services.GetRequiredService<IMobilePushSender>().SendAsync(new MobilePushMessage("garbage", "a", "b")));

        Assert.Equal(400, error.StatusCode);
        Assert.Contains("not a valid FCM registration token", error.Message, StringComparison.Ordinal);
        Assert.Single(fcm.Requests);
    }

    [Fact]
    public async Task A_refused_service_account_is_an_error_and_nothing_is_sent()
    {
        await using var google = await FakeHttpService.StartAsync((context, _, _) => Json(context, 400, """{"error":"invalid_grant","error_description":"Invalid JWT Signature."}"""));
        await using var fcm = await FakeHttpService.StartAsync((context, _, _) => Json(context, 200, "{}"));
        await using var services = Build(google, fcm, new SettableClock(Now));

        var error = await Assert.ThrowsAsync<PushDeliveryException>(() =>
            services.GetRequiredService<IMobilePushSender>().SendAsync(new MobilePushMessage("t", "a", "b")));

        Assert.Contains("invalid_grant", error.Message, StringComparison.Ordinal);
        Assert.Empty(fcm.Requests);
    }

    [Fact]
    public async Task A_service_account_without_a_key_fails_validation()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Fcm:ServiceAccountJson"] = """{"project_id":"demo-project","client_email":"x@y"}""",
        }).Build();
        await using var services = new ServiceCollection().AddLogging().AddPushSenders(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<FcmOptions>>().Value);
        Assert.Contains("no private_key", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _serviceAccountKey.Dispose();

    private ServiceProvider Build(FakeHttpService google, FakeHttpService fcm, TimeProvider clock)
    {
        var serviceAccount = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["type"] = "service_account",
            ["project_id"] = "demo-project",
            ["private_key_id"] = "abc",
            ["private_key"] = _serviceAccountKey.ExportPkcs8PrivateKeyPem(),
            ["client_email"] = ClientEmail,
            ["token_uri"] = new Uri(google.BaseUrl, "token").AbsoluteUri,
        });
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Fcm:ServiceAccountJson"] = serviceAccount,
            ["Fcm:BaseUrl"] = fcm.BaseUrl.ToString(),
        }).Build();
        return new ServiceCollection()
            .AddLogging()
            .AddSingleton(clock)
            .AddPushSenders(configuration)
            .BuildServiceProvider();
    }

    private static async Task Json(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json);
    }
}
