using Microsoft.Extensions.DependencyInjection;

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
        return services;
    }
}
