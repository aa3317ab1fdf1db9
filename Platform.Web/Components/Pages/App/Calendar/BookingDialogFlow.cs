using System.Globalization;
using MudBlazor;
using Platform.Infrastructure.Bookings;

namespace Platform.Web.Components.Pages.App.Calendar;

/// <summary>Opening a booking from the calendar or the bookings list: the dialog, the change staff chose, and a word on how it went.</summary>
public static class BookingDialogFlow
{
    /// <summary>Returns whether the booking may have changed (or vanished), so the caller reloads.</summary>
    public static async Task<bool> OpenAsync(IDialogService dialogs, ISnackbar snackbar, CalendarDesk desk, CalendarViewer viewer, Guid bookingId, string zone)
    {
        if (await desk.DetailsAsync(bookingId, viewer) is not { } details)
        {
            snackbar.Add("This booking is no longer there.", Severity.Warning);
            return true;
        }

        var dialog = await dialogs.ShowAsync<BookingDialog>(details.Booking.ServiceName, new DialogParameters<BookingDialog>
        {
            { d => d.Details, details },
            { d => d.IsManager, viewer.IsManager },
            { d => d.Zone, zone },
            { d => d.FreeStarts, day => desk.FreeStartsAsync(details.Booking.ServiceId, details.Booking.ProviderId, day, zone) },
        }, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        var (problem, done) = (await dialog.Result)?.Data switch
        {
            BookingDecision decision => (await desk.DecideAsync(bookingId, decision, viewer), BookingDecision.Label(decision.Action).ToLowerInvariant() + " done"),
            RescheduleDecision move => (await desk.RescheduleAsync(bookingId, move.NewStartUtc, viewer),
                "moved to " + CalendarGrid.Local(move.NewStartUtc, zone).ToString("ddd d MMM HH:mm", CultureInfo.InvariantCulture)),
            _ => (null, null),
        };
        if (done is null)
        {
            return false;
        }

        snackbar.Add(problem ?? $"{details.Booking.CustomerName}'s booking: {done}.", problem is null ? Severity.Success : Severity.Error);
        return true;
    }
}
