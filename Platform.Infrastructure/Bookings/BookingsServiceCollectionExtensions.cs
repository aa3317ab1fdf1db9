using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Events;
using Platform.Infrastructure.Events;
using Platform.Infrastructure.Realtime;

namespace Platform.Infrastructure.Bookings;

public static class BookingsServiceCollectionExtensions
{
    /// <summary>The booking feature's use cases and readers: the ledger, availability, calendar, customers, catalog, portal and staff calendar feeds.</summary>
    public static IServiceCollection AddBookings(this IServiceCollection services)
    {
        services.AddScoped<BookingLedger>();
        services.AddScoped<AvailabilityQuery>();
        services.AddScoped<CustomerDirectory>();
        services.AddScoped<CustomerMerges>();
        services.AddSingleton<CustomerEmailBackfill>();
        services.AddScoped<BookingLinks>();
        services.AddScoped<ServiceCatalog>();
        services.AddScoped<ProviderDirectory>();
        services.AddScoped<StaffCalendar>();
        services.AddScoped<PortalBookings>();
        services.AddScoped<CalendarFeeds>();

        // Live calendars (ADR 0038). The news handler is registered before any other handler of the booking events, and
        // handlers run in the order they were registered, so the open calendars hear of a change before e-mails go out.
        services.AddSingleton<BookingListeners>();
        services.AddScoped<BookingFeed>();
        services.AddScoped<LiveBookings>();
        services.AddMessageHandler<BookingCreated, BookingNewsHandler>()
            .AddMessageHandler<BookingConfirmed, BookingNewsHandler>()
            .AddMessageHandler<BookingRejected, BookingNewsHandler>()
            .AddMessageHandler<BookingCancelled, BookingNewsHandler>()
            .AddMessageHandler<BookingRescheduled, BookingNewsHandler>()
            .AddMessageHandler<BookingCompleted, BookingNewsHandler>()
            .AddMessageHandler<BookingNoShow, BookingNewsHandler>();
        return services;
    }
}
