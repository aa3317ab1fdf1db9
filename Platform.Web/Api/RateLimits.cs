using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
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
/// (<see cref="RateLimitOptions.InvalidApiKeysPerMinute"/> a minute); an address that used them up is answered
/// 429 before its key is even looked up, whatever key it sends, until its minute is over. Valid keys never spend
/// tokens, so a client with a working key is not slowed by this.
/// </summary>
public sealed class InvalidApiKeyThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _failures;

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
    }

    /// <summary>A refused lease when the address has used up its failures (answer with it), else null.</summary>
    public RateLimitLease? Refusal(HttpContext context)
    {
        var lease = _failures.AttemptAcquire(AddressOf(context), 0);
        if (lease.IsAcquired)
        {
            lease.Dispose();
            return null;
        }

        return lease;
    }

    /// <summary>Counts a failed key against the address.</summary>
    public void Failed(HttpContext context) => _failures.AttemptAcquire(AddressOf(context)).Dispose();

    public void Dispose() => _failures.Dispose();

    private static string AddressOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
