using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Platform.Core.Bookings;
using Platform.Core.Common;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Bookings;
using Platform.Web.Components.Pages.Host;
using Platform.Web.Components.Shared;

namespace Platform.Web.Components.Pages.App.Providers;

/// <summary>A provider's details, weekly hours, dated hours and time off; each part saves on its own, with a snackbar.</summary>
public partial class ProviderEditor
{
    private static readonly string[] Fields =
        [nameof(SaveProvider.DisplayName), nameof(SaveProvider.Bio), nameof(SaveProvider.TimeZone), nameof(SaveProvider.UserId)];

    private readonly FieldErrors _errors = new();
    private SaveProvider _form = new();
    private ProviderDetails? _provider;
    private IReadOnlyList<StaffAccount> _accounts = [];
    private List<BreadcrumbItem> _crumbs = [];
    private MudForm _mudForm = default!;
    private bool _loading = true;
    private bool _busy;

    private string? _overrideDate;
    private bool _overrideClosed;
    private List<PeriodRow> _overrideRows = [];
    private string? _overrideError;

    private string? _timeOffStart;
    private string? _timeOffEnd;
    private string? _timeOffReason;
    private string? _timeOffProblem;

    [Parameter]
    public Guid? Id { get; set; }

    [Inject]
    private ProviderDirectory Directory { get; set; } = default!;

