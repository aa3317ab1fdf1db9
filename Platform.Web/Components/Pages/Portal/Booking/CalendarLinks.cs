using System.Globalization;

namespace Platform.Web.Components.Pages.Portal.Booking;

/// <summary>
/// "Add to calendar" links that open a new event in Google Calendar or Outlook on the web, filled in with the booking.
/// Apple Calendar (and any other) takes the booking's .ics file instead (/booking/ics).
/// </summary>
public static class CalendarLinks
{
    public static string Google(string title, DateTimeOffset startUtc, DateTimeOffset endUtc, string details, string? location = null) =>
        "https://calendar.google.com/calendar/render?action=TEMPLATE" +
        $"&text={Escape(title)}&dates={Compact(startUtc)}/{Compact(endUtc)}&details={Escape(details)}" +
        (string.IsNullOrWhiteSpace(location) ? "" : $"&location={Escape(location)}");

    public static string Outlook(string title, DateTimeOffset startUtc, DateTimeOffset endUtc, string details, string? location = null) =>
        "https://outlook.live.com/calendar/0/deeplink/compose?path=%2Fcalendar%2Faction%2Fcompose&rru=addevent" +
        $"&subject={Escape(title)}&startdt={Escape(Iso(startUtc))}&enddt={Escape(Iso(endUtc))}&body={Escape(details)}" +
        (string.IsNullOrWhiteSpace(location) ? "" : $"&location={Escape(location)}");

    private static string Compact(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    private static string Iso(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Escape(string value) => Uri.EscapeDataString(value);
}
