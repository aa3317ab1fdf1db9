using Microsoft.AspNetCore.Components;
using MudBlazor;
using Platform.Core.Bookings;
using Platform.Core.Common;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Bookings;
using Platform.Web.Components.Pages.App.Calendar;
using Platform.Web.Components.Shared;

namespace Platform.Web.Components.Pages.App.Bookings;

/// <summary>All bookings a member of staff may see, paged in the database, opening into the calendar's booking dialog.</summary>
public partial class Bookings : IDisposable
{
    private static readonly int[] PageSizes = [10, 25, 50, 100];

    private MudDataGrid<CalendarBooking>? _grid;
    private bool _seesTeam;
    private IReadOnlyList<CalendarProvider> _providers = [];
    private BookingListScope _scope = BookingListScope.Upcoming;
    private BookingStatus? _status;
    private Guid? _providerId;
    private string? _search;
    private string _zone = "UTC";
    private bool _capped;
    private bool _interactive;

    [Inject]
    private StaffCalendar StaffCalendar { get; set; } = default!;

    [Inject]
    private BookingLedger Ledger { get; set; } = default!;

    [Inject]
    private AvailabilityQuery Availability { get; set; } = default!;

    [Inject]
    private LiveBookings Live { get; set; } = default!;

    private IDisposable? _news;

    [Inject]
    private ITenantContext TenantContext { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    private string EmptyText => (_scope, _status, string.IsNullOrWhiteSpace(_search)) switch
    {
        (_, _, false) => $"No booking of a customer matching “{_search}”.",
        (_, not null, _) => $"No {_status.ToString()!.ToLowerInvariant()} bookings here.",
        (BookingListScope.Upcoming, _, _) => "No upcoming bookings. New ones appear here as customers book on the portal or you book them on the calendar.",
        (BookingListScope.Past, _, _) => "No past bookings yet.",
        _ => "No bookings yet.",
    };

    /// <summary>The pager's "1-25 of 230", or "of more than 1,000" when the list was counted only that far.</summary>
    private string PagerInfo => _capped ? "{first_item}-{last_item} of more than {all_items}" : "{first_item}-{last_item} of {all_items}";

    private static string CapText => PageRequest.MaxCounted.ToString("N0", System.Globalization.CultureInfo.CurrentCulture);

    protected override async Task OnInitializedAsync()
    {
        _zone = TenantContext.Tenant?.TimeZone ?? "UTC";
        _seesTeam = await StaffCalendar.SeesTeamAsync();
        _providers = await StaffCalendar.ProvidersAsync();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _interactive = true;
            StateHasChanged();
            return;
        }

        if (_interactive && _news is null)
        {
            // Live (issue 14): any change of the tenant's bookings may move, add or take a row here, so the page shown is
            // read again in place, at the page it is on.
            var reloads = new ReloadOnNews(() => _grid?.ReloadServerData() ?? Task.CompletedTask);
            _news = Live.OnChanges(_ => InvokeAsync(reloads.NudgeAsync));
        }
    }

    public void Dispose()
    {
        _news?.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task<GridData<CalendarBooking>> LoadAsync(GridState<CalendarBooking> state, CancellationToken ct)
    {
        var list = await StaffCalendar.ListAsync(new BookingListQuery(_scope, _status, _providerId, _search), PageRequest.Of(state.Page + 1, state.PageSize), ct: ct);
        _zone = list.TimeZone;
        _capped = list.Page.TotalIsCapped;
        return new GridData<CalendarBooking> { Items = list.Page.Items, TotalItems = list.Page.Total };
    }

    private Task ScopeChangedAsync(BookingListScope scope)
    {
        _scope = scope;
        return ReloadAsync();
    }

    private Task StatusChangedAsync(BookingStatus? status)
    {
        _status = status;
        return ReloadAsync();
    }

    private Task ProviderChangedAsync(Guid? providerId)
    {
        _providerId = providerId;
        return ReloadAsync();
    }

    private Task SearchAsync(string? search)
    {
        _search = search;
        return ReloadAsync();
    }

    private Task ReloadAsync() => _grid.ReloadFromFirstPageAsync();

    private async Task OpenAsync(DataGridRowClickEventArgs<CalendarBooking> row)
    {
        if (await BookingDialogFlow.OpenAsync(Dialogs, Snackbar, StaffCalendar, Ledger, Availability, Live, row.Item.Id, _zone) && _grid is not null)
        {
            await _grid.ReloadServerData();
        }
    }
}
