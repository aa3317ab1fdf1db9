using System.Collections.Concurrent;
using System.Globalization;
using Platform.Core.Common;

namespace Platform.Web.Components.Pages.App.Services;

/// <summary>Prices as people read them: in the currency's own symbol and decimals ($95.00, €48.00, ¥1,200).</summary>
public static class MoneyText
{
    private static readonly ConcurrentDictionary<string, NumberFormatInfo> Formats = new(StringComparer.Ordinal);

    public static string Format(Money money) => money.Amount.ToString("C", Formats.GetOrAdd(money.Currency, FormatOf));

    private static NumberFormatInfo FormatOf(string currency)
    {
        // An English-speaking culture of the currency where there is one, so the symbol is the familiar one.
        var cultures = CultureInfo.GetCultures(CultureTypes.SpecificCultures)
            .Where(c => TryRegion(c)?.ISOCurrencySymbol == currency)
            .OrderBy(c => c.TwoLetterISOLanguageName == "en" ? 0 : 1)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
        if (cultures.Count == 0)
        {
            var fallback = (NumberFormatInfo)CultureInfo.InvariantCulture.NumberFormat.Clone();
            fallback.CurrencySymbol = currency + " ";
            return fallback;
        }

        var format = (NumberFormatInfo)CultureInfo.GetCultureInfo("en-US").NumberFormat.Clone();
        var own = cultures[0].NumberFormat;
        format.CurrencySymbol = own.CurrencySymbol;
        format.CurrencyDecimalDigits = own.CurrencyDecimalDigits;
        return format;
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
