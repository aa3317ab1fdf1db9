using Microsoft.AspNetCore.Components;
using MudBlazor;
using Platform.Core.Access;
using Platform.Core.Common;
using Platform.Core.Notifications;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Notifications;
using Platform.Infrastructure.Realtime;

namespace Platform.Web.Components.Notifications;

public partial class NotificationList
{
    private static readonly int[] PageSizes = [10, 25, 50, 100];

    private MudDataGrid<NotificationItem>? _grid;
    private bool _unreadOnly;
    private int _unread;
    private IDisposable? _listening;

    [Parameter]
    public int RowsPerPage { get; set; } = 25;

    [Parameter]
    public string EmptyText { get; set; } = "No notifications yet. New bookings, changes and messages from your team appear here.";

    /// <summary>Told the unread count whenever a page loads (for a "mark all read" beside the list).</summary>
    [Parameter]
    public EventCallback<int> UnreadChanged { get; set; }

    [Inject]
    private INotificationInbox Inbox { get; set; } = default!;

    [Inject]
    private NotificationFeed Feed { get; set; } = default!;

    [Inject]
    private NotificationCenterState Center { get; set; } = default!;

    [Inject]
    private ITenantContext TenantContext { get; set; } = default!;

    /// <summary>Whose notifications: always the actor's own, the signed-in person of the circuit.</summary>
    [Inject]
    private ICurrentActor Actor { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    private string UnreadText => _unread switch
    {
        0 => "Nothing unread",
        1 => "1 unread",
        _ => $"{_unread} unread",
    };

    protected override void OnInitialized() => Center.ReadStateChanged += ReloadAsync;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender && TenantContext.TenantId is { } tenantId && (await Actor.GetAsync()).UserId is { } userId)
        {
            _listening = Feed.Listen(tenantId, userId, _ => ReloadAsync());
        }
    }

    private async Task<GridData<NotificationItem>> LoadAsync(GridState<NotificationItem> state, CancellationToken ct)
    {
        var page = await Inbox.PageAsync(PageRequest.Of(state.Page + 1, Math.Clamp(state.PageSize, 1, PageRequest.MaxSize)), _unreadOnly, ct);
        var unread = await Inbox.UnreadCountAsync(ct);
        if (unread != _unread)
        {
            _unread = unread;
            await UnreadChanged.InvokeAsync(_unread);
        }

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
        if (!item.IsRead && await Inbox.MarkReadAsync(item.Id))
        {
            await Center.ReadStateChangedAsync();
        }
    }

    public void Dispose()
    {
        _listening?.Dispose();
        Center.ReadStateChanged -= ReloadAsync;
        GC.SuppressFinalize(this);
    }
}
