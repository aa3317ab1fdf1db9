using Microsoft.AspNetCore.Components;
using MudBlazor;
using Platform.Core.Notifications;
using Platform.Infrastructure.Notifications;

namespace Platform.Web.Components.Pages.App.Settings;

public partial class NotificationTemplatesPage
{
    private string _kind = NotificationKinds.BookingConfirmed;
    private NotificationChannels _channel = NotificationChannels.Email;
    private string _subject = "";
    private string _body = "";
    private bool _isCustom;
    private bool _saving;
    private bool _interactive;
    private RenderedMessage? _preview;
    private EmailBranding? _branding;
    private IReadOnlyDictionary<string, string[]> _errors = new Dictionary<string, string[]>();

    [Inject]
    private NotificationTemplates Templates { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    private string? ErrorOf(string field) => _errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    protected override async Task OnInitializedAsync()
    {
        _branding = await Templates.BrandingAsync();

        await LoadAsync();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _interactive = true;
            StateHasChanged();
        }
    }

    private async Task LoadAsync()
    {
        var template = await Templates.GetAsync(_kind, _channel);
        _subject = template.Subject;
        _body = template.Body;
        _isCustom = template.IsCustom;
        _errors = new Dictionary<string, string[]>();
        UpdatePreview();
    }

    private void UpdatePreview()
    {
        var preview = Templates.Preview(_kind, _channel, _subject, _body, _branding!);
        _preview = preview.Value;
        _errors = preview.Errors;
    }

    private async Task SelectKindAsync(string kind)
    {
        _kind = kind;
        if (NotificationKinds.Find(kind) is { EmailOnly: true })
        {
            _channel = NotificationChannels.Email; // account and invitation e-mails have no text message
        }

        await LoadAsync();
    }

    private async Task SelectChannelAsync(NotificationChannels channel)
    {
        _channel = channel;
        await LoadAsync();
    }

    private Task SubjectChangedAsync(string value)
    {
        _subject = value ?? "";
        UpdatePreview();
        return Task.CompletedTask;
    }

    private Task BodyChangedAsync(string value)
    {
        _body = value ?? "";
        UpdatePreview();
        return Task.CompletedTask;
    }

    private async Task SaveAsync()
    {
        _saving = true;
        try
        {
            var outcome = await Templates.SaveAsync(_kind, _channel, _subject, _body);
            if (!outcome.Succeeded)
            {
                _errors = outcome.Errors;
                Snackbar.Add("Not saved: " + outcome.Errors.Values.SelectMany(v => v).First(), Severity.Error);
                return;
            }

            _isCustom = true;
            Snackbar.Add("Template saved.", Severity.Success);
        }
        finally
        {
            _saving = false;
        }
    }

    private async Task ResetAsync()
    {
        await Templates.ResetAsync(_kind, _channel);
        await LoadAsync();
        Snackbar.Add("Back to the default wording.", Severity.Success);
    }
}
