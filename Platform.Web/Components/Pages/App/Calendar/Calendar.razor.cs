using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using Platform.Core.Bookings;
using Platform.Core.Common;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Bookings;
using Platform.Web.Components.Shared;
using Platform.Web.Interop;

namespace Platform.Web.Components.Pages.App.Calendar;

public partial class Calendar
{
    private const int MonthShown = 3;

    private static readonly string[] WeekdayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

    private bool _seesTeam;
    private bool _dark;
    private IReadOnlyList<CalendarProvider> _providers = [];
    private IReadOnlyList<CalendarColumn> _columns = [];
    private IReadOnlyList<IReadOnlyList<CalendarMonthDay>> _month = [];
    private CalendarView? _view;
    private DateOnly _day;
    private DateOnly _today;
    private CalendarLayout _layout = CalendarLayout.Day;
    private Guid? _providerId;
    private bool _showCancelled;
    private ElementReference _surface;
    private DotNetObjectReference<CalendarDropTarget>? _dropTarget;
    private bool _attached;
    private IDisposable? _news;

    [Inject]
    private StaffCalendar StaffCalendar { get; set; } = default!;

    [Inject]
    private BookingLedger Ledger { get; set; } = default!;

    [Inject]
    private AvailabilityQuery Availability { get; set; } = default!;

    [Inject]
    private LiveBookings Live { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private ITenantContext TenantContext { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private CalendarInterop Interop { get; set; } = default!;

    /// <summary>
    /// What the prerender read for the page's first view, handed to the interactive render with the page, so that a page
    /// load reads the calendar once rather than again when the circuit starts (issue 12).
    /// </summary>
    [PersistentState]
    public CalendarFirstLoad? FirstLoad { get; set; }

    /// <summary>A day to open, yyyy-MM-dd; today otherwise.</summary>
    [SupplyParameterFromQuery(Name = "date")]
    public string? Date { get; set; }

    /// <summary>A view to open: team, day, week or month; the team (managers) or the day (staff) otherwise.</summary>
    [SupplyParameterFromQuery(Name = "view")]
    public string? View { get; set; }

    /// <summary>A booking to open, as staff notifications and e-mails link to it: the calendar opens on its day with its details.</summary>
    [SupplyParameterFromQuery(Name = "booking")]
    public Guid? BookingId { get; set; }

    /// <summary>The linked booking, to open once the page is live.</summary>
    private Guid? _linked;

    /// <summary>Whether the linked booking is not there for the reader (gone, another provider's, another tenant's).</summary>
    private bool _linkedMissing;

    private string Zone => _view?.TimeZone ?? TenantContext.Tenant?.TimeZone ?? "UTC";

    /// <summary>The team view (a column per provider) is there for those who see the team, when no one provider is chosen.</summary>
    private bool ShowsResourceView => _seesTeam && _providerId is null;

    private DateOnly FirstDay => _layout switch
    {
        CalendarLayout.Week => CalendarGrid.MondayOf(_day),
        CalendarLayout.Month => new DateOnly(_day.Year, _day.Month, 1),
        _ => _day,
    };

    private int Days => _layout switch
    {
        CalendarLayout.Week => 7,
        CalendarLayout.Month => DateTime.DaysInMonth(_day.Year, _day.Month),
        _ => 1,
    };

    private string RangeTitle => _layout switch
    {
        CalendarLayout.Week => $"{LocalText.DayMonth(FirstDay)} – {LocalText.MediumDate(FirstDay.AddDays(6))}",
        CalendarLayout.Month => LocalText.MonthYear(_day),
        _ => LocalText.LongDate(_day),
    };

    private bool _interactive;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            _interactive = true;
            StateHasChanged();
            return;
        }

        if (_interactive && _news is null)
        {
            // Live (issue 14): whoever changes a booking in the range shown (a colleague, the portal, the API, a workflow),
            // the calendar reads its range again in place.
            var reloads = new ReloadOnNews(async () =>
            {
                await LoadAsync();
                StateHasChanged();
            });
            _news = Live.OnChanges(news => InvokeAsync(() => _view is { } shown && news.Touches(shown.FromUtc, shown.ToUtc) ? reloads.NudgeAsync() : Task.CompletedTask));
        }

        if (_interactive && !_attached)
        {
            _attached = true;
            _dropTarget = DotNetObjectReference.Create(new CalendarDropTarget(async drop =>
            {
                var accepted = false;
                await InvokeAsync(async () => accepted = await DropAsync(drop));
                return accepted;
            }));
            await Interop.AttachAsync(_surface, _dropTarget);
        }

        if (_interactive && _linked is { } linked)
        {
            _linked = null;
            await OpenAsync(linked);
            StateHasChanged();
        }
    }

