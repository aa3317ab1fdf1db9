using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Notifications;
using Platform.Infrastructure.Events;
using Platform.Infrastructure.Realtime;
using StackExchange.Redis;

namespace Platform.Infrastructure.Notifications;

public static class NotificationServiceCollectionExtensions
{
    /// <summary>Notifications: publisher, inbox, preferences, templates, delivery, and the bus (Redis when <c>Redis:Connection</c> is set).</summary>
    public static IServiceCollection AddPlatformNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<NotificationPublisher>();
        services.AddScoped<INotificationInbox, NotificationInbox>();
        services.AddScoped<NotificationPreferences>();
        services.AddScoped<CustomerNotificationSettings>();
        services.AddScoped<NotificationTemplates>();
        services.AddScoped<AccountEmails>();
        services.AddOptions<TenantLinkOptions>().Bind(configuration.GetSection(Tenancy.TenancyOptions.Section));
        services.AddScoped<TenantAddresses>();
        services.AddScoped<INotificationDelivery, OutboxNotificationDelivery>();
        services.AddScoped<SentMessages>();
        services.AddMessageHandler<SendOutgoingMessage, SendOutgoingMessageHandler>();
        services.AddScoped<BrowserPushSubscriptions>();
        services.AddMessageHandler<SendBrowserPush, SendBrowserPushHandler>();
        services.AddBookingNotifications();

        services.AddSingleton<NotificationListeners>();
        services.AddScoped<NotificationFeed>();
        services.AddOptions<RedisOptions>().Bind(configuration.GetSection(RedisOptions.Section));
        var redis = configuration.GetSection(RedisOptions.Section).Get<RedisOptions>()?.Connection;
        if (string.IsNullOrWhiteSpace(redis))
        {
            services.AddSingleton<INotificationBus, InProcessNotificationBus>();
            services.AddSingleton<IBookingSignals, InProcessBookingSignals>();
        }
        else
        {
            services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redis));
            services.AddSingleton<INotificationBus, RedisNotificationBus>();
            services.AddHostedService<RedisNotificationSubscription>();
            services.AddSingleton<IBookingSignals, RedisBookingSignals>();
            services.AddHostedService<RedisBookingSubscription>();
        }

        return services;
    }
}
