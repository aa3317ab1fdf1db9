using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Platform.Infrastructure.Realtime;

/// <summary>The Redis connection string; without one, notifications stay on this node.</summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";

    /// <summary>StackExchange.Redis configuration, e.g. <c>127.0.0.1:6379</c>.</summary>
    public string? Connection { get; set; }
}

/// <summary>
/// Several nodes: a notification is published to its tenant's Redis channel; every node (this one too)
/// receives it through its pattern subscription and hands it to its own listeners.
/// </summary>
public sealed class RedisNotificationBus(IConnectionMultiplexer redis) : INotificationBus
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task PublishAsync(IReadOnlyList<NotificationSignal> signals, CancellationToken ct = default)
    {
        var subscriber = redis.GetSubscriber();
        foreach (var signal in signals)
        {
            var channel = RedisChannel.Literal(NotificationListeners.ChannelOf(signal.TenantId));
            await subscriber.PublishAsync(channel, JsonSerializer.Serialize(signal, Json));
        }
    }
}

/// <summary>Subscribes this node to every tenant's notification channel for as long as the app runs.</summary>
public sealed class RedisNotificationSubscription(IConnectionMultiplexer redis, NotificationListeners listeners, ILogger<RedisNotificationSubscription> logger)
    : IHostedService
{
    private static readonly RedisChannel Pattern = RedisChannel.Pattern("platform:tenant:*:notifications");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var queue = await redis.GetSubscriber().SubscribeAsync(Pattern);
        // Messages are handled one at a time in order, off Redis's own reader thread.
        queue.OnMessage(async message =>
        {
            try
            {
                var signal = JsonSerializer.Deserialize<NotificationSignal>((string)message.Message!, RedisNotificationBus.Json);
                // The channel names the tenant: a message whose body claims another tenant is dropped.
                if (signal is not null && message.Channel.ToString() == NotificationListeners.ChannelOf(signal.TenantId))
                {
                    await listeners.DispatchAsync(signal);
                }
            }
            catch (JsonException e)
            {
                logger.LogWarning(e, "Dropped a malformed notification from Redis channel {Channel}", message.Channel.ToString());
            }
        });
    }

    public Task StopAsync(CancellationToken cancellationToken) => redis.GetSubscriber().UnsubscribeAsync(Pattern);
}
