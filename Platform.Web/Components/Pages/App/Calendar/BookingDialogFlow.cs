using MudBlazor;
using Platform.Core.Bookings;
using Platform.Core.Common;
using Platform.Infrastructure.Bookings;

namespace Platform.Web.Components.Pages.App.Calendar;

/// <summary>Opening a booking from the calendar or the bookings list: the dialog, the change staff chose, and a word on how it went.</summary>
public static class BookingDialogFlow
{
    /// <summary>Returns whether the booking may have changed (or vanished), so the caller reloads.</summary>
    public static async Task<bool> OpenAsync(
        IDialogService dialogs, ISnackbar snackbar, StaffCalendar calendar, BookingLedger ledger, AvailabilityQuery availability, LiveBookings live, Guid bookingId, string zone)
    {
        if (await calendar.DetailsAsync(bookingId) is not { } details)
        {
            snackbar.Add("This booking is no longer there.", Severity.Warning);
            return true;
        }

        var dialog = await dialogs.ShowAsync<BookingDialog>(details.Booking.ServiceName, new DialogParameters<BookingDialog>
        {
            { d => d.Details, details },
            { d => d.Zone, zone },
            { d => d.FreeStarts, day => availability.FreeStartsAsync(details.Booking.ServiceId, details.Booking.ProviderId, day, zone) },
            { d => d.Watch, async viewer => await live.ViewAsync(bookingId, viewer) },
            { d => d.Reread, () => calendar.DetailsAsync(bookingId) },
        }, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        var (outcome, done) = (await dialog.Result)?.Data switch
        {
            BookingDecision decision => (await ledger.ChangeIfUnchangedAsync(bookingId, decision.Seen, decision.Action, decision.Reason), BookingDecision.Done(decision.Action)),
            RescheduleDecision move => (await ledger.RescheduleIfUnchangedAsync(bookingId, move.Seen, move.NewStartUtc, length: null),
                "moved to " + LocalText.ShortDayTime(CalendarGrid.Local(move.NewStartUtc, zone))),
            _ => (null, null),
        };
        if (outcome is null)
        {
            return false;
        }

        var problem = outcome.Succeeded ? null : string.Join(" ", outcome.Errors.Values.SelectMany(m => m));
        snackbar.Add(problem ?? $"{details.Booking.CustomerName}'s booking is {done}.", problem is null ? Severity.Success : Severity.Error);
        return true;
    }
}

public sealed record CalendarCustomer(Guid Id, string Name, string Email)
{
    public override string ToString() => $"{Name} <{Email}>";
}

/// <summary>A new start a member of staff chose for a booking in the booking dialog, as the booking was (<paramref name="Seen"/>) when they chose.</summary>
public sealed record RescheduleDecision(DateTimeOffset NewStartUtc, BookingState Seen);

/// <summary>
/// A change a member of staff chose in the booking dialog, as the booking was (<paramref name="Seen"/>) when they chose;
/// which ones are offered is the booking's <see cref="Booking.AllowedActions"/>.
/// </summary>
public sealed record BookingDecision(BookingAction Action, string? Reason, BookingState Seen)
{
    public static string Label(BookingAction action) => action switch
    {
        BookingAction.Confirm => "Confirm",
        BookingAction.Reject => "Reject",
        BookingAction.Cancel => "Cancel booking",
        BookingAction.Complete => "Mark completed",
        BookingAction.NoShow => "Mark no-show",
        BookingAction.Reschedule => "Move",
        _ => action.ToString(),
    };

    /// <summary>What an action did, as the sentence "Carla's booking is …" ends.</summary>
    public static string Done(BookingAction action) => action switch
    {
        BookingAction.Confirm => "confirmed",
        BookingAction.Reject => "rejected",
        BookingAction.Cancel => "cancelled",
        BookingAction.Complete => "marked completed",
        BookingAction.NoShow => "marked a no-show",
        BookingAction.Reschedule => "moved",
        _ => action.ToString().ToLowerInvariant(),
    };
}
