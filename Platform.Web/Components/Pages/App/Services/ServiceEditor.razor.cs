using Microsoft.AspNetCore.Components;
using MudBlazor;
using Platform.Core.Bookings;
using Platform.Core.Common;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Bookings;
using Platform.Web.Components.Pages.Host;
using Platform.Web.Components.Shared;

namespace Platform.Web.Components.Pages.App.Services;

/// <summary>Creates or edits a service; the catalog's problems show beside their fields, nothing is saved while any remain.</summary>
public partial class ServiceEditor
{
    private static readonly string[] Fields =
    [
        nameof(SaveService.Name), nameof(SaveService.Description), nameof(SaveService.DurationMinutes), nameof(SaveService.Price),
        nameof(SaveService.Currency), nameof(SaveService.BufferBeforeMinutes), nameof(SaveService.BufferAfterMinutes),
        nameof(SaveService.Capacity), nameof(SaveService.MinimumNoticeMinutes), nameof(SaveService.MaximumDaysInAdvance),
        nameof(SaveService.CancellationWindowHours), nameof(SaveService.SlotIntervalMinutes), nameof(SaveService.ProviderIds),
    ];

    private readonly FieldErrors _errors = new();
    private Dictionary<string, string[]> _lastErrors = [];
    private SaveService _form = new();
    private IReadOnlyCollection<Guid> _selectedProviders = [];
    private List<IntakeQuestionDraft> _questions = [];
    private IReadOnlyList<ProviderSummary> _providers = [];
    private List<BreadcrumbItem> _crumbs = [];
    private ServiceDetails? _service;
    private MudForm _mudForm = default!;
    private bool _loading = true;
    private bool _busy;

    /// <summary>Set on the first interactive render: typing into the prerendered form before it is lost when the circuit takes over.</summary>
    private bool _interactive;

    [Parameter]
    public Guid? Id { get; set; }

    [Inject]
    private ServiceCatalog Catalog { get; set; } = default!;

    [Inject]
    private ProviderDirectory Providers { get; set; } = default!;

    [Inject]
    private ITenantContext TenantContext { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _interactive = true;
            StateHasChanged();
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        _loading = true;
        _service = Id is { } id ? (await Catalog.GetAsync(id)).Value : null;
        var providers = (await Providers.ListAsync(new ProviderQuery(PageRequest.Of(1, PageRequest.MaxSize), IncludeInactive: true))).Value?.Items ?? [];
        // Inactive providers are listed only where they already offer this service.
        _providers = [.. providers.Where(p => p.IsActive || _service?.ProviderIds.Contains(p.Id) == true)];
        _form = _service is null ? new SaveService { Currency = TenantContext.Tenant?.DefaultCurrency ?? "USD" } : SaveService.From(_service);
        _selectedProviders = [.. _form.ProviderIds];
        _questions = IntakeQuestionDraft.From(_form.Questions);
        _errors.Clear();
        _lastErrors = [];
        _crumbs = [new("Services", "app/services"), new(_service?.Name ?? "New service", null, disabled: true)];
        _loading = false;
    }

    /// <summary>Problems for the alert above the form: those of no field shown beside it (the questions section shows its own).</summary>
    private IReadOnlyList<string> GeneralErrors =>
        _errors.Except([.. Fields, .. _lastErrors.Keys.Where(k => k.StartsWith(IntakeQuestions.QuestionsField, StringComparison.Ordinal))]);

    private string ProviderName(Guid id) => _providers.FirstOrDefault(p => p.Id == id)?.DisplayName ?? "";

    private string? ErrorOf(string field) => _lastErrors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    private static string Notice(int minutes) => minutes switch
    {
        0 => "none",
        < 60 => $"{minutes} minutes",
        < 60 * 24 => $"{minutes / 60.0:0.#} hours",
        _ => $"{minutes / (60.0 * 24):0.#} days",
    };

    private async Task SaveAsync()
    {
        _busy = true;
        try
        {
            var command = _form with { ProviderIds = [.. _selectedProviders], Questions = [.. _questions.Select(q => q.ToQuestion())] };
            var outcome = _service is null ? await Catalog.CreateAsync(command) : await Catalog.UpdateAsync(_service.Id, command);
            if (!outcome.Succeeded)
            {
                _lastErrors = outcome.Errors.ToDictionary();
                _errors.Set(outcome.Errors, command);
                await _mudForm.ValidateAsync();
                return;
            }

            _errors.Clear();
            _lastErrors = [];
            if (_service is null)
            {
                Snackbar.Add($"Service “{outcome.Value!.Name}” created.", Severity.Success);
                Navigation.NavigateTo($"app/services/{outcome.Value.Id}");
                return;
            }

            _service = outcome.Value;
            _crumbs[^1] = new(_service!.Name, null, disabled: true);
            Snackbar.Add($"“{_service.Name}” saved.", Severity.Success);
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task ArchiveAsync()
    {
        if (!await ConfirmDialog.AskAsync(Dialogs, "Archive this service?",
                $"Customers can no longer book “{_service!.Name}”. Existing bookings stay, and you can unarchive it later.", "Archive"))
        {
            return;
        }

        await SetArchivedAsync(true);
    }

    private async Task UnarchiveAsync()
    {
        if (!await ConfirmDialog.AskAsync(Dialogs, "Unarchive this service?",
                $"Customers can book “{_service!.Name}” again with the providers who offer it.", "Unarchive", Color.Primary))
        {
            return;
        }

        await SetArchivedAsync(false);
    }

    private async Task SetArchivedAsync(bool archived)
    {
        _busy = true;
        try
        {
            var outcome = await Catalog.SetArchivedAsync(_service!.Id, archived);
            if (!outcome.Succeeded)
            {
                Snackbar.Add(string.Join(" ", outcome.Errors.Values.SelectMany(m => m)), Severity.Error);
                return;
            }

            _service = outcome.Value;
            Snackbar.Add(archived ? $"“{_service!.Name}” archived." : $"“{_service!.Name}” is bookable again.", Severity.Success);
        }
        finally
        {
            _busy = false;
        }
    }
}
