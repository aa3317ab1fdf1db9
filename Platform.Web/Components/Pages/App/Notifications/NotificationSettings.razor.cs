using Microsoft.AspNetCore.Components;
using MudBlazor;
using Platform.Core.Notifications;
using Platform.Infrastructure.Notifications;
using Platform.Web.Interop;

namespace Platform.Web.Components.Pages.App.Notifications;

public partial class NotificationSettings
{
    private static readonly IReadOnlyList<(NotificationChannels Channel, string Label)> Columns =
    [
        (NotificationChannels.InApp, "In-app"),
        (NotificationChannels.Email, "E-mail"),
        (NotificationChannels.Sms, "SMS"),
        (NotificationChannels.Browser, "Browser"),
    ];

    private IReadOnlyList<NotificationPreferenceRow>? _rows;
    private string? _permission;
    private bool _interactive;
    private PushState? _push;
    private IReadOnlyList<BrowserPushSubscription>? _browsers;
    private bool _pushBusy;
    private string? _pushError;

    [Inject]
    private NotificationPreferences Preferences { get; set; } = default!;

    [Inject]
    private BrowserPushSubscriptions Subscriptions { get; set; } = default!;

    [Inject]
    private NotifyInterop Notify { get; set; } = default!;

    [Inject]
    private PushInterop Push { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    private string PermissionText => _permission switch
    {
        null => "Checking what this browser allows…",
        "granted" => "On for this browser. New notifications pop up while Platform is open in a background tab.",
        "denied" => "Blocked for this site. Allow notifications in your browser's site settings (the icon left of the address), then reload.",
        "unsupported" => "This browser cannot show notifications.",
        _ => "Get a system notification when something arrives while Platform is open in a background tab.",
    };

    private bool ThisBrowserSubscribed => _push?.Endpoint is { } endpoint && _browsers?.Any(b => b.Endpoint == endpoint) == true;

    private string PushText => _push switch
    {
        null => "Checking this browser…",
        { Supported: false } => "This browser cannot receive push notifications.",
        _ when ThisBrowserSubscribed => "On for this browser: your browser notifications arrive here even when Platform is closed.",
        { Permission: "denied" } => "Notifications are blocked for this site. Allow them in your browser's site settings, then reload.",
        _ => "Get your browser notifications in this browser even when no Platform tab is open.",
    };

    protected override async Task OnInitializedAsync()
    {
        _rows = await Preferences.MineAsync();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
        {
            return;
        }

        _permission = await Notify.PermissionAsync();
        if (Subscriptions.PublicKey is not null)
        {
            _push = await Push.StateAsync();
            _browsers = await Subscriptions.MineAsync();
        }

        _interactive = true;
        StateHasChanged();
    }

    private async Task SetAsync(NotificationPreferenceRow row, NotificationChannels channel, bool on)
    {
        var channels = on ? row.Channels | channel : row.Channels & ~channel;
        var outcome = await Preferences.SaveMineAsync(row.Kind.Kind, channels);
        if (!outcome.Succeeded)
        {
            Snackbar.Add(outcome.Errors.Values.SelectMany(v => v).First(), Severity.Error);
            return;
        }

        _rows = [.. _rows!.Select(r => r.Kind.Kind == row.Kind.Kind ? r with { Channels = outcome.Value, IsDefault = false } : r)];
        Snackbar.Add($"{row.Kind.Label}: saved.", Severity.Success, o => o.VisibleStateDuration = 1500);
    }

    private async Task EnableBrowserAsync()
    {
        _permission = await Notify.RequestPermissionAsync();
        if (_permission == "granted")
        {
            Snackbar.Add("Browser notifications are on.", Severity.Success);
        }
    }

    private async Task TurnPushOnAsync()
    {
        _pushBusy = true;
        _pushError = null;
        try
        {
            var result = await Push.SubscribeAsync(Subscriptions.PublicKey!);
            if (result.Error is not null || result.Subscription is null)
            {
                _pushError = result.Error ?? "This browser did not subscribe.";
                return;
            }

            var saved = await Subscriptions.SaveAsync(result.Subscription, result.UserAgent);
            if (!saved.Succeeded)
            {
                _pushError = saved.Errors.Values.SelectMany(v => v).First();
                return;
            }

            _push = await Push.StateAsync();
            _permission = await Notify.PermissionAsync();
            _browsers = await Subscriptions.MineAsync();
            Snackbar.Add("Push is on for this browser.", Severity.Success);
        }
        finally
        {
            _pushBusy = false;
        }
    }

    private async Task TurnPushOffAsync()
    {
        _pushBusy = true;
        try
        {
            var endpoint = await Push.UnsubscribeAsync() ?? _push?.Endpoint;
            if (endpoint is not null)
            {
                await Subscriptions.RemoveEndpointAsync(endpoint);
            }

            _push = await Push.StateAsync();
            _browsers = await Subscriptions.MineAsync();
            Snackbar.Add("Push is off for this browser.", Severity.Info);
        }
        finally
        {
            _pushBusy = false;
        }
    }

    private async Task RemoveBrowserAsync(BrowserPushSubscription browser)
    {
        if (browser.Endpoint == _push?.Endpoint)
        {
            await TurnPushOffAsync();
            return;
        }

        await Subscriptions.RemoveAsync(browser.Id);
        _browsers = await Subscriptions.MineAsync();
        Snackbar.Add($"{BrowserName(browser.UserAgent)} no longer gets push notifications.", Severity.Info);
    }

    /// <summary>"Chrome on Linux" and the like, from the user agent the browser gave when it subscribed.</summary>
    internal static string BrowserName(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return "A browser";
        }

        string[][] browsers = [["Edg/", "Edge"], ["OPR/", "Opera"], ["Firefox/", "Firefox"], ["Chrome/", "Chrome"], ["Safari/", "Safari"]];
        string[][] systems = [["Android", "Android"], ["iPhone", "iOS"], ["iPad", "iPadOS"], ["Windows", "Windows"], ["Mac OS X", "macOS"], ["CrOS", "ChromeOS"], ["Linux", "Linux"]];
        var name = browsers.FirstOrDefault(b => userAgent.Contains(b[0], StringComparison.Ordinal))?[1] ?? "A browser";
        var system = systems.FirstOrDefault(s => userAgent.Contains(s[0], StringComparison.Ordinal))?[1];
        return system is null ? name : $"{name} on {system}";
    }

}
