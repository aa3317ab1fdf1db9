using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using Platform.Core.Common;
using Platform.Core.Notifications;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Notifications;
using Platform.Infrastructure.Realtime;
using Platform.Web.Interop;

namespace Platform.Web.Components.Notifications;

public partial class NotificationBell
{
    /// <summary>How many notifications the panel lists; the page has the rest.</summary>
    public const int PanelSize = 8;

    public const string StaffList = "app/notifications";

    public const string StaffPreferences = "app/notifications/preferences";

    /// <summary>Where "See all" leads, and where a notification without a link opens.</summary>
    [Parameter]
    public string ListHref { get; set; } = StaffList;

    [Parameter]
    public string PreferencesHref { get; set; } = StaffPreferences;

    [Parameter]
    public string EmptyText { get; set; } = "You're all caught up. New bookings and messages appear here as they happen.";

    private static readonly TimeSpan BrowserTimeout = TimeSpan.FromSeconds(5);

    private List<NotificationItem> _items = [];
    private int _unread;
    private bool _open;
    private Guid? _userId;
    private IDisposable? _listening;

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject]
    private INotificationInbox Inbox { get; set; } = default!;

    [Inject]
    private NotificationFeed Feed { get; set; } = default!;

    [Inject]
    private NotificationCenterState Center { get; set; } = default!;

    [Inject]
    private ITenantContext TenantContext { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private NotifyInterop Notify { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    private string BadgeText => _unread > 99 ? "99+" : _unread.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private string AriaLabel => _unread == 0 ? "Notifications, none unread" : $"Notifications, {_unread} unread";

    protected override async Task OnInitializedAsync()
    {
        var user = AuthenticationState is null ? null : (await AuthenticationState).User;
        if (TenantContext.TenantId is null || !Guid.TryParse(user?.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
        {
            return;
        }

        _userId = userId;
        Center.ReadStateChanged += ReloadAsync;
        Navigation.LocationChanged += CloseOnNavigation;
        await LoadAsync();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        // Only the interactive render listens: a prerender has no circuit to push to.
        if (firstRender && _userId is { } userId && TenantContext.TenantId is { } tenantId)
        {
            _listening = Feed.Listen(tenantId, userId, OnNotifiedAsync);
            StateHasChanged(); // data-live: tests and tools can tell the page is listening
        }
    }

    private async Task LoadAsync()
    {
        var recent = await Inbox.PageAsync(PageRequest.Of(1, PanelSize));
        _items = [.. recent.Items];
        _unread = await Inbox.UnreadCountAsync();
    }

    private Task ReloadAsync() => InvokeAsync(async () =>
    {
        await LoadAsync();
        StateHasChanged();
    });

    private async Task OnNotifiedAsync(NotificationSignal signal)
    {
        await InvokeAsync(() =>
        {
            if (_items.All(i => i.Id != signal.Notification.Id))
            {
                _items.Insert(0, signal.Notification);
                if (_items.Count > PanelSize)
                {
                    _items.RemoveAt(_items.Count - 1);
                }

                _unread++;
            }

            StateHasChanged();
        });
        if (signal.ShowInBrowser)
        {
            await ShowInBrowserAsync(signal.Notification);
        }
    }

    /// <summary>A system notification, which the browser shows only in a background tab and with permission.</summary>
    private async Task ShowInBrowserAsync(NotificationItem item)
    {
        try
        {
            using var timeout = new CancellationTokenSource(BrowserTimeout);
            await InvokeAsync(async () => await Notify.ShowIfHiddenAsync(item.Title, item.Body, item.Link ?? ListHref, item.Id.ToString("N"), timeout.Token));
        }
        catch (Exception e) when (e is JSDisconnectedException or OperationCanceledException or JSException)
        {
            // The tab closed or did not answer; the notification is stored and waits in the bell.
        }
    }

    private void ToggleAsync() => _open = !_open;

    // The layout, and so the bell, outlives a page change: "See all", "Preferences" or any link closes the panel.
    private void CloseOnNavigation(object? sender, Microsoft.AspNetCore.Components.Routing.LocationChangedEventArgs e)
    {
        if (_open)
        {
            _ = InvokeAsync(() =>
            {
                _open = false;
                StateHasChanged();
            });
        }
    }

    private async Task MarkReadAsync(NotificationItem item)
    {
        if (await Inbox.MarkReadAsync(item.Id) && !item.IsRead)
        {
            await Center.ReadStateChangedAsync();
        }
    }

    private async Task MarkAllReadAsync()
    {
        await Inbox.MarkAllReadAsync();
        await Center.ReadStateChangedAsync();
    }

    private async Task OpenAsync(NotificationItem item)
    {
        await MarkReadAsync(item);
        _open = false;
        Navigation.NavigateTo(item.Link ?? ListHref);
    }

    public ValueTask DisposeAsync()
    {
        _listening?.Dispose();
        Center.ReadStateChanged -= ReloadAsync;
        Navigation.LocationChanged -= CloseOnNavigation;
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
