using Platform.Infrastructure.Bookings;

namespace Platform.Web.Components.Pages.Portal;

public static class BookingFiles
{
    /// <summary>GET /booking/ics?token=: the booking's calendar invitation, for whoever holds its signed link.</summary>
    public static void MapBookingFiles(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/booking/ics", async (string? token, PortalBookings portal, CancellationToken ct) =>
            await portal.CalendarFileAsync(token, ct) is { } file ? Results.File(file, "text/calendar", "booking.ics") : Results.NotFound())
            .ExcludeFromDescription();
}
