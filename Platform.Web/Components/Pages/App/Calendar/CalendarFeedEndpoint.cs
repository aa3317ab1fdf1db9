using Platform.Infrastructure.Bookings;

namespace Platform.Web.Components.Pages.App.Calendar;

public static class CalendarFeedEndpoint
{
    /// <summary>
    /// GET /calendar/feed/{token}.ics: a member of staff's bookings for their calendar app, for whoever holds the secret
    /// token (calendar apps send no cookies). Unknown, revoked and other tenants' tokens are 404. Answers are private
    /// and short-lived in caches, so a revoked feed or a changed booking is not served from one for long.
    /// </summary>
    public static void MapCalendarFeed(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/calendar/feed/{token}.ics", async (string token, CalendarFeeds feeds, HttpContext http, CancellationToken ct) =>
            {
                if (await feeds.CalendarAsync(token, ct) is not { } calendar)
                {
                    return Results.NotFound();
                }

                http.Response.Headers.CacheControl = "private, max-age=300";
                return Results.File(calendar, "text/calendar; charset=utf-8", "calendar.ics");
            })
            .AllowAnonymous()
            .ExcludeFromDescription();
}
