namespace Platform.Core.Tenancy;

/// <summary>ISO 4217 currencies a tenant may use as its default.</summary>
public static class Currencies
{
    public static readonly IReadOnlyList<string> Supported =
    [
        "USD", "EUR", "GBP", "CHF", "CAD", "AUD", "NZD", "JPY", "SEK", "NOK", "DKK", "PLN", "CZK", "HUF",
        "SGD", "HKD", "INR", "BRL", "MXN", "ZAR", "AED",
    ];

    public static bool IsSupported(string? code) => code is not null && Supported.Contains(code);
}

public static class TimeZones
{
    /// <summary>True for an IANA id this machine knows, such as Europe/Berlin.</summary>
    public static bool IsValidIana(string? id) =>
        !string.IsNullOrWhiteSpace(id) && id.Length <= 64 &&
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId;

    public static IReadOnlyList<string> All { get; } =
        [.. TimeZoneInfo.GetSystemTimeZones().Where(z => z.HasIanaId).Select(z => z.Id).Order(StringComparer.Ordinal)];
}