    protected override async Task OnInitializedAsync()
    {
        var restored = FirstLoad;
        _seesTeam = restored?.SeesTeam ?? await StaffCalendar.SeesTeamAsync();
        _dark = TenantContext.Tenant?.Theme.DarkMode ?? false;
        _today = Today();
        _day = DateOnly.TryParseExact(Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : _today;
        _providers = restored?.Providers ?? await StaffCalendar.ProvidersAsync();
        if (!_seesTeam && _providers.Count > 0)
        {
            _providerId = _providers[0].Id;
        }

        if (BookingId is { } linked)
        {
            // The booking's own day, whatever the link's date says: it may have moved since the link was sent.
            if (await StaffCalendar.DetailsAsync(linked) is { } details)
            {
                _day = DateOnly.FromDateTime(CalendarGrid.Local(details.Booking.StartUtc, _providers.FirstOrDefault(p => p.Id == _providerId)?.TimeZone ?? TenantContext.Tenant?.TimeZone ?? "UTC"));
                _linked = linked;
            }
            else
            {
                _linkedMissing = true;
            }
        }

        _layout = View?.ToLowerInvariant() switch
        {
            "day" => CalendarLayout.Day,
            "week" => CalendarLayout.Week,
            "month" => CalendarLayout.Month,
            _ => ShowsResourceView ? CalendarLayout.Resource : CalendarLayout.Day,
        };
        if (restored is not null && restored.Query == CurrentQuery)
        {
            Show(restored.View);
        }
        else
        {
            await LoadAsync();
        }

        if (RendererInfo.IsInteractive)
        {
            FirstLoad = null; // handed over already; only the prerender has anything to hand on
            return;
        }

        // The state goes back to the server in the circuit's first message, which SignalR caps at 32 KB: a busy month is
        // read again rather than sent.
        var first = new CalendarFirstLoad(_seesTeam, _providers, CurrentQuery, _view!);
        FirstLoad = JsonSerializer.SerializeToUtf8Bytes(first, JsonSerializerOptions.Web).Length <= CalendarFirstLoad.MaxBytes ? first : null;
    }

    private CalendarQuery CurrentQuery => new(FirstDay, Days, _providerId, _showCancelled);

    private DateOnly Today() => DateOnly.FromDateTime(CalendarGrid.Local(Clock.GetUtcNow(), TenantContext.Tenant?.TimeZone ?? "UTC"));

    private async Task LoadAsync()
    {
        if (_layout == CalendarLayout.Resource && !ShowsResourceView)
        {
            _layout = CalendarLayout.Day;
        }

        Show(await StaffCalendar.BookingsAsync(CurrentQuery));
    }

    private void Show(CalendarView view)
    {
        var shown = _providerId is { } one ? [.. _providers.Where(p => p.Id == one)] : _providers;
        if (_layout == CalendarLayout.Month)
        {
            _month = CalendarGrid.Month(view, _day);
            _columns = [];
        }
        else
        {
            _columns = CalendarGrid.Columns(view, _layout, FirstDay, shown);
            _month = [];
        }

        _view = view;
    }

    private string ProviderName(Guid? id) => id is { } one ? _providers.FirstOrDefault(p => p.Id == one)?.DisplayName ?? "" : "Team";

    private static string Count(int bookings) => bookings switch
    {
        0 => "no bookings",
        1 => "1 booking",
        _ => $"{bookings} bookings",
    };

    private static string Describe(CalendarBlock block) =>
        $"{LocalText.TimeRange(block.LocalStart, block.LocalEnd)} {block.Booking.CustomerName}, {block.Booking.ServiceName} with {block.Booking.ProviderName}, {block.Booking.Status}";

    /// <summary>Whether the calendar offers to drag the booking; the ledger decides when it is dropped.</summary>
    private bool Movable(CalendarBooking booking) =>
        booking.Status is BookingStatus.Pending or BookingStatus.Confirmed && booking.StartUtc > Clock.GetUtcNow();

    private Task MoveAsync(int direction)
    {
        _day = _layout switch
        {
            CalendarLayout.Week => _day.AddDays(7 * direction),
            CalendarLayout.Month => _day.AddMonths(direction),
            _ => _day.AddDays(direction),
        };
        return LoadAsync();
    }

    private Task TodayAsync()
    {
        _day = Today();
        return LoadAsync();
    }

    private Task SetLayoutAsync(CalendarLayout layout)
    {
        _layout = layout;
        return LoadAsync();
    }

    private Task OpenDayAsync(DateOnly day)
    {
        _day = day;
        _layout = ShowsResourceView ? CalendarLayout.Resource : CalendarLayout.Day;
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

    /// <summary>The new-booking dialog; from an empty time, with its day, time and (in the team view) provider filled in.</summary>
    private async Task NewBookingAsync(CalendarColumn? column, TimeOnly? time)
    {
        var day = column?.Day ?? _day;
        var dialog = await Dialogs.ShowAsync<NewBookingDialog>("New booking", new DialogParameters<NewBookingDialog>
        {
            { d => d.Zone, Zone },
            { d => d.Day, day },
            { d => d.ProviderId, column?.ProviderId },
            { d => d.Start, time is { } at ? CalendarGrid.Utc(day.ToDateTime(at), Zone) : null },
        }, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add("Booked.", Severity.Success);
            await LoadAsync();
        }
    }

    /// <summary>The signed-in member of staff's secret calendar link: made, copied, replaced or revoked in a dialog.</summary>
    private async Task SubscribeAsync() =>
        await Dialogs.ShowAsync<CalendarFeedDialog>("Subscribe to my calendar", new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });

    private async Task OpenAsync(Guid bookingId)
    {
        if (await BookingDialogFlow.OpenAsync(Dialogs, Snackbar, StaffCalendar, Ledger, Availability, Live, bookingId, Zone))
        {
            await LoadAsync();
        }
    }

    /// <summary>
    /// A booking dropped at a new time or length (or moved with the keyboard), committed through the ledger, which
    /// decides whether this member of staff may and whether the time is free. A refusal is shown and the block goes back.
    /// </summary>
    private async Task<bool> DropAsync(CalendarDrop drop)
    {
        var booking = _view?.Bookings.FirstOrDefault(b => b.Id == drop.BookingId);
        if (booking is null)
        {
            return false;
        }

        var zone = Zone;
        var start = CalendarGrid.Utc(CalendarGrid.Local(booking.StartUtc, zone).AddDays(drop.Days).AddMinutes(drop.Minutes), zone);
        TimeSpan? length = drop.LengthMinutes == 0 ? null : booking.EndUtc - booking.StartUtc + TimeSpan.FromMinutes(drop.LengthMinutes);
        // Only while the booking is as this calendar shows it: a move made on a booking someone changed meanwhile is refused.
        var outcome = await Ledger.RescheduleIfUnchangedAsync(booking.Id, booking.State, start, length);
        if (!outcome.Succeeded)
        {
            Snackbar.Add($"{booking.CustomerName}'s booking was not changed: {string.Join(" ", outcome.Errors.Values.SelectMany(m => m))}", Severity.Error);
            StateHasChanged();
            return false;
        }

        var moved = outcome.Value!;
        Snackbar.Add($"{booking.CustomerName}'s booking: now {LocalText.ShortDayTime(CalendarGrid.Local(moved.StartUtc, zone))}–{LocalText.Time(CalendarGrid.Local(moved.EndUtc, zone))}.", Severity.Success);
        await LoadAsync();
        StateHasChanged();
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        _news?.Dispose();
        if (_attached)
        {
            try
            {
                await Interop.DetachAsync(_surface);
            }
            catch (JSDisconnectedException)
            {
                // The circuit is gone, and the page's listeners with it.
            }
        }

        _dropTarget?.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The calendar's first view as the prerender read it: who sees what, the providers, the query and its bookings.</summary>
public sealed record CalendarFirstLoad(bool SeesTeam, IReadOnlyList<CalendarProvider> Providers, CalendarQuery Query, CalendarView View)
{
    /// <summary>The most it may take as JSON; protected and encoded, it grows by about half on its way to the browser and back.</summary>
    public const int MaxBytes = 12 * 1024;
}
