using System.Collections.Concurrent;
using System.Globalization;

namespace Platform.Core.Common;

/// <summary>
/// Prices as the reader writes them: the currency's own symbol and decimals, placed and separated as the current
/// culture does ("$70.00" in en-US, "70,00 €" in de-DE, "€1,200.50" in en-US for euros).
/// </summary>
public static class MoneyText
{
    private static readonly ConcurrentDictionary<(string Culture, string Currency), NumberFormatInfo> Formats = new();

    private static readonly ConcurrentDictionary<string, (string Symbol, int Decimals)?> Currencies = new(StringComparer.Ordinal);

    public static string Format(Money money, CultureInfo? culture = null)
    {
        culture ??= CultureInfo.CurrentCulture;
        return money.Amount.ToString("C", Formats.GetOrAdd((culture.Name, money.Currency), key => FormatOf(culture, key.Currency)));
    }

    private static NumberFormatInfo FormatOf(CultureInfo culture, string currency)
    {
        var format = (NumberFormatInfo)culture.NumberFormat.Clone();
        if (Currencies.GetOrAdd(currency, Describe) is { } known)
        {
            format.CurrencySymbol = known.Symbol;
            format.CurrencyDecimalDigits = known.Decimals;
        }
        else
        {
            format.CurrencySymbol = currency;
        }

        return format;
    }

    /// <summary>The symbol and decimals of a currency, from a culture that uses it (an English-speaking one first, so the symbol is the familiar one).</summary>
    private static (string Symbol, int Decimals)? Describe(string currency)
    {
        var own = CultureInfo.GetCultures(CultureTypes.SpecificCultures)
            .Where(c => TryRegion(c)?.ISOCurrencySymbol == currency)
            .OrderBy(c => c.TwoLetterISOLanguageName == "en" ? 0 : 1)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        return own is null ? null : (own.NumberFormat.CurrencySymbol, own.NumberFormat.CurrencyDecimalDigits);
    }

    private static RegionInfo? TryRegion(CultureInfo culture)
    {
        try
        {
            return new RegionInfo(culture.Name);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
