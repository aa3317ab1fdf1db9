using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Platform.Core.Access;
using Platform.Core.Bookings;
using Platform.Core.Common;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Realtime;
using Platform.Tests.Support;
using Platform.Web.Components.Pages.App.Calendar;

namespace Platform.Tests.Bookings;

/// <summary>The booking dialog offers only the changes the booking itself allows the viewer (<see cref="Booking.AllowedActions"/>).</summary>
public class BookingDialogTests
{
    private static readonly DateTimeOffset Now = new(2027, 1, 11, 15, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(BookingStatus.Pending, true, 2, "Confirm,Reject,Cancel")]
    [InlineData(BookingStatus.Pending, false, 2, "Cancel")]
    [InlineData(BookingStatus.Pending, true, -2, "Confirm,Reject")]
    [InlineData(BookingStatus.Pending, false, -2, "")]
    [InlineData(BookingStatus.Confirmed, true, 2, "Cancel")]
    [InlineData(BookingStatus.Confirmed, true, -2, "Complete,NoShow")]
    [InlineData(BookingStatus.Completed, true, -2, "")]
    [InlineData(BookingStatus.Cancelled, true, 2, "")]
    [InlineData(BookingStatus.NoShow, true, -2, "")]
    public async Task Only_the_actions_the_status_allows_are_offered(BookingStatus status, bool isManager, int startsInHours, string expected)
    {
        await using var ctx = new PlatformBunitContext();
        var (page, _) = await OpenAsync(ctx, Details(status, Now.AddHours(startsInHours), isManager));

        var offered = page.FindAll("button[data-action]").Select(b => b.GetAttribute("data-action"));
        Assert.Equal(expected, string.Join(",", offered));
        Assert.Contains("Casey Caller", page.Markup, StringComparison.Ordinal);
        Assert.Contains("Booked online", page.Markup, StringComparison.Ordinal);
        // The reason field is there exactly when an offered change asks for one.
        Assert.Equal(expected.Contains("Cancel", StringComparison.Ordinal) || expected.Contains("Reject", StringComparison.Ordinal), page.FindAll("input").Count > 0);
    }

    [Fact]
    public async Task Cancelling_asks_for_a_reason_and_returns_it()
    {
        await using var ctx = new PlatformBunitContext();
        var details = Details(BookingStatus.Confirmed, Now.AddDays(1), false);
        var (page, dialog) = await OpenAsync(ctx, details);

        page.Find("button[data-action=Cancel]").Click();
        page.WaitForAssertion(() => Assert.Contains("Give a reason.", page.Markup, StringComparison.Ordinal));
        Assert.False(dialog.Result.IsCompleted);

        page.Find("input").Change("Called in sick");
        page.Find("button[data-action=Cancel]").Click();
        var result = await dialog.Result.WaitAsync(TimeSpan.FromSeconds(10));
        // With the booking as it was shown, for the ledger to refuse the change if someone changed it meanwhile.
        Assert.Equal(new BookingDecision(BookingAction.Cancel, "Called in sick", Seen(details)), result?.Data);
    }

    [Fact]
    public async Task Rescheduling_offers_the_providers_free_times_in_the_calendar_zone_and_returns_the_chosen_one()
    {
        await using var ctx = new PlatformBunitContext();
        var booking = Details(BookingStatus.Confirmed, Now.AddDays(1), false);
        var asked = new List<DateOnly>();
        var free = new DateTimeOffset(2027, 1, 12, 19, 30, 0, TimeSpan.Zero); // 14:30 in New York
        var (page, dialog) = await OpenAsync(ctx, booking, day =>
        {
            asked.Add(day);
            return Task.FromResult<IReadOnlyList<DateTimeOffset>>(day == new DateOnly(2027, 1, 12) ? [free, free.AddHours(1)] : []);
        });

        page.Find("[data-testid=reschedule-open]").Click();
        page.WaitForAssertion(() => Assert.Equal(["14:30", "15:30"], page.FindAll("[data-testid=reschedule-slot]").Select(b => b.TextContent.Trim())));
        Assert.Equal([new DateOnly(2027, 1, 12)], asked); // the booking's own local day first

        page.Find("[data-testid=reschedule-confirm]").Click();
        page.WaitForAssertion(() => Assert.Contains("Choose a free time.", page.Markup, StringComparison.Ordinal));
        Assert.False(dialog.Result.IsCompleted);

        page.FindAll("[data-testid=reschedule-slot]")[0].Click();
        page.Find("[data-testid=reschedule-confirm]").Click();
        var result = await dialog.Result.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(new RescheduleDecision(free, Seen(booking)), result?.Data);
    }

    [Theory]
    [InlineData(BookingStatus.Confirmed, -2)]
    [InlineData(BookingStatus.Cancelled, 2)]
    [InlineData(BookingStatus.Completed, -2)]
    public async Task Bookings_that_started_or_are_settled_cannot_be_moved(BookingStatus status, int startsInHours)
    {
        await using var ctx = new PlatformBunitContext();
        var (page, _) = await OpenAsync(ctx, Details(status, Now.AddHours(startsInHours), true),
            _ => Task.FromResult<IReadOnlyList<DateTimeOffset>>([]));

        Assert.Empty(page.FindAll("[data-testid=reschedule-open]"));
    }

