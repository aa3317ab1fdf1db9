using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Platform.Core.Push;
using Polly;

namespace Platform.Infrastructure.Push;

/// <summary>Registers Web Push (<see cref="IWebPushSender"/>) and FCM mobile push (<see cref="IMobilePushSender"/>).</summary>
public static class PushServiceCollectionExtensions
{
    public static IServiceCollection AddPushSenders(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<VapidOptions>().Bind(configuration.GetSection(VapidOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<FcmOptions>().Bind(configuration.GetSection(FcmOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddHostedService<VapidKeyAdvisor>();

        services.AddHttpClient<IWebPushSender, WebPushSender>(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("web-push", (pipeline, context) =>
                AddRetries(pipeline, context.ServiceProvider.GetRequiredService<IOptions<VapidOptions>>().Value.Timeout));

        services.AddSingleton<FcmAccessTokens>();
        services.AddHttpClient(FcmAccessTokens.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("fcm-token", (pipeline, context) =>
                AddRetries(pipeline, context.ServiceProvider.GetRequiredService<IOptions<FcmOptions>>().Value.Timeout));
        services.AddHttpClient<IMobilePushSender, FcmSender>(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("fcm", (pipeline, context) =>
                AddRetries(pipeline, context.ServiceProvider.GetRequiredService<IOptions<FcmOptions>>().Value.Timeout));
        return services;
    }

    // Push services answer 429 and 5xx under load; two retries with backoff (and their Retry-After) ride that out.
    private static void AddRetries(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, TimeSpan attemptTimeout) =>
        pipeline
            .AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = 2,
                Delay = TimeSpan.FromMilliseconds(500),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldRetryAfterHeader = true,
            })
            .AddTimeout(attemptTimeout);
}
