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
    public const string Topic = "notifications";

    public async Task PublishAsync(IReadOnlyList<NotificationSignal> signals, CancellationToken ct = default)
    {
        foreach (var signal in signals)
        {
            await RedisTenantTopic.PublishAsync(redis, Topic, signal.TenantId, signal);
        }
    }
}

/// <summary>Subscribes this node to every tenant's notification channel for as long as the app runs.</summary>
public sealed class RedisNotificationSubscription(IConnectionMultiplexer redis, NotificationListeners listeners, ILogger<RedisNotificationSubscription> logger)
    : RedisTenantTopic<NotificationSignal>(redis, RedisNotificationBus.Topic, logger)
{
    protected override Guid TenantOf(NotificationSignal signal) => signal.TenantId;

    protected override Task DispatchAsync(NotificationSignal signal) => listeners.DispatchAsync(signal);
}

/// <summary>
/// One kind of signal on a Redis channel per tenant, <c>platform:tenant:{id}:{topic}</c>: this node subscribes to the
/// topic of every tenant for as long as the app runs and hands what it hears to its own listeners, in order, off Redis's
/// reader thread. The channel names the tenant: a message whose body claims another tenant is dropped.
/// </summary>
public abstract class RedisTenantTopic<TSignal>(IConnectionMultiplexer redis, string topic, ILogger logger) : IHostedService
{
    private readonly RedisChannel _pattern = RedisChannel.Pattern($"platform:tenant:*:{topic}");

    protected abstract Guid TenantOf(TSignal signal);

    protected abstract Task DispatchAsync(TSignal signal);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var queue = await redis.GetSubscriber().SubscribeAsync(_pattern);
        queue.OnMessage(async message =>
        {
            try
            {
                var signal = JsonSerializer.Deserialize<TSignal>((string)message.Message!, RedisTenantTopic.Json);
                if (signal is not null && message.Channel.ToString() == RedisTenantTopic.ChannelOf(topic, TenantOf(signal)))
                {
                    await DispatchAsync(signal);
                }
            }
            catch (JsonException e)
            {
                logger.LogWarning(e, "Dropped a malformed message from Redis channel {Channel}", message.Channel.ToString());
            }
        });
    }

    public Task StopAsync(CancellationToken cancellationToken) => redis.GetSubscriber().UnsubscribeAsync(_pattern);
}

/// <summary>Publishing on a tenant's channel of a topic (<see cref="RedisTenantTopic{TSignal}"/>).</summary>
public static class RedisTenantTopic
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string ChannelOf(string topic, Guid tenantId) => $"platform:tenant:{tenantId:N}:{topic}";

    public static Task PublishAsync<TSignal>(IConnectionMultiplexer redis, string topic, Guid tenantId, TSignal signal) =>
        redis.GetSubscriber().PublishAsync(RedisChannel.Literal(ChannelOf(topic, tenantId)), JsonSerializer.Serialize(signal, Json));
}
