using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Platform.Core.Notifications;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Notifications;
using Platform.Infrastructure.Realtime;
using Platform.Web.Components.Notifications;

namespace Platform.Web.Components.Pages.App.Notifications;

public partial class Notifications
{
    private static readonly int[] PageSizes = [10, 25, 50, 100];

    private MudDataGrid<NotificationItem>? _grid;
    private bool _unreadOnly;
    private int _unread;
    private Guid _userId;
    private IDisposable? _listening;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject]
    private INotificationInbox Inbox { get; set; } = default!;

    [Inject]
    private NotificationFeed Feed { get; set; } = default!;

    [Inject]
    private NotificationCenterState Center { get; set; } = default!;

    [Inject]
    private ITenantContext TenantContext { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    private string UnreadText => _unread switch
    {
        0 => "Nothing unread",
        1 => "1 unread",
        _ => $"{_unread} unread",
    };

    protected override async Task OnInitializedAsync()
    {
        var user = (await AuthenticationState).User;
        _userId = Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!);
        Center.ReadStateChanged += ReloadAsync;
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender && TenantContext.TenantId is { } tenantId)
        {
            _listening = Feed.Listen(tenantId, _userId, _ => ReloadAsync());
        }
    }

    private async Task<GridData<NotificationItem>> LoadAsync(GridState<NotificationItem> state, CancellationToken ct)
    {
        var page = await Inbox.PageAsync(_userId, state.Page + 1, Math.Clamp(state.PageSize, 1, INotificationInbox.MaxPageSize), _unreadOnly, ct);
        _unread = page.Unread;
        return new GridData<NotificationItem> { Items = page.Items, TotalItems = page.Total };
    }

    private Task ReloadAsync() => InvokeAsync(async () =>
    {
        if (_grid is not null)
        {
            await _grid.ReloadServerData();
        }

        StateHasChanged();
    });

    private async Task UnreadOnlyAsync(bool value)
    {
        _unreadOnly = value;
        if (_grid is not null)
        {
            await _grid.ReloadServerData();
        }
    }

    private async Task MarkReadAsync(NotificationItem item)
    {
        if (!item.IsRead && await Inbox.MarkReadAsync(_userId, item.Id))
        {
            await Center.ReadStateChangedAsync();
        }
    }

    private async Task MarkAllReadAsync()
    {
        var count = await Inbox.MarkAllReadAsync(_userId);
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

    public void Dispose()
    {
        _listening?.Dispose();
        Center.ReadStateChanged -= ReloadAsync;
        GC.SuppressFinalize(this);
    }
}
