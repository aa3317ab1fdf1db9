using System.Globalization;

namespace Platform.Core.Common;

/// <summary>
/// Dates and times as people of a culture write them: "9:00 AM" and "Mon, Dec 7" in en-US, "09:00" and "Mo., 7. Dez."
/// in de-DE. Every method takes a local wall-clock time (already in the tenant's or the visitor's zone) and the
/// culture, the current one when none is given; the current culture of a request or circuit is the tenant's, or on
/// the portal the visitor's browser's.
/// </summary>
public static class LocalText
{
    /// <summary>9:00 AM · 09:00</summary>
    public static string Time(DateTime local, CultureInfo? culture = null) => local.ToString("t", culture ?? CultureInfo.CurrentCulture);

    /// <summary>9:00 AM · 09:00</summary>
    public static string Time(TimeOnly time, CultureInfo? culture = null) => time.ToString("t", culture ?? CultureInfo.CurrentCulture);

    /// <summary>9:00 AM–9:45 AM · 09:00–09:45</summary>
    public static string TimeRange(DateTime start, DateTime end, CultureInfo? culture = null) => $"{Time(start, culture)}–{Time(end, culture)}";

    /// <summary>Dec 7 · 7. Dez.</summary>
    public static string DayMonth(DateTime local, CultureInfo? culture = null)
    {
        culture ??= CultureInfo.CurrentCulture;
        return local.ToString(ShortMonthDayPattern(culture), culture);
    }

    /// <summary>Mon, Dec 7 · Mo, 7. Dez.</summary>
    public static string ShortDay(DateTime local, CultureInfo? culture = null)
    {
        culture ??= CultureInfo.CurrentCulture;
        return local.ToString("ddd", culture) + ", " + DayMonth(local, culture);
    }

    /// <summary>Mon, Dec 7, 9:00 AM · Mo, 7. Dez., 09:00</summary>
    public static string ShortDayTime(DateTime local, CultureInfo? culture = null) => $"{ShortDay(local, culture)}, {Time(local, culture)}";

    /// <summary>Monday, December 7 · Montag, 7. Dezember</summary>
    public static string DayName(DateTime local, CultureInfo? culture = null)
    {
        culture ??= CultureInfo.CurrentCulture;
        return local.ToString("dddd", culture) + ", " + local.ToString(culture.DateTimeFormat.MonthDayPattern, culture);
    }

    /// <summary>Monday, December 7, 2026 · Montag, 7. Dezember 2026</summary>
    public static string LongDate(DateTime local, CultureInfo? culture = null) => local.ToString("D", culture ?? CultureInfo.CurrentCulture);

    /// <summary>Monday, December 7, 2026, 9:00 AM · Montag, 7. Dezember 2026, 09:00</summary>
    public static string LongDateTime(DateTime local, CultureInfo? culture = null) => $"{LongDate(local, culture)}, {Time(local, culture)}";

    /// <summary>12/7/2026 · 07.12.2026</summary>
    public static string ShortDate(DateTime local, CultureInfo? culture = null) => local.ToString("d", culture ?? CultureInfo.CurrentCulture);

    /// <summary>Dec 7, 2026 · 7. Dez. 2026</summary>
    public static string MediumDate(DateTime local, CultureInfo? culture = null)
    {
        culture ??= CultureInfo.CurrentCulture;
        var pattern = culture.DateTimeFormat.LongDatePattern.Replace("dddd, ", "", StringComparison.Ordinal).Replace("dddd ", "", StringComparison.Ordinal)
            .Replace("MMMM", "MMM", StringComparison.Ordinal);
        return local.ToString(pattern, culture);
    }

    /// <summary>December 2026 · Dezember 2026</summary>
    public static string MonthYear(DateTime local, CultureInfo? culture = null) => local.ToString("Y", culture ?? CultureInfo.CurrentCulture);

    /// <summary>An hour of the day as a label: "9 AM" where the clock has 12 hours, "09:00" where it has 24.</summary>
    public static string Hour(int hour, CultureInfo? culture = null)
    {
        culture ??= CultureInfo.CurrentCulture;
        var at = new DateTime(2000, 1, 1, hour, 0, 0, DateTimeKind.Unspecified);
        return UsesTwelveHours(culture) ? at.ToString("h tt", culture) : at.ToString("HH:mm", culture);
    }

    /// <summary>Whether the culture's clock has 12 hours with AM and PM (en-US) rather than 24 (de-DE).</summary>
    public static bool UsesTwelveHours(CultureInfo culture) => culture.DateTimeFormat.ShortTimePattern.Contains('h', StringComparison.Ordinal);

    public static string DayMonth(DateOnly day, CultureInfo? culture = null) => DayMonth(day.ToDateTime(TimeOnly.MinValue), culture);

    public static string ShortDay(DateOnly day, CultureInfo? culture = null) => ShortDay(day.ToDateTime(TimeOnly.MinValue), culture);

    public static string DayName(DateOnly day, CultureInfo? culture = null) => DayName(day.ToDateTime(TimeOnly.MinValue), culture);

    public static string LongDate(DateOnly day, CultureInfo? culture = null) => LongDate(day.ToDateTime(TimeOnly.MinValue), culture);

    public static string MediumDate(DateOnly day, CultureInfo? culture = null) => MediumDate(day.ToDateTime(TimeOnly.MinValue), culture);

    public static string MonthYear(DateOnly day, CultureInfo? culture = null) => MonthYear(day.ToDateTime(TimeOnly.MinValue), culture);

    /// <summary>The culture's month-and-day pattern with the month abbreviated ("MMM d", "d. MMM", "d MMM").</summary>
    private static string ShortMonthDayPattern(CultureInfo culture) =>
        culture.DateTimeFormat.MonthDayPattern.Replace("MMMM", "MMM", StringComparison.Ordinal);
}
