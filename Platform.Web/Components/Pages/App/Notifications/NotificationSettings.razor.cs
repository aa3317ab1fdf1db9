using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using MudBlazor;
using Platform.Core.Identity;
using Platform.Core.Notifications;
using Platform.Infrastructure.Notifications;

namespace Platform.Web.Components.Pages.App.Notifications;

public partial class NotificationSettings : IAsyncDisposable
{
    private static readonly IReadOnlyList<(NotificationChannels Channel, string Label)> Columns =
    [
        (NotificationChannels.InApp, "In-app"),
        (NotificationChannels.Email, "E-mail"),
        (NotificationChannels.Sms, "SMS"),
        (NotificationChannels.Browser, "Browser"),
    ];

    private IReadOnlyList<NotificationPreferenceRow>? _rows;
    private Guid _userId;
    private string? _permission;
    private bool _interactive;
    private IJSObjectReference? _notify;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject]
    private NotificationPreferences Preferences { get; set; } = default!;

    [Inject]
    private IAuthorizationService Authorization { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

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

    protected override async Task OnInitializedAsync()
    {
        var user = (await AuthenticationState).User;
        _userId = Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!);
        // Staff see the kinds that reach staff; a customer (portal) would see theirs.
        var readers = (await Authorization.AuthorizeAsync(user, PlatformPolicies.TenantStaff)).Succeeded ? NotificationReaders.Staff : NotificationReaders.Customers;
        _rows = await Preferences.ForUserAsync(_userId, readers);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
        {
            return;
        }

        _notify = await JS.InvokeAsync<IJSObjectReference>("import", Navigation.ToAbsoluteUri("js/notify.js").AbsoluteUri);
        _permission = await _notify.InvokeAsync<string>("permission");
        _interactive = true;
        StateHasChanged();
    }

    private async Task SetAsync(NotificationPreferenceRow row, NotificationChannels channel, bool on)
    {
        var channels = on ? row.Channels | channel : row.Channels & ~channel;
        var outcome = await Preferences.SaveAsync(_userId, row.Kind.Kind, channels);
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
        _permission = await _notify!.InvokeAsync<string>("requestPermission");
        if (_permission == "granted")
        {
            Snackbar.Add("Browser notifications are on.", Severity.Success);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_notify is not null)
        {
            try
            {
                await _notify.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The circuit is gone already.
            }
        }

        GC.SuppressFinalize(this);
    }
}
