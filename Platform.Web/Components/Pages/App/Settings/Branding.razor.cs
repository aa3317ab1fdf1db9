using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Tenancy;
using Platform.Web.Components.Shared;
using Platform.Web.Theming;

namespace Platform.Web.Components.Pages.App.Settings;

/// <summary>
/// The theme editor: a draft the preview follows on every change, saved on demand. A saved theme is
/// published to <see cref="BrandingState"/> so this circuit's layout repaints at once.
/// </summary>
public partial class Branding
{
    private const string LogoAccept = ".png,.jpg,.jpeg,.webp,.svg,image/png,image/jpeg,image/webp,image/svg+xml";

    private readonly Dictionary<string, string> _errors = new(StringComparer.Ordinal);
    private TenantTheme? _saved;
    private TenantTheme _draft = TenantTheme.Default;
    private TenantTheme _lastValid = TenantTheme.Default;
    private string? _logoError;
    private bool _busy;
    private bool _interactive;
    private MudFileUpload<IBrowserFile>? _upload;

    [Inject]
    private ITenantBranding TenantBranding { get; set; } = default!;

    [Inject]
    private BrandingState BrandingState { get; set; } = default!;

    [Inject]
    private ITenantContext TenantContext { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    private string TenantName => TenantContext.Tenant?.Name ?? "";

    private bool IsDirty => _saved is not null && _draft with { LogoVersion = null } != _saved with { LogoVersion = null };

    private string? LogoUrl => _saved?.LogoVersion is { } version ? $"branding/logo?v={version}" : null;

    /// <summary>What the preview shows: the draft, with the last valid colour while one is half typed.</summary>
    private TenantTheme PreviewTheme => _lastValid with { Font = _draft.Font, DarkMode = _draft.DarkMode };

    private string? ContrastWarning
    {
        get
        {
            var ratio = ColorContrast.AgainstWhite(_lastValid.PrimaryColor);
            return ratio < 3
                ? $"White text on {_lastValid.PrimaryColor} is hard to read (contrast {ratio:0.0}:1, at least 3:1 is advised). A darker primary colour reads better in the app bar and on buttons."
                : null;
        }
    }

    protected override async Task OnInitializedAsync()
    {
        _saved = await TenantBranding.GetThemeAsync();
        Reset();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _interactive = true;
            StateHasChanged();
        }
    }

    private string? ErrorOf(string field) => _errors.GetValueOrDefault(field);

    private void SetPrimary(string value)
    {
        _draft = _draft with { PrimaryColor = value };
        if (TenantTheme.IsHexColor(value))
        {
            _lastValid = _lastValid with { PrimaryColor = value };
            _errors.Remove(nameof(TenantTheme.PrimaryColor));
        }
    }

    private void SetSecondary(string value)
    {
        _draft = _draft with { SecondaryColor = value };
        if (TenantTheme.IsHexColor(value))
        {
            _lastValid = _lastValid with { SecondaryColor = value };
            _errors.Remove(nameof(TenantTheme.SecondaryColor));
        }
    }

    private void SetFont(ThemeFont font) => _draft = _draft with { Font = font };

    private void SetDarkMode(bool dark) => _draft = _draft with { DarkMode = dark };

    /// <summary>On leaving a colour field: tidy what was typed (#abc, 1565c0) and say what is still wrong.</summary>
    private void Commit(string field)
    {
        _draft = _draft with
        {
            PrimaryColor = ColorContrast.NormalizeHex(_draft.PrimaryColor),
            SecondaryColor = ColorContrast.NormalizeHex(_draft.SecondaryColor),
        };
        SetPrimary(_draft.PrimaryColor);
        SetSecondary(_draft.SecondaryColor);
        if (_draft.Validate().TryGetValue(field, out var messages))
        {
            _errors[field] = messages[0];
        }
    }

    private async Task SaveAsync()
    {
        Commit(nameof(TenantTheme.PrimaryColor));
        Commit(nameof(TenantTheme.SecondaryColor));
        if (_errors.Count > 0)
        {
            return;
        }

        _busy = true;
        try
        {
            var outcome = await TenantBranding.SaveThemeAsync(_draft);
            if (!outcome.Succeeded)
            {
                foreach (var (field, messages) in outcome.Errors)
                {
                    _errors[field] = messages[0];
                }

                return;
            }

            _saved = outcome.Value!.Theme;
            Reset();
            BrandingState.Publish(outcome.Value);
            Snackbar.Add($"Branding saved: every page of {TenantName} now shows it.", Severity.Success);
        }
        finally
        {
            _busy = false;
        }
    }

    private void Discard() => Reset();

    private void Reset()
    {
        _draft = _saved!;
        _lastValid = _saved!;
        _errors.Clear();
    }

    private async Task UploadLogoAsync(IBrowserFile? file)
    {
        if (file is null)
        {
            return;
        }

        _logoError = null;
        _busy = true;
        try
        {
            if (file.Size > TenantTheme.MaxLogoBytes)
            {
                _logoError = LogoFile.TooLarge(file.Size);
                return;
            }

            using var buffer = new MemoryStream((int)file.Size);
            await using (var stream = file.OpenReadStream(TenantTheme.MaxLogoBytes))
            {
                await stream.CopyToAsync(buffer);
            }

            var outcome = await TenantBranding.UploadLogoAsync(file.ContentType, buffer.ToArray());
            if (!outcome.Succeeded)
            {
                _logoError = outcome.Errors.Values.First()[0];
                return;
            }

            LogoChanged(outcome.Value!);
            Snackbar.Add("Logo uploaded: it is live on every page.", Severity.Success);
        }
        finally
        {
            _busy = false;
            if (_upload is not null)
            {
                await _upload.ClearAsync(); // choosing the same file again must upload again
            }
        }
    }

    private async Task ConfirmRemoveLogoAsync()
    {
        if (!await ConfirmDialog.AskAsync(Dialogs, "Remove the logo?",
                "Your pages will show your initials instead. You can upload a logo again at any time.",
                "Remove logo"))
        {
            return;
        }

        _busy = true;
        try
        {
            var outcome = await TenantBranding.RemoveLogoAsync();
            if (outcome is not { Succeeded: true, Value: { } tenant })
            {
                _logoError = outcome.Errors.Values.SelectMany(e => e).FirstOrDefault();
                return;
            }

            LogoChanged(tenant);
            _logoError = null;
            Snackbar.Add("Logo removed.", Severity.Info);
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>The logo is stored at once, apart from the draft: keep the draft, take the new version.</summary>
    private void LogoChanged(TenantInfo updated)
    {
        _saved = _saved! with { LogoVersion = updated.Theme.LogoVersion };
        BrandingState.Publish(updated);
    }
}
