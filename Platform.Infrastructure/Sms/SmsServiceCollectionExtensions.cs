using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Platform.Core.Sms;
using Polly;

namespace Platform.Infrastructure.Sms;

/// <summary>Text messages: Twilio when it is configured, otherwise a pickup folder (development and tests).</summary>
public static class SmsServiceCollectionExtensions
{
    public static IServiceCollection AddSms(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SmsOptions>().Bind(configuration.GetSection(SmsOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        if (TwilioOptions.IsConfiguredIn(configuration))
        {
            services.AddTwilioSmsSender(configuration);
        }
        else
        {
            services.AddSingleton<ISmsSender, PickupFolderSmsSender>();
        }

        return services;
    }

    /// <summary>Registers <see cref="TwilioSmsSender"/> as the <see cref="ISmsSender"/>, with its retries and timeouts.</summary>
    public static IServiceCollection AddTwilioSmsSender(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TwilioOptions>().Bind(configuration.GetSection(TwilioOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient<ISmsSender, TwilioSmsSender>(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("twilio", (pipeline, context) =>
            {
                var twilio = context.ServiceProvider.GetRequiredService<IOptions<TwilioOptions>>().Value;
                pipeline.AddTimeout(twilio.TotalTimeout);
                if (twilio.MaxRetries > 0)
                {
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        // The defaults retry 5xx, 408, 429, HttpRequestException and attempt timeouts, and never a 4xx rejection.
                        MaxRetryAttempts = twilio.MaxRetries,
                        Delay = twilio.RetryDelay,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        ShouldRetryAfterHeader = true,
                    });
                }

                pipeline.AddTimeout(twilio.AttemptTimeout);
            });
        return services;
    }
}
