using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Platform.Core.Bookings;
using Platform.Core.Identity;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Tenancy;
using Platform.Web.Components.Pages.App.Calendar;
using Platform.Web.Components.Shared;

namespace Platform.Web.Components.Pages.App.Bookings;

/// <summary>All bookings a member of staff may see, paged in the database, opening into the calendar's booking dialog.</summary>
public partial class Bookings
{
    private static readonly int[] PageSizes = [10, 25, 50, 100];

    private MudDataGrid<CalendarBooking>? _grid;
    private CalendarDesk _desk = default!;
    private CalendarViewer _viewer = new(Guid.Empty, false);
    private IReadOnlyList<CalendarProvider> _providers = [];
    private BookingListScope _scope = BookingListScope.Upcoming;
    private BookingStatus? _status;
    private Guid? _providerId;
    private string? _search;
    private string _zone = "UTC";

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

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private string EmptyText => (_scope, _status, string.IsNullOrWhiteSpace(_search)) switch
    {
        (_, _, false) => $"No booking of a customer matching “{_search}”.",
        (_, not null, _) => $"No {_status.ToString()!.ToLowerInvariant()} bookings here.",
        (BookingListScope.Upcoming, _, _) => "No upcoming bookings. New ones appear here as customers book on the portal or you book them on the calendar.",
        (BookingListScope.Past, _, _) => "No past bookings yet.",
        _ => "No bookings yet.",
    };

    protected override async Task OnInitializedAsync()
    {
        _desk = new CalendarDesk(Scopes, TenantContext);
        _zone = TenantContext.Tenant?.TimeZone ?? "UTC";
        var user = (await AuthenticationState).User;
        var isManager = (await Authorization.AuthorizeAsync(user, PlatformPolicies.TenantManager)).Succeeded;
        _viewer = new CalendarViewer(Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : Guid.Empty, isManager);
        _providers = await _desk.ProvidersAsync(_viewer);
    }

    private async Task<GridData<CalendarBooking>> LoadAsync(GridState<CalendarBooking> state, CancellationToken ct)
    {
        var query = new BookingListQuery(_scope, _status, _providerId, _search, state.Page + 1, Math.Clamp(state.PageSize, 1, BookingListQuery.MaxPageSize));
        var page = await _desk.ListAsync(query, _viewer);
        _zone = page.TimeZone;
        return new GridData<CalendarBooking> { Items = page.Items, TotalItems = page.Total };
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
        if (await BookingDialogFlow.OpenAsync(Dialogs, Snackbar, _desk, _viewer, row.Item.Id, _zone) && _grid is not null)
        {
            await _grid.ReloadServerData();
        }
    }
}
