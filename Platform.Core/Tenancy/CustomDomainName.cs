using System.Text.RegularExpressions;

namespace Platform.Core.Tenancy;

/// <summary>Rules for a tenant's custom domain such as book.acme-physio.com.</summary>
public static partial class CustomDomainName
{
    /// <summary>Lower-cases and trims a host name as typed; strips a scheme or trailing slash people paste in.</summary>
    public static string Normalize(string host)
    {
        var value = host.Trim().ToLowerInvariant();
        foreach (var scheme in (string[])["https://", "http://"])
        {
            if (value.StartsWith(scheme, StringComparison.Ordinal))
            {
                value = value[scheme.Length..];
            }
        }

        return value.TrimEnd('/', '.');
    }

    /// <summary>Returns null when the normalized host name is usable, otherwise the reason.</summary>
    public static string? Validate(string host, string baseDomain)
    {
        if (host.Length is 0 or > 253)
        {
            return "Enter a domain name of at most 253 characters.";
        }

        if (!Pattern().IsMatch(host))
        {
            return "Enter a domain name such as book.example.com, without a path or port.";
        }

        if (host == baseDomain || host.EndsWith("." + baseDomain, StringComparison.Ordinal))
        {
            return $"Domains under {baseDomain} belong to the platform; choose your own domain.";
        }

        return null;
    }

    [GeneratedRegex("^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$")]
    private static partial Regex Pattern();
}
