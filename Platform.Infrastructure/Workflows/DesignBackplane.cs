using StackExchange.Redis;

namespace Platform.Infrastructure.Workflows;

/// <summary>Which draft a room is about: the tenant and the workflow, which every key and channel of the room names.</summary>
public readonly record struct DesignKey(Guid Tenant, Guid Workflow)
{
    /// <summary>The prefix of the room's Redis keys and its channel, under the tenant's prefix as notifications are.</summary>
    public string Prefix => $"platform:tenant:{Tenant:N}:design:{Workflow:N}";
}

/// <summary>Where the room's shared state starts: the document at <see cref="Seq"/>, up to which edit it is saved, and the stored draft's revision then.</summary>
public sealed record DesignBase(string DocumentJson, long Seq, long SavedSeq, string Revision);

/// <summary>
/// Where the rooms of one draft on several nodes meet (ADR 0036). It holds the draft's shared state while anyone has it
/// open: a base document and the log of edits after it, numbered by one counter, so every node applies the same edits in
/// the same order; and a channel for what is not stored (who is there, pointers, saves, news of an edit). Without Redis
/// there is none and each node's room orders its edits itself.
/// </summary>
public interface IDesignBackplane
{
    /// <summary>The shared base, made from the stored draft when nobody has the draft open anywhere.</summary>
    Task<DesignBase> OpenAsync(DesignKey key, string storedJson, string storedRevision);

    /// <summary>Appends an edit (as JSON) to the log and tells every node; its number, or null when the room's state is gone.</summary>
    Task<long?> AppendAsync(DesignKey key, string entryJson);

    /// <summary>The edits after <paramref name="after"/>, in order.</summary>
    Task<IReadOnlyList<(long Seq, string Json)>> ReadAsync(DesignKey key, long after);

    /// <summary>
    /// The draft is stored up to <paramref name="seq"/> as <paramref name="documentJson"/>: the base moves there, so a room
    /// that opens later replays only what came after. The log keeps the older edits (it goes with the rest of the state):
    /// a node a little behind still reads every edit in order.
    /// </summary>
    Task SavedAsync(DesignKey key, long seq, string revision, string documentJson);

    /// <summary>Hears the room's channel until the result is disposed.</summary>
    Task<IAsyncDisposable> SubscribeAsync(DesignKey key, Action<string> heard);

    Task PublishAsync(DesignKey key, string message);

    /// <summary>Says who is on <paramref name="node"/> (kept for nodes that come later) and tells the others.</summary>
    Task HereAsync(DesignKey key, Guid node, string message);

    /// <summary>Says <paramref name="node"/> has nobody here any more, and tells the others.</summary>
    Task GoneAsync(DesignKey key, Guid node, string message);

    /// <summary>What each node last said about who is on it.</summary>
    Task<IReadOnlyList<string>> PresentAsync(DesignKey key);

    /// <summary>Keeps the room's state for a while longer: it goes <see cref="RedisDesignBackplane.Kept"/> after the last node stops asking.</summary>
    Task KeepAsync(DesignKey key);
}

/// <summary>The design rooms' state in Redis: a hash for the base, a counter and a stream for the edits, a channel for the rest.</summary>
public sealed class RedisDesignBackplane(IConnectionMultiplexer redis) : IDesignBackplane
{
    /// <summary>How long a draft's shared state outlives the last node that had it open.</summary>
    public static readonly TimeSpan Kept = TimeSpan.FromMinutes(2);

    private static readonly string KeptSeconds = ((int)Kept.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);

    // KEYS: base, counter, edits. ARGV: stored document, stored revision, seconds to keep.
    private const string OpenScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 then
          local seq = redis.call('GET', KEYS[2]) or '0'
          redis.call('HSET', KEYS[1], 'doc', ARGV[1], 'seq', seq, 'saved', seq, 'revision', ARGV[2])
          redis.call('SET', KEYS[2], seq)
        end
        for i = 1, #KEYS do redis.call('EXPIRE', KEYS[i], ARGV[3]) end
        return redis.call('HMGET', KEYS[1], 'doc', 'seq', 'saved', 'revision')
        """;

    // KEYS: base, counter, edits. ARGV: entry, seconds to keep, channel. The number and the entry are written together.
    private const string AppendScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
        local seq = redis.call('INCR', KEYS[2])
        redis.call('XADD', KEYS[3], seq .. '-1', 'e', ARGV[1])
        for i = 1, #KEYS do redis.call('EXPIRE', KEYS[i], ARGV[2]) end
        redis.call('PUBLISH', ARGV[3], '{"kind":"edit","seq":' .. seq .. '}')
        return seq
        """;