    [Inject]
    private ITenantContext TenantContext { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    private string? OverrideProblem => _overrideError ?? (_overrideClosed ? null : PeriodRow.Problem(_overrideRows));

    protected override async Task OnParametersSetAsync()
    {
        _loading = true;
        _provider = Id is { } id ? (await Directory.GetAsync(id)).Value : null;
        _accounts = (await Directory.StaffAccountsAsync()).Value ?? [];
        _form = _provider is null ? new SaveProvider { TimeZone = TenantContext.Tenant?.TimeZone ?? "UTC" } : SaveProvider.From(_provider);
        _errors.Clear();
        _overrideRows = [new PeriodRow()];
        Loaded();
        _loading = false;
    }

    private void Loaded() => _crumbs = [new("Providers", "app/providers"), new(_provider?.DisplayName ?? "New provider", null, disabled: true)];

    private string AccountName(Guid? id) => id is null ? "Not linked" : _accounts.FirstOrDefault(a => a.UserId == id)?.DisplayName ?? "";

    private static string Describe(DateHours day) =>
        day.IsClosed ? "closed" : string.Join(", ", day.Periods.Select(p => $"{WorkingHours.Clock(p.StartMinute)}–{WorkingHours.Clock(p.EndMinute)}"));

    private static string Span(TimeOffEntry entry) =>
        $"{LocalText.MediumDate(entry.StartLocal)}, {LocalText.Time(entry.StartLocal)} – {LocalText.MediumDate(entry.EndLocal)}, {LocalText.Time(entry.EndLocal)}";

    private async Task SaveAsync()
    {
        _busy = true;
        try
        {
            var command = _form with { };
            var outcome = _provider is null ? await Directory.CreateAsync(command) : await Directory.UpdateAsync(_provider.Id, command);
            if (!outcome.Succeeded)
            {
                _errors.Set(outcome.Errors, command);
                await _mudForm.ValidateAsync();
                return;
            }

            _errors.Clear();
            if (_provider is null)
            {
                Snackbar.Add($"{outcome.Value!.DisplayName} added. Now give them weekly hours.", Severity.Success);
                Navigation.NavigateTo($"app/providers/{outcome.Value.Id}");
                return;
            }

            _provider = outcome.Value;
            Loaded();
            Snackbar.Add($"{_provider!.DisplayName}'s details saved.", Severity.Success);
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task SetActiveAsync(bool active)
    {
        var name = _provider!.DisplayName;
        var confirmed = active
            ? await ConfirmDialog.AskAsync(Dialogs, "Reactivate this provider?", $"{name} can be offered for new bookings again.", "Reactivate", Color.Primary)
            : await ConfirmDialog.AskAsync(Dialogs, "Deactivate this provider?",
                $"{name} can no longer be chosen for new services. Existing bookings, hours and time off stay.", "Deactivate");
        if (!confirmed)
        {
            return;
        }

        ReportFailure(await RunAsync(() => Directory.SetActiveAsync(_provider.Id, active), active ? $"{name} is active again." : $"{name} deactivated."));
    }

    private async Task<IReadOnlyDictionary<string, string[]>> SaveHoursAsync(IReadOnlyList<WorkingPeriod> week)
    {
        var outcome = await Directory.ReplaceWeeklyHoursAsync(_provider!.Id, week);
        if (!outcome.Succeeded)
        {
            return outcome.Errors;
        }

        _provider = outcome.Value;
        Snackbar.Add("Weekly hours saved.", Severity.Success);
        StateHasChanged();
        return new Dictionary<string, string[]>();
    }

    private async Task AddOverrideAsync()
    {
        _overrideError = null;
        if (!DateOnly.TryParseExact(_overrideDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            _overrideError = "Choose a date.";
            return;
        }

        var periods = new List<LocalPeriod>();
        if (!_overrideClosed)
        {
            if (_overrideRows.Count == 0)
            {
                _overrideError = "Add a period, or mark the date closed.";
                return;
            }

            foreach (var row in _overrideRows)
            {
                row.TryMinutes(out var start, out var end);
                periods.Add(new LocalPeriod(start, end));
            }
        }

        if (await RunAsync(() => Directory.SetDateHoursAsync(_provider!.Id, date, periods), $"Hours of {date:yyyy-MM-dd} saved.") is { } errors)
        {
            _overrideError = string.Join(" ", errors.Values.SelectMany(m => m));
            return;
        }

        _overrideDate = null;
        _overrideClosed = false;
        _overrideRows = [new PeriodRow()];
    }

    private async Task RemoveOverrideAsync(DateOnly date) =>
        ReportFailure(await RunAsync(() => Directory.RemoveDateHoursAsync(_provider!.Id, date), $"{date:yyyy-MM-dd} follows the weekly hours again."));

    private void ReportFailure(IReadOnlyDictionary<string, string[]>? errors)
    {
        if (errors is not null)
        {
            Snackbar.Add(string.Join(" ", errors.Values.SelectMany(m => m)), Severity.Error);
        }
    }

    private async Task AddTimeOffAsync()
    {
        _timeOffProblem = null;
        if (!TryLocal(_timeOffStart, out var start) || !TryLocal(_timeOffEnd, out var end))
        {
            _timeOffProblem = "Enter when the time off starts and ends.";
            return;
        }

        // Bookings in the time off stay booked: the manager sees which, and decides.
        var booked = await Directory.BookingsInTimeOffAsync(_provider!.Id, start, end);
        if (!booked.Succeeded)
        {
            _timeOffProblem = string.Join(" ", booked.Errors.Values.SelectMany(m => m));
            return;
        }

        var overBookings = booked.Value!.Count > 0;
        if (overBookings && !await TimeOffOverBookingsDialog.AskAsync(Dialogs, booked.Value))
        {
            return;
        }

        if (await RunAsync(() => Directory.AddTimeOffAsync(_provider!.Id, start, end, _timeOffReason, overBookings), "Time off added.") is { } errors)
        {
            _timeOffProblem = string.Join(" ", errors.Values.SelectMany(m => m));
            return;
        }

        _timeOffStart = _timeOffEnd = _timeOffReason = null;
    }

    private async Task RemoveTimeOffAsync(TimeOffEntry entry) =>
        ReportFailure(await RunAsync(() => Directory.RemoveTimeOffAsync(_provider!.Id, entry.Id), "Time off removed."));

    private static bool TryLocal(string? text, out DateTime value) =>
        DateTime.TryParseExact(text, ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out value);

    /// <summary>Runs one change; on success takes the provider as it now is and says so. Returns the problems, or null.</summary>
    private async Task<IReadOnlyDictionary<string, string[]>?> RunAsync(Func<Task<Core.Common.Outcome<ProviderDetails>>> change, string done)
    {
        _busy = true;
        try
        {
            var outcome = await change();
            if (!outcome.Succeeded)
            {
                return outcome.Errors;
            }

            _provider = outcome.Value;
            Loaded();
            Snackbar.Add(done, Severity.Success);
            return null;
        }
        finally
        {
            _busy = false;
        }
    }
}