    [Fact]
    public async Task Who_else_has_it_open_is_shown_and_a_change_made_meanwhile_is_shown_before_anything_is_chosen_on_it()
    {
        await using var ctx = new PlatformBunitContext();
        var details = Details(BookingStatus.Confirmed, Now.AddDays(1), true);
        var watching = new Watching();
        var fresh = details with
        {
            Booking = details.Booking with { Status = BookingStatus.Cancelled },
            History = [.. details.History, new CalendarBookingChange(BookingChangeKind.Cancelled, new DateTimeOffset(2027, 1, 11, 15, 5, 0, TimeSpan.Zero), "Mark Manager", "Asked to", null)],
            Allowed = [],
        };
        var (page, dialog) = await OpenAsync(ctx, details, watch: watching.Watch, reread: () => Task.FromResult<CalendarBookingDetails?>(fresh));
        Assert.NotNull(watching.Viewer);
        Assert.Equal("Cancel", page.Find("button[data-action]").GetAttribute("data-action"));

        await page.InvokeAsync(() => watching.Viewer!.Viewers([new BookingViewerName(Guid.NewGuid(), "Mark Manager")]));
        page.WaitForAssertion(() => Assert.Contains("Mark Manager also has this booking open.", page.Find("[data-testid=booking-viewers]").TextContent, StringComparison.Ordinal));
        Assert.Equal("MM", page.Find("[data-testid=booking-viewers] .booking-viewer").TextContent);

        await page.InvokeAsync(() => watching.Viewer!.ChangedAsync(new BookingChangeNews("booking.cancelled", Now, null, details.Booking.StartUtc, details.Booking.EndUtc)));
        page.WaitForAssertion(() => Assert.Contains("Mark Manager cancelled this booking at 10:05 while you had it open.", page.Find("[data-testid=booking-changed]").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("button[data-action]"));
        Assert.Contains("Cancelled", page.Find(".calendar-status").TextContent, StringComparison.Ordinal);

        // Closing the dialog stops the watching (the others are told it left).
        page.FindAll("button").Single(b => b.TextContent.Trim() == "Close").Click();
        await dialog.Result.WaitAsync(TimeSpan.FromSeconds(10));
        page.WaitForAssertion(() => Assert.True(watching.Stopped));
    }

    private static BookingState Seen(CalendarBookingDetails details) => new(details.Booking.Status, details.Booking.StartUtc, details.Booking.EndUtc);

    /// <summary>The page's side of the dialog's live part: the dialog's viewer, and whether its watching was stopped.</summary>
    private sealed class Watching : IAsyncDisposable
    {
        public IBookingViewer? Viewer { get; private set; }

        public bool Stopped { get; private set; }

        public Task<IAsyncDisposable?> Watch(IBookingViewer viewer)
        {
            Viewer = viewer;
            return Task.FromResult<IAsyncDisposable?>(this);
        }

        public ValueTask DisposeAsync()
        {
            Stopped = true;
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>A booking as a manager, or the staff member whose calendar it is on, opens it: what they may do comes from the booking.</summary>
    private static CalendarBookingDetails Details(BookingStatus status, DateTimeOffset start, bool isManager)
    {
        var booking = new Booking { StartUtc = start, EndUtc = start.AddHours(1), Status = status, Price = new Money(95m, "USD") };
        var viewer = isManager ? Actor.Manager(Guid.NewGuid()) : Actor.Staff(Guid.NewGuid());
        return new(
            new CalendarBooking(booking.Id, Guid.NewGuid(), Guid.NewGuid(), "Jo Chen", "Initial assessment", "Casey Caller", start, start.AddHours(1), status, booking.Price),
            "casey@example.com",
            "+1 555 0100",
            "",
            [new CalendarBookingChange(BookingChangeKind.Created, start.AddDays(-3), null, "Booked online", null)],
            booking.AllowedActions(new BookingParty(viewer, ProvidesIt: true, BookedIt: false), Now, cancellationWindowHours: 24));
    }

    private static async Task<(IRenderedComponent<MudDialogProvider> Page, IDialogReference Dialog)> OpenAsync(
        BunitContext ctx, CalendarBookingDetails details, Func<DateOnly, Task<IReadOnlyList<DateTimeOffset>>>? freeStarts = null,
        Func<IBookingViewer, Task<IAsyncDisposable?>>? watch = null, Func<Task<CalendarBookingDetails?>>? reread = null)
    {
        ctx.Render<MudPopoverProvider>();
        var page = ctx.Render<MudDialogProvider>();
        var dialogs = ctx.Services.GetRequiredService<IDialogService>();
        var dialog = await page.InvokeAsync(() => dialogs.ShowAsync<BookingDialog>("Booking", new DialogParameters<BookingDialog>
        {
            { d => d.Details, details },
            { d => d.Zone, "America/New_York" },
            { d => d.FreeStarts, freeStarts },
            { d => d.Watch, watch },
            { d => d.Reread, reread },
        }));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".calendar-details")));
        return (page, dialog);
    }
}
