using System.Text.RegularExpressions;

namespace Platform.Core.Tenancy;

/// <summary>The white-label look of a tenant: applied to every page of that tenant, sign-in included.</summary>
public sealed partial record TenantTheme
{
    public const int MaxLogoBytes = 256 * 1024;

    public static readonly IReadOnlyList<string> LogoContentTypes = ["image/png", "image/jpeg", "image/svg+xml", "image/webp"];

    public static readonly TenantTheme Default = new();

    public string PrimaryColor { get; init; } = "#1E63D6";

    public string SecondaryColor { get; init; } = "#FF7043";

    public ThemeFont Font { get; init; } = ThemeFont.System;

    public bool DarkMode { get; init; }

    /// <summary>Changes whenever the logo changes, so its URL can be cached for good.</summary>
    public string? LogoVersion { get; init; }

    public static bool IsHexColor(string? value) => value is not null && HexColor().IsMatch(value);

    /// <summary>Checks a theme before it is saved; returns the problems by field, empty when valid.</summary>
    public IReadOnlyDictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (!IsHexColor(PrimaryColor))
        {
            errors[nameof(PrimaryColor)] = ["Primary colour must be a hex colour such as #1E63D6."];
        }

        if (!IsHexColor(SecondaryColor))
        {
            errors[nameof(SecondaryColor)] = ["Secondary colour must be a hex colour such as #FF7043."];
        }

        if (!Enum.IsDefined(Font))
        {
            errors[nameof(Font)] = ["Choose one of the offered fonts."];
        }

        return errors;
    }

    [GeneratedRegex("^#[0-9A-Fa-f]{6}$")]
    private static partial Regex HexColor();
}

/// <summary>Font families that need no download: system stacks only, so pages stay fast and private.</summary>
public enum ThemeFont
{
    System = 0,
    Humanist = 1,
    Serif = 2,
    Rounded = 3,
    Monospace = 4,
}
