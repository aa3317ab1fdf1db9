using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;
using Platform.Tests.Support;
using Platform.Web.Security;

namespace Platform.Tests.Security;

/// <summary>
/// X-Forwarded-For is believed only from configured proxies. On Kestrel, not the in-memory test server: that one has
/// no peer address, and ASP.NET Core's forwarded-headers middleware believes any header from a peer without one.
/// </summary>
public sealed class ForwardedHeadersTests(ForwardedHeadersTests.App app) : IClassFixture<ForwardedHeadersTests.App>
{
    public const int PerMinute = 3;

    /// <summary>Nothing configured: the default, which trusts nobody, loopback included.</summary>
    public sealed class App() : KestrelAppFactory(TestDatabase.Sqlite)
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["RateLimits:InvalidApiKeysPerMinute"] = PerMinute.ToString(CultureInfo.InvariantCulture),
        };
    }

    [Fact]
    public async Task Rotating_x_forwarded_for_from_a_peer_that_is_no_configured_proxy_gets_no_fresh_allowance()
    {
        using var client = new HttpClient { BaseAddress = app.RootUri };
        for (var i = 0; i < PerMinute; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await GuessAsync(client, i, $"203.0.113.{i + 1}")).StatusCode);
        }

        // A new "client address" in the header changes nothing: the guesses all count against the real peer.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await GuessAsync(client, PerMinute, "198.51.100.77")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await GuessAsync(client, PerMinute + 1, "2001:db8::1")).StatusCode);
    }

    [Fact]
    public void Proxies_and_networks_come_from_configuration_and_a_bad_entry_stops_the_start()
    {
        var none = TrustedProxies.Options(Configuration([]));
        Assert.Equal(Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.None, none.ForwardedHeaders);
        Assert.Empty(none.KnownProxies);
        Assert.Empty(none.KnownIPNetworks);

        var some = TrustedProxies.Options(Configuration(new()
        {
            ["ForwardedHeaders:KnownProxies:0"] = "10.0.0.5",
            ["ForwardedHeaders:KnownProxies:1"] = "fd00::5",
            ["ForwardedHeaders:KnownNetworks"] = "172.16.0.0/12, 192.168.0.0/16",
        }));
        Assert.Equal(
            Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto,
            some.ForwardedHeaders);
        Assert.Equal([IPAddress.Parse("10.0.0.5"), IPAddress.Parse("fd00::5")], some.KnownProxies);
        Assert.Equal([System.Net.IPNetwork.Parse("172.16.0.0/12"), System.Net.IPNetwork.Parse("192.168.0.0/16")], some.KnownIPNetworks);

        // As the app gets them in tests and from "--ForwardedHeaders:KnownProxies:0=..." on the command line.
        var commandLine = TrustedProxies.Options(new ConfigurationBuilder().AddCommandLine(["--ForwardedHeaders:KnownProxies:0=10.0.0.5"]).Build());
        Assert.Equal([IPAddress.Parse("10.0.0.5")], commandLine.KnownProxies);

        var bad = Assert.Throws<InvalidOperationException>(() => TrustedProxies.Options(Configuration(new() { ["ForwardedHeaders:KnownNetworks:0"] = "10.0.0.0/33" })));
        Assert.Contains("ForwardedHeaders:KnownNetworks", bad.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => TrustedProxies.Options(Configuration(new() { ["ForwardedHeaders:KnownProxies:0"] = "proxy.internal" })));
    }

    internal static Task<HttpResponseMessage> GuessAsync(HttpClient client, int guess, string forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/tenant");
        request.Headers.Add("X-Api-Key", $"pk_guess_{guess}");
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return client.SendAsync(request);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}

/// <summary>With the test's own address configured as a proxy, the header is believed: each forwarded address has its own allowance.</summary>
public sealed class KnownProxyTests(KnownProxyTests.App app) : IClassFixture<KnownProxyTests.App>
{
    /// <summary>The test client connects over loopback, as IPv4 or IPv6: one is listed as a proxy, the other as a network.</summary>
    public sealed class App() : KestrelAppFactory(TestDatabase.Sqlite)
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["RateLimits:InvalidApiKeysPerMinute"] = ForwardedHeadersTests.PerMinute.ToString(CultureInfo.InvariantCulture),
            ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
            ["ForwardedHeaders:KnownNetworks:0"] = "::1/128",
        };
    }

    [Fact]
    public async Task Behind_a_configured_proxy_each_forwarded_client_address_has_its_own_allowance()
    {
        using var client = new HttpClient { BaseAddress = app.RootUri };
        for (var i = 0; i < ForwardedHeadersTests.PerMinute; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await ForwardedHeadersTests.GuessAsync(client, i, "203.0.113.1")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await ForwardedHeadersTests.GuessAsync(client, 10, "203.0.113.1")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ForwardedHeadersTests.GuessAsync(client, 11, "198.51.100.77")).StatusCode);
    }
}
