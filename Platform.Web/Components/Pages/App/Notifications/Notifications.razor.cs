using Microsoft.AspNetCore.Components;
using MudBlazor;
using Platform.Core.Notifications;
using Platform.Infrastructure.Notifications;
using Platform.Web.Components.Notifications;

namespace Platform.Web.Components.Pages.App.Notifications;

public partial class Notifications
{
    private int _unread;
    [Inject]
    private INotificationInbox Inbox { get; set; } = default!;

    [Inject]
    private NotificationCenterState Center { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    private async Task MarkAllReadAsync()
    {
        var count = await Inbox.MarkAllReadAsync();
        await Center.ReadStateChangedAsync();
        Snackbar.Add(count == 1 ? "1 notification marked read." : $"{count} notifications marked read.", Severity.Success);
    }

    private async Task AnnounceAsync()
    {
        var dialog = await Dialogs.ShowAsync<SendAnnouncementDialog>("Send announcement",
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseButton = true, BackdropClick = false });
        if (await dialog.Result is { Canceled: false, Data: PublishResult result })
        {
            Snackbar.Add(result.Recipients == 1 ? "Sent to 1 person." : $"Sent to {result.Recipients} people.", Severity.Success);
        }
    }
}
