using Platform.Core.Common;
using Platform.Core.Tenancy;

namespace Platform.Web.Components.Pages.App.People;

/// <summary>Dates as the business reads them: stored in UTC, shown in the tenant's time zone.</summary>
internal static class TenantDates
{
    public static string Day(TenantInfo? tenant, DateTimeOffset instant)
    {
        var zone = tenant?.TimeZone is { } id && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var found) ? found : TimeZoneInfo.Utc;
        return LocalText.MediumDate(TimeZoneInfo.ConvertTime(instant, zone).DateTime);
    }
}