    // KEYS: base. ARGV: seq, revision, document. A later save never gives way to an earlier one.
    private const string SavedScript = """
        local saved = tonumber(redis.call('HGET', KEYS[1], 'saved') or '0')
        if tonumber(ARGV[1]) < saved then return 0 end
        redis.call('HSET', KEYS[1], 'doc', ARGV[3], 'seq', ARGV[1], 'saved', ARGV[1], 'revision', ARGV[2])
        return 1
        """;

    private const string KeepScript = "for i = 1, #KEYS do redis.call('EXPIRE', KEYS[i], ARGV[1]) end return 1";

    // KEYS: people. ARGV: node, message, seconds to keep, channel.
    private const string HereScript = """
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        redis.call('EXPIRE', KEYS[1], ARGV[3])
        redis.call('PUBLISH', ARGV[4], ARGV[2])
        return 1
        """;

    // KEYS: people. ARGV: node, message, channel.
    private const string GoneScript = """
        redis.call('HDEL', KEYS[1], ARGV[1])
        redis.call('PUBLISH', ARGV[3], ARGV[2])
        return 1
        """;

    public async Task<DesignBase> OpenAsync(DesignKey key, string storedJson, string storedRevision)
    {
        var values = (RedisValue[])(await redis.GetDatabase().ScriptEvaluateAsync(OpenScript, Keys(key), [storedJson, storedRevision, KeptSeconds]))!;
        return new DesignBase(values[0]!, (long)values[1], (long)values[2], values[3]!);
    }

    public async Task<long?> AppendAsync(DesignKey key, string entryJson)
    {
        var seq = (long)await redis.GetDatabase().ScriptEvaluateAsync(AppendScript, Keys(key), [entryJson, KeptSeconds, Channel(key)]);
        return seq < 0 ? null : seq;
    }

    public async Task<IReadOnlyList<(long Seq, string Json)>> ReadAsync(DesignKey key, long after)
    {
        var entries = await redis.GetDatabase().StreamRangeAsync($"{key.Prefix}:edits", $"{after + 1}-0", "+");
        return [.. entries.Select(e => (long.Parse(((string)e.Id!).Split('-')[0], System.Globalization.CultureInfo.InvariantCulture), (string)e["e"]!))];
    }

    public Task SavedAsync(DesignKey key, long seq, string revision, string documentJson) =>
        redis.GetDatabase().ScriptEvaluateAsync(SavedScript, [$"{key.Prefix}:base"], [seq, revision, documentJson]);

    public async Task<IAsyncDisposable> SubscribeAsync(DesignKey key, Action<string> heard)
    {
        var queue = await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(Channel(key)));
        // One message at a time, in the order the channel gave them.
        queue.OnMessage(message => heard((string)message.Message!));
        return new Subscription(queue);
    }

    public Task PublishAsync(DesignKey key, string message) =>
        redis.GetSubscriber().PublishAsync(RedisChannel.Literal(Channel(key)), message);

    public Task HereAsync(DesignKey key, Guid node, string message) =>
        redis.GetDatabase().ScriptEvaluateAsync(HereScript, [$"{key.Prefix}:people"], [node.ToString("N"), message, KeptSeconds, Channel(key)]);

    public Task GoneAsync(DesignKey key, Guid node, string message) =>
        redis.GetDatabase().ScriptEvaluateAsync(GoneScript, [$"{key.Prefix}:people"], [node.ToString("N"), message, Channel(key)]);

    public async Task<IReadOnlyList<string>> PresentAsync(DesignKey key) =>
        [.. (await redis.GetDatabase().HashValuesAsync($"{key.Prefix}:people")).Select(v => (string)v!)];

    public Task KeepAsync(DesignKey key) => redis.GetDatabase().ScriptEvaluateAsync(KeepScript, Keys(key), [KeptSeconds]);

    private static RedisKey[] Keys(DesignKey key) => [$"{key.Prefix}:base", $"{key.Prefix}:seq", $"{key.Prefix}:edits"];

    private static string Channel(DesignKey key) => key.Prefix;

    private sealed class Subscription(ChannelMessageQueue queue) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await queue.UnsubscribeAsync();
    }
}
