using System.Globalization;

namespace Platform.Core.Tenancy;

/// <summary>
/// The language and region a tenant's dates, times and prices are written in (a specific culture such as en-US
/// or de-DE): 12- or 24-hour clock, day and month order, decimal separator and where the currency symbol goes.
/// </summary>
public static class TenantCultures
{
    public const string Default = "en-US";

    public const int MaxLength = 16;

    /// <summary>The cultures the host offers in its pickers; any other specific culture the runtime knows is accepted too.</summary>
    public static readonly IReadOnlyList<string> Offered =
    [
        "en-US", "en-GB", "en-CA", "en-AU", "en-IE", "en-IN", "en-NZ", "en-ZA",
        "de-DE", "de-AT", "de-CH", "fr-FR", "fr-BE", "fr-CA", "fr-CH", "it-IT", "es-ES", "es-MX",
        "nl-NL", "nl-BE", "pt-PT", "pt-BR", "da-DK", "sv-SE", "nb-NO", "fi-FI", "pl-PL", "cs-CZ", "ja-JP",
    ];

    /// <summary>True for a specific culture (language and region) this runtime can format in, such as de-DE; "de" or "xx-YY" are not.</summary>
    public static bool IsValid(string? name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > MaxLength || name.Trim() != name)
        {
            return false;
        }

        try
        {
            var culture = CultureInfo.GetCultureInfo(name, predefinedOnly: true);
            return !culture.IsNeutralCulture && culture.Name.Length > 0 && string.Equals(culture.Name, name, StringComparison.OrdinalIgnoreCase);
        }
        catch (CultureNotFoundException)
        {
            return false;
        }
    }

    /// <summary>The culture of <paramref name="name"/>, or <see cref="Default"/> for a name this runtime does not know.</summary>
    public static CultureInfo Of(string? name) => CultureInfo.GetCultureInfo(IsValid(name) ? name! : Default);

    /// <summary>
    /// The first specific culture in a browser's Accept-Language header (q-values honoured; a bare language such as
    /// "de" becomes its usual region, de-DE); null when none is usable.
    /// </summary>
    public static CultureInfo? FromAcceptLanguage(string? header)
    {
        if (string.IsNullOrWhiteSpace(header) || header.Length > 512)
        {
            return null;
        }

        var ranked = header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select((part, index) =>
            {
                var pieces = part.Split(';', StringSplitOptions.TrimEntries);
                var q = pieces.Skip(1).Select(p => p.StartsWith("q=", StringComparison.Ordinal)
                    && double.TryParse(p[2..], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var v) ? v : (double?)null)
                    .FirstOrDefault(v => v is not null) ?? 1.0;
                return (Tag: pieces[0], Q: q, Index: index);
            })
            .Where(x => x.Q > 0 && x.Tag != "*")
            .OrderByDescending(x => x.Q).ThenBy(x => x.Index);
        foreach (var (tag, _, _) in ranked)
        {
            if (IsValid(tag))
            {
                return CultureInfo.GetCultureInfo(tag);
            }

            try
            {
                var specific = CultureInfo.CreateSpecificCulture(tag);
                if (specific.Name.Length > 0 && IsValid(specific.Name))
                {
                    return CultureInfo.GetCultureInfo(specific.Name);
                }
            }
            catch (CultureNotFoundException)
            {
                // Not a culture this runtime knows: try the next one.
            }
        }

        return null;
    }
}
