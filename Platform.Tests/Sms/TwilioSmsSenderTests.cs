using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Sms;
using Platform.Infrastructure;
using Platform.Infrastructure.Sms;

using Platform.Tests.Support;

namespace Platform.Tests.Sms;

public sealed class TwilioSmsSenderTests
{
    private const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    private const string AuthToken = "secret-token";

    [Fact]
    public async Task Posts_the_form_with_basic_auth_to_the_accounts_messages_path()
    {
        await using var twilio = await FakeHttpService.StartAsync((context, _, _) => Created(context));
        await using var services = Build(twilio.BaseUrl);

        await services.GetRequiredService<ISmsSender>().SendAsync(new SmsMessage("+12125550123", "Your code is 123456 & more"));

        var request = Assert.Single(twilio.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal($"/2010-04-01/Accounts/{AccountSid}/Messages.json", request.Path);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AccountSid}:{AuthToken}")), request.Header("Authorization"));
        Assert.StartsWith("application/x-www-form-urlencoded", request.ContentType, StringComparison.Ordinal);
        var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(request.Body));
        Assert.Equal("+12125550123", form["To"]);
        Assert.Equal("+15005550006", form["From"]);
        Assert.Equal("Your code is 123456 & more", form["Body"]);
        Assert.False(form.ContainsKey("MessagingServiceSid"));
    }

    [Fact]
    public async Task A_messaging_service_replaces_the_from_number()
    {
        await using var twilio = await FakeHttpService.StartAsync((context, _, _) => Created(context));
        await using var services = Build(twilio.BaseUrl, new() { ["Sms:Twilio:MessagingServiceSid"] = "MG42" });

        await services.GetRequiredService<ISmsSender>().SendAsync(new SmsMessage("+12125550123", "Hi"));

        var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(Assert.Single(twilio.Requests).Body));
        Assert.Equal("MG42", form["MessagingServiceSid"]);
        Assert.False(form.ContainsKey("From"));
    }

    [Fact]
    public async Task One_server_error_is_retried_and_the_message_goes_out_once()
    {
        await using var twilio = await FakeHttpService.StartAsync((context, _, index) =>
            index == 0 ? Status(context, 500, """{"code":20500,"message":"Internal Server Error"}""") : Created(context));
        await using var services = Build(twilio.BaseUrl);

        await services.GetRequiredService<ISmsSender>().SendAsync(new SmsMessage("+12125550123", "Once"));

        Assert.Equal(2, twilio.Requests.Count);
        Assert.All(twilio.Requests, r => Assert.Equal("Once", QueryHelpers.ParseQuery(Encoding.UTF8.GetString(r.Body))["Body"]));
    }

    [Fact]
    public async Task Gives_up_after_the_configured_retries_with_an_error()
    {
        await using var twilio = await FakeHttpService.StartAsync((context, _, _) => Status(context, 503, """{"code":20503,"message":"Service Unavailable"}"""));
        await using var services = Build(twilio.BaseUrl, new() { ["Sms:Twilio:MaxRetries"] = "2" });

        var error = await Assert.ThrowsAsync<TwilioSmsException>(() =>
            services.GetRequiredService<ISmsSender>().SendAsync(new SmsMessage("+12125550123", "Never")));

        Assert.Equal(3, twilio.Requests.Count);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(20503, error.TwilioCode);
    }

    [Fact]
    public async Task A_bad_number_is_not_retried_and_says_why()
    {
        await using var twilio = await FakeHttpService.StartAsync((context, _, _) =>
            Status(context, 400, """{"code":21211,"message":"The 'To' number +1999 is not a valid phone number.","status":400}"""));
        await using var services = Build(twilio.BaseUrl);

        var error = await Assert.ThrowsAsync<TwilioSmsException>(() =>
            services.GetRequiredService<ISmsSender>().SendAsync(new SmsMessage("+1999", "Nope")));

        Assert.Single(twilio.Requests);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal(21211, error.TwilioCode);
        Assert.Contains("not a valid phone number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Too_many_requests_waits_as_long_as_retry_after_says()
    {
        await using var twilio = await FakeHttpService.StartAsync((context, _, index) =>
        {
            if (index > 0)
            {
                return Created(context);
            }

            context.Response.Headers.RetryAfter = "1";
            return Status(context, 429, """{"code":20429,"message":"Too Many Requests"}""");
        });
        await using var services = Build(twilio.BaseUrl);

        var clock = Stopwatch.StartNew();
        await services.GetRequiredService<ISmsSender>().SendAsync(new SmsMessage("+12125550123", "Later"));

        Assert.Equal(2, twilio.Requests.Count);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(900), $"retried after {clock.Elapsed}");
    }

    [Fact]
    public async Task A_slow_attempt_times_out_and_is_retried()
    {
        await using var twilio = await FakeHttpService.StartAsync(async (context, _, index) =>
        {
            if (index == 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(5), context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            }

            await Created(context);
        });
        await using var services = Build(twilio.BaseUrl, new() { ["Sms:Twilio:AttemptTimeout"] = "00:00:00.300" });

        var clock = Stopwatch.StartNew();
        await services.GetRequiredService<ISmsSender>().SendAsync(new SmsMessage("+12125550123", "Slow"));

        Assert.Equal(2, twilio.Requests.Count);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"took {clock.Elapsed}");
    }

    [Fact]
    public void Without_an_account_sid_the_pickup_folder_sender_stays()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:Platform"] = "Data Source=unused.db",
        }).Build();
        var withoutTwilio = new ServiceCollection().AddLogging().AddPlatformInfrastructure(configuration);
        Assert.Contains(withoutTwilio, d => d.ServiceType == typeof(ISmsSender) && d.ImplementationType == typeof(PickupFolderSmsSender));

        configuration["Sms:Twilio:AccountSid"] = AccountSid;
        var withTwilio = new ServiceCollection().AddLogging().AddPlatformInfrastructure(configuration);
        Assert.DoesNotContain(withTwilio, d => d.ServiceType == typeof(ISmsSender) && d.ImplementationType == typeof(PickupFolderSmsSender));
        Assert.Contains(withTwilio, d => d.ServiceType == typeof(ISmsSender));
    }

    [Fact]
    public async Task An_account_without_a_token_or_sender_fails_validation()
    {
        await using var services = Build(new Uri("http://127.0.0.1:9/"), new() { ["Sms:Twilio:AuthToken"] = "", ["Sms:Twilio:From"] = "" });

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => services.GetRequiredService<ISmsSender>());
        Assert.Contains("AuthToken", error.Message, StringComparison.Ordinal);
        Assert.Contains("From", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Uri baseUrl, Dictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Sms:Twilio:AccountSid"] = AccountSid,
            ["Sms:Twilio:AuthToken"] = AuthToken,
            ["Sms:Twilio:From"] = "+15005550006",
            ["Sms:Twilio:BaseUrl"] = baseUrl.ToString(),
            ["Sms:Twilio:RetryDelay"] = "00:00:00.010",
        };
        foreach (var (key, value) in overrides ?? [])
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddTwilioSmsSender(configuration).BuildServiceProvider();
    }

    private static Task Created(HttpContext context) =>
        Status(context, 201, """{"sid":"SM0123456789abcdef0123456789abcdef","status":"queued"}""");

    private static async Task Status(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json);
    }
}
