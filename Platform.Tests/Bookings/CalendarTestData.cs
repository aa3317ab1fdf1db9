using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Access;
using Platform.Core.Bookings;
using Platform.Core.Common;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Data;
using Platform.Tests.Support;

namespace Platform.Tests.Bookings;

/// <summary>Two providers in New York (the first is a staff user's), a service and a customer.</summary>
public sealed record CalendarSeed(Guid ProviderA, Guid ProviderB, Guid StaffUser, Guid Service, Guid Customer);

public static class CalendarTestData
{
    public static readonly Actor Manager = Actor.Manager(Guid.NewGuid());

    public static Task<CalendarView> QueryAsync(PlatformAppFactory app, string tenant, CalendarQuery query, Actor viewer) =>
        app.AsActorAsync(tenant, viewer, sp => sp.GetRequiredService<StaffCalendar>().BookingsAsync(query));

    public static Task<CalendarSeed> SeedAsync(PlatformAppFactory app, string tenant) =>
        app.InTenantAsync(tenant, async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            var staffUser = Guid.NewGuid();
            var a = new Provider { DisplayName = "Ada " + Guid.NewGuid().ToString("N")[..6], TimeZone = "America/New_York", UserId = staffUser };
            var b = new Provider { DisplayName = "Bea " + Guid.NewGuid().ToString("N")[..6], TimeZone = "America/New_York" };
            var service = new Service { Name = "Calendar session", DurationMinutes = 60, Price = new Money(60m, "USD") };
            var customer = new Customer { Name = "Casey Caller", Email = $"casey-{Guid.NewGuid():N}@example.com", CreatedAt = DateTimeOffset.UtcNow };
            db.AddRange(a, b, service, customer);
            await db.SaveChangesAsync();
            return new CalendarSeed(a.Id, b.Id, staffUser, service.Id, customer.Id);
        });

    public static Task<Guid> BookAsync(PlatformAppFactory app, string tenant, Guid provider, CalendarSeed s, DateTimeOffset start, BookingStatus status = BookingStatus.Confirmed) =>
        app.InTenantAsync(tenant, async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            var booking = new Booking
            {
                ServiceId = s.Service,
                ProviderId = provider,
                CustomerId = s.Customer,
                StartUtc = start.ToUniversalTime(),
                EndUtc = start.ToUniversalTime().AddHours(1),
                OccupiedStartUtc = start.ToUniversalTime(),
                OccupiedEndUtc = start.ToUniversalTime().AddHours(1),
                Status = status,
                Price = new Money(60m, "USD"),
                CreatedAt = DateTimeOffset.UtcNow,
            };
            db.Bookings.Add(booking);
            await db.SaveChangesAsync();
            return booking.Id;
        });
}
