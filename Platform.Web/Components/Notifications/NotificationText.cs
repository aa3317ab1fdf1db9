using Platform.Core.Notifications;

namespace Platform.Web.Components.Notifications;

/// <summary>How notifications read on screen: their kind in words and when they came, relative to now.</summary>
public static class NotificationText
{
    public static string KindLabel(string kind) => NotificationKinds.Find(kind)?.Label ?? kind;

    public static string Icon(string kind) => kind switch
    {
        NotificationKinds.BookingCreated => MudBlazor.Icons.Material.Filled.EventAvailable,
        NotificationKinds.BookingCancelled => MudBlazor.Icons.Material.Filled.EventBusy,
        NotificationKinds.BookingRescheduled => MudBlazor.Icons.Material.Filled.Update,
        NotificationKinds.BookingAwaitingApproval => MudBlazor.Icons.Material.Filled.PendingActions,
        NotificationKinds.BookingConfirmed => MudBlazor.Icons.Material.Filled.CheckCircle,
        NotificationKinds.BookingChanged => MudBlazor.Icons.Material.Filled.EditCalendar,
        _ => MudBlazor.Icons.Material.Filled.Campaign,
    };

    public static string Ago(DateTimeOffset at, DateTimeOffset now)
    {
        var elapsed = now - at;
        return elapsed.TotalSeconds switch
        {
            < 60 => "just now",
            < 3600 => $"{(int)elapsed.TotalMinutes} min ago",
            < 86_400 => $"{(int)elapsed.TotalHours} h ago",
            < 7 * 86_400 => $"{(int)elapsed.TotalDays} d ago",
            _ => Platform.Core.Common.LocalText.MediumDate(at.DateTime),
        };
    }
}
