using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Caching.Memory;
using Platform.Core.Errors;
using Platform.Core.Tenancy;
using Platform.Web.Security;

namespace Platform.Web.Api;

/// <summary>Requests a minute the API allows, from section <c>RateLimits</c>.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Per API key.</summary>
    [Range(1, 100_000)]
    public int ApiKeyPerMinute { get; set; } = 60;

    /// <summary>Per signed-in user calling the API with the cookie, and per address for anonymous calls.</summary>
    [Range(1, 100_000)]
    public int UserPerMinute { get; set; } = 300;

    /// <summary>Unknown, revoked or expired API keys per client address before that address is refused for a while.</summary>
    [Range(1, 100_000)]
    public int InvalidApiKeysPerMinute { get; set; } = 20;
}

/// <summary>
/// Token buckets for /api: one per API key and one per signed-in user, each partition named with the
/// tenant id. A rejection is a 429 problem with code <c>rate_limited</c> and Retry-After in seconds.
/// State is in memory, per node (Redis-backed limits come with scale-out).
/// </summary>
public static class RateLimits
{
    public const string ApiPolicy = "api";

    public static IServiceCollection AddPlatformRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<InvalidApiKeyThrottle>();
        services.AddRateLimiter(options =>
        {
            options.AddPolicy(ApiPolicy, Partition);
            options.OnRejected = RejectAsync;
        });
        return services;
    }

    private static RateLimitPartition<string> Partition(HttpContext context)
    {
        var limits = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<RateLimitOptions>>().Value;
        var user = context.User;
        var tenant = context.RequestServices.GetRequiredService<ITenantContext>().TenantId?.ToString("D") ?? "host";
        if (user.FindFirstValue(ApiKeyAuthentication.KeyIdClaim) is { } keyId)
        {
            return Bucket($"key:{tenant}:{keyId}", limits.ApiKeyPerMinute);
        }

        return user.Identity?.IsAuthenticated == true
            ? Bucket($"user:{tenant}:{user.FindFirstValue(ClaimTypes.NameIdentifier)}", limits.UserPerMinute)
            : Bucket($"anonymous:{tenant}:{context.Connection.RemoteIpAddress}", limits.UserPerMinute);
    }

    private static RateLimitPartition<string> Bucket(string key, int perMinute) =>
        RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute,
            TokensPerPeriod = perMinute,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });

    private static ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken ct) =>
        new(TooManyAsync(rejected.HttpContext, rejected.Lease));

    /// <summary>The 429 problem with <c>Retry-After</c> from the refused lease (a minute when it does not say).</summary>
    public static async Task TooManyAsync(HttpContext context, RateLimitLease lease)
    {
        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await TypedResults.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many requests.",
            detail: $"Try again in {seconds} seconds.",
            extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.TooManyRequests })
            .ExecuteAsync(context);
    }
}

/// <summary>
/// Guessing API keys: every unknown, revoked or expired key counts against its client address
/// (<see cref="RateLimitOptions.InvalidApiKeysPerMinute"/> a minute). Valid keys never spend tokens.
/// <para>
/// An address that used up its failures is answered 429 before any lookup, whatever key it sends, until its
/// minute is over; the only exception is a key that already authenticated from this very address (within
/// <see cref="ProvenFor"/>). So the clients behind a shared proxy or NAT that were working before someone
/// among them started guessing go on working, while a guess past the limit, a right one included, is refused
/// just like a wrong one: the answer teaches the guesser nothing, and a list of leaked keys cannot be tried out
/// at more than the allowance. A key that was never used from the address (a new client joining while the
/// guessing goes on) waits out the minute too: that is the price of not answering "valid" to a guesser.
/// See docs/decisions/0018.
/// </para>
/// <para>
/// Checking the key first and letting every valid key through was rejected: a cheap lookup (a SHA-256 hash
/// and an index seek) but an oracle, since 200 against 429 says as much as 200 against 401 did. Proven pairs
/// are kept in memory, per node, at most <see cref="MaxProvenPairs"/> of them; a guesser cannot add any.
/// </para>
/// </summary>
public sealed class InvalidApiKeyThrottle : IDisposable
{
    /// <summary>How long a key that authenticated from an address stays let through a refusal of that address, from its last use.</summary>
    public static readonly TimeSpan ProvenFor = TimeSpan.FromDays(1);

    /// <summary>The most (address, key) pairs remembered; past it new pairs are not remembered until old ones expire.</summary>
    public const int MaxProvenPairs = 100_000;

    private readonly PartitionedRateLimiter<string> _failures;
    private readonly MemoryCache _proven;

    public InvalidApiKeyThrottle(Microsoft.Extensions.Options.IOptions<RateLimitOptions> options)
    {
        var perMinute = options.Value.InvalidApiKeysPerMinute;
        // A fixed window, not a token bucket: a partitioned token bucket refills continuously in fractions, and the
        // zero-permit probe in Refusal would count a fraction of a token as room for another guess.
        _failures = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = perMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
        _proven = new MemoryCache(new MemoryCacheOptions { SizeLimit = MaxProvenPairs });
    }

    /// <summary>
    /// A refused lease when the address has used up its failures and <paramref name="keyHash"/> (the SHA-256 hash of
    /// the key sent) never authenticated from it (answer with the lease), else null.
    /// </summary>
    public RateLimitLease? Refusal(HttpContext context, string keyHash)
    {
        var address = AddressOf(context);
        var lease = _failures.AttemptAcquire(address, 0);
        if (lease.IsAcquired || _proven.TryGetValue(ProvenKey(address, keyHash), out _))
        {
            lease.Dispose();
            return null;
        }

        return lease;
    }

    /// <summary>Counts a failed key against the address.</summary>
    public void Failed(HttpContext context) => _failures.AttemptAcquire(AddressOf(context)).Dispose();

    /// <summary>Remembers that the key with <paramref name="keyHash"/> is usable from this address (a valid key: the caller knew it).</summary>
    public void Succeeded(HttpContext context, string keyHash)
    {
        var key = ProvenKey(AddressOf(context), keyHash);
        if (!_proven.TryGetValue(key, out _))
        {
            _proven.Set(key, true, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = ProvenFor });
        }
    }

    public void Dispose()
    {
        _failures.Dispose();
        _proven.Dispose();
    }

    private static string AddressOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static string ProvenKey(string address, string keyHash) => $"{address} {keyHash}";
}
