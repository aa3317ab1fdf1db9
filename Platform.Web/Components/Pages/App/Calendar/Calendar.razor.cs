using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Bookings;

namespace Platform.Web.Components.Pages.App.Calendar;

public partial class Calendar
{
    private bool _seesTeam;
    private IReadOnlyList<CalendarProvider> _providers = [];
    private IReadOnlyList<CalendarColumn> _columns = [];
    private CalendarView? _view;
    private DateOnly _day;
    private int _days = 1;
    private Guid? _providerId;
    private bool _showCancelled;

    [Inject]
    private StaffCalendar StaffCalendar { get; set; } = default!;

    [Inject]
    private BookingLedger Ledger { get; set; } = default!;

    [Inject]
    private AvailabilityQuery Availability { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private ITenantContext TenantContext { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    /// <summary>A day to open, yyyy-MM-dd; today otherwise.</summary>
    [SupplyParameterFromQuery(Name = "date")]
    public string? Date { get; set; }

    private DateOnly FirstDay => _days == 1 ? _day : _day.AddDays(-(((int)_day.DayOfWeek + 6) % 7));

    private string RangeTitle => _days == 1
        ? _day.ToString("dddd d MMMM yyyy", CultureInfo.InvariantCulture)
        : $"{FirstDay.ToString("d MMM", CultureInfo.InvariantCulture)} – {FirstDay.AddDays(6).ToString("d MMM yyyy", CultureInfo.InvariantCulture)}";

    private bool _interactive;

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _interactive = true;
            StateHasChanged();
        }
    }

    protected override async Task OnInitializedAsync()
    {
        _seesTeam = await StaffCalendar.SeesTeamAsync();
        _day = DateOnly.TryParseExact(Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : Today();
        _providers = await StaffCalendar.ProvidersAsync();
        if (!_seesTeam && _providers.Count > 0)
        {
            _providerId = _providers[0].Id;
        }

        await LoadAsync();
    }

    private DateOnly Today() =>
        DateOnly.FromDateTime(CalendarGrid.Local(Clock.GetUtcNow(), TenantContext.Tenant?.TimeZone ?? "UTC"));

    private async Task LoadAsync()
    {
        var view = await StaffCalendar.BookingsAsync(new CalendarQuery(FirstDay, _days, _providerId, _showCancelled));
        var shown = _providerId is { } one ? [.. _providers.Where(p => p.Id == one)] : _providers;
        _columns = CalendarGrid.Columns(view, FirstDay, _days, shown);
        _view = view;
    }

    private string ProviderName(Guid? id) => id is { } one ? _providers.FirstOrDefault(p => p.Id == one)?.DisplayName ?? "" : "Team";

    private Task MoveAsync(int direction)
    {
        _day = _day.AddDays(direction * _days);
        return LoadAsync();
    }

    private Task TodayAsync()
    {
        _day = Today();
        return LoadAsync();
    }

    private Task SetDaysAsync(int days)
    {
        _days = days;
        return LoadAsync();
    }

    private Task SetProviderAsync(Guid? providerId)
    {
        _providerId = providerId;
        return LoadAsync();
    }

    private Task ShowCancelledAsync(bool show)
    {
        _showCancelled = show;
        return LoadAsync();
    }

    private async Task NewBookingAsync()
    {
        var dialog = await Dialogs.ShowAsync<NewBookingDialog>("New booking", new DialogParameters<NewBookingDialog>
        {
            { d => d.Zone, TenantContext.Tenant?.TimeZone ?? "UTC" },
            { d => d.Day, _day },
        }, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add("Booked.", Severity.Success);
            await LoadAsync();
        }
    }

    private async Task OpenAsync(Guid bookingId)
    {
        if (await BookingDialogFlow.OpenAsync(Dialogs, Snackbar, StaffCalendar, Ledger, Availability, bookingId, _view?.TimeZone ?? "UTC"))
        {
            await LoadAsync();
        }
    }
}
