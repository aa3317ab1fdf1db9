using Microsoft.AspNetCore.Components;
using Platform.Core.Notifications;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Notifications;

namespace Platform.Web.Components.Pages.Portal;

/// <summary>A signed-in customer's notifications, their own channels per kind of booking notification, and the phone text messages go to.</summary>
public partial class MyNotifications
{
    // "On this site" is the portal's bell and the list above; reminders are sent by the reminder job, never to the bell.
    private static readonly IReadOnlyList<(NotificationChannels Channel, string Label)> Columns =
    [
        (NotificationChannels.InApp, "On this site"),
        (NotificationChannels.Email, "E-mail"),
        (NotificationChannels.Sms, "Text message"),
    ];

    private IReadOnlyList<NotificationPreferenceRow>? _rows;
    private Dictionary<string, NotificationChannels> _chosen = [];
    private IReadOnlyDictionary<string, string[]> _errors = new Dictionary<string, string[]>();
    private string? _phone;
    private bool _interactive;
    private bool _saving;
    private bool _saved;

    [Inject]
    private CustomerNotificationSettings Settings { get; set; } = default!;

    [Inject]
    private ITenantContext TenantContext { get; set; } = default!;

    private static bool Offers(NotificationKindInfo kind, NotificationChannels channel) =>
        channel != NotificationChannels.InApp || kind.Kind != NotificationKinds.BookingReminder;

    private bool NeedsPhone => string.IsNullOrWhiteSpace(_phone) && _chosen.Values.Any(c => c.HasFlag(NotificationChannels.Sms));

    protected override async Task OnInitializedAsync()
    {
        Show(await Settings.MineAsync());
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _interactive = true;
            StateHasChanged();
        }
    }

    private void Show(CustomerNotificationChoices choices)
    {
        _rows = choices.Rows;
        _chosen = choices.Rows.ToDictionary(r => r.Kind.Kind, r => r.Channels);
        _phone = choices.Phone;
    }

    private void Set(string kind, NotificationChannels channel, bool on)
    {
        _chosen[kind] = on ? _chosen[kind] | channel : _chosen[kind] & ~channel;
        _saved = false;
    }

    private async Task SaveAsync()
    {
        _saving = true;
        _saved = false;
        try
        {
            var outcome = await Settings.SaveMineAsync(_chosen, _phone);
            _errors = outcome.Errors;
            if (outcome.Succeeded)
            {
                Show(outcome.Value!);
                _saved = true;
            }
        }
        finally
        {
            _saving = false;
        }
    }
}
