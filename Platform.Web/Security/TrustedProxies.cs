using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Platform.Web.Security;

/// <summary>
/// Which peers may tell the app, in <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c>, who the client is and
/// whether it came over TLS: the addresses in <c>ForwardedHeaders:KnownProxies</c> and the ranges in
/// <c>ForwardedHeaders:KnownNetworks</c> (CIDR), nobody else. Both are empty by default, so nobody is trusted,
/// loopback included (ASP.NET Core's own default trusts loopback, which let anything on the machine, or a proxy
/// passing the header through, pick the address that rate limits and the invalid-key throttle count against).
/// A reverse proxy in front of the app must be listed. With none listed the headers are not read at all (the
/// middleware would trust every peer if both lists were merely empty). Once one is listed, a connection without an IP
/// address (a Unix socket) is trusted by the middleware itself, as only a local proxy can reach it.
/// </summary>
public static class TrustedProxies
{
    public const string Section = "ForwardedHeaders";

    /// <summary>The forwarded-headers options from configuration; a value that is not an address or a CIDR range stops the start.</summary>
    public static ForwardedHeadersOptions Options(IConfiguration configuration)
    {
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
        };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        var section = configuration.GetSection(Section);
        foreach (var value in Values(section.GetSection("KnownProxies")))
        {
            options.KnownProxies.Add(IPAddress.TryParse(value, out var address)
                ? address
                : throw new InvalidOperationException($"{Section}:KnownProxies: '{value}' is not an IP address."));
        }

        foreach (var value in Values(section.GetSection("KnownNetworks")))
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(value, out var network)
                ? network
                : throw new InvalidOperationException($"{Section}:KnownNetworks: '{value}' is not a CIDR range such as 10.0.0.0/8."));
        }

        if (options.KnownProxies.Count == 0 && options.KnownIPNetworks.Count == 0)
        {
            // The middleware checks the peer only when a list has entries: with both empty it would trust everyone.
            options.ForwardedHeaders = ForwardedHeaders.None;
        }

        return options;
    }

    /// <summary>
    /// An array (<c>KnownProxies:0</c>, <c>KnownProxies:1</c>) or one comma-separated string, as environment variables make
    /// easy. A section that has children may still report an empty value of its own (the command-line provider does).
    /// </summary>
    private static IEnumerable<string> Values(IConfigurationSection section) =>
        section.GetChildren().Select(c => c.Value).Prepend(section.Value)
            .SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
