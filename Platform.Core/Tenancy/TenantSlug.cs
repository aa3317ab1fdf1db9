using System.Text.RegularExpressions;

namespace Platform.Core.Tenancy;

/// <summary>Rules for a tenant slug: it becomes a subdomain and a path segment, so DNS rules apply.</summary>
public static partial class TenantSlug
{
    public const int MinLength = 3;
    public const int MaxLength = 40;

    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "www", "api", "app", "admin", "host", "mail", "static", "assets", "cdn", "t", "account", "login",
        "status", "health", "docs", "help", "support", "billing", "platform", "localhost",
    };

    /// <summary>Returns null when the slug is usable, otherwise a message for the person who typed it.</summary>
    public static string? Validate(string? slug)
    {
        if (string.IsNullOrWhiteSpace(slug))
        {
            return "Enter a slug.";
        }

        if (slug.Length is < MinLength or > MaxLength)
        {
            return $"A slug has {MinLength} to {MaxLength} characters.";
        }

        if (!Pattern().IsMatch(slug))
        {
            return "Use lower-case letters, digits and single hyphens; start with a letter and end with a letter or digit.";
        }

        return Reserved.Contains(slug) ? $"'{slug}' is reserved." : null;
    }

    [GeneratedRegex("^[a-z](?:[a-z0-9]|-(?=[a-z0-9]))*[a-z0-9]$")]
    private static partial Regex Pattern();
}
