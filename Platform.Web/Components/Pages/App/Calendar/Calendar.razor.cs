using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Platform.Core.Identity;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Tenancy;

namespace Platform.Web.Components.Pages.App.Calendar;

public partial class Calendar
{
    private CalendarDesk _desk = default!;
    private CalendarViewer _viewer = new(Guid.Empty, false);
    private IReadOnlyList<CalendarProvider> _providers = [];
    private IReadOnlyList<CalendarColumn> _columns = [];
    private CalendarView? _view;
    private DateOnly _day;
    private int _days = 1;
    private Guid? _providerId;
    private bool _showCancelled;

    [Inject]
    private TenantScopeFactory Scopes { get; set; } = default!;

    [Inject]
    private ITenantContext TenantContext { get; set; } = default!;

    [Inject]
    private IAuthorizationService Authorization { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    /// <summary>A day to open, yyyy-MM-dd; today otherwise.</summary>
    [SupplyParameterFromQuery(Name = "date")]
    public string? Date { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

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
        _desk = new CalendarDesk(Scopes, TenantContext);
        var user = (await AuthenticationState).User;
        var isManager = (await Authorization.AuthorizeAsync(user, PlatformPolicies.TenantManager)).Succeeded;
        _viewer = new CalendarViewer(Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : Guid.Empty, isManager);
        _day = DateOnly.TryParseExact(Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : Today();
        _providers = await _desk.ProvidersAsync(_viewer);
        if (!isManager && _providers.Count > 0)
        {
            _providerId = _providers[0].Id;
        }

        await LoadAsync();
    }

    private DateOnly Today() =>
        DateOnly.FromDateTime(CalendarGrid.Local(DateTimeOffset.UtcNow, TenantContext.Tenant?.TimeZone ?? "UTC"));

    private async Task LoadAsync()
    {
        var view = await _desk.ViewAsync(new CalendarQuery(FirstDay, _days, _providerId, _showCancelled), _viewer);
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
            { d => d.Desk, _desk },
            { d => d.Zone, TenantContext.Tenant?.TimeZone ?? "UTC" },
            { d => d.UserId, _viewer.UserId },
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
        if (await BookingDialogFlow.OpenAsync(Dialogs, Snackbar, _desk, _viewer, bookingId, _view?.TimeZone ?? "UTC"))
        {
            await LoadAsync();
        }
    }
}
