using Microsoft.EntityFrameworkCore;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Data;

namespace Platform.Web.Components.Pages.Portal;

public static class BookingFiles
{
    /// <summary>GET /booking/ics?token=: the booking's calendar invitation, for whoever holds its signed link.</summary>
    public static void MapBookingFiles(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/booking/ics", async (string? token, BookingLinks links, PlatformDbContext db, Platform.Core.Tenancy.ITenantContext tenant, CancellationToken ct) =>
        {
            if (links.BookingIdFrom(token) is not { } id || await db.Bookings.AsNoTracking().FirstOrDefaultAsync(b => b.Id == id, ct) is not { } booking)
            {
                return Results.NotFound();
            }

            var service = await db.Services.AsNoTracking().Where(s => s.Id == booking.ServiceId).Select(s => s.Name).SingleAsync(ct);
            var provider = await db.Providers.AsNoTracking().Where(p => p.Id == booking.ProviderId).Select(p => p.DisplayName).SingleAsync(ct);
            return Results.File(BookingCalendarFile.Create(booking, $"{service} with {provider}", tenant.Tenant!.Name, null), "text/calendar", "booking.ics");
        }).ExcludeFromDescription();
}
