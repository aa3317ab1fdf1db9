using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Bookings;
using Platform.Core.Common;
using Platform.Infrastructure.Data;
using Platform.Tests.Support;

namespace Platform.Tests.Bookings;

public sealed record SeededBooking(Guid Service, Guid Provider, Guid Customer)
{
    /// <summary>The seeded customer's address: one of their own, as no two customers of a tenant share one.</summary>
    public string CustomerEmail { get; init; } = "";
}

/// <summary>A provider free around the clock in UTC, a service it offers and a customer, in acme (or another tenant).</summary>
public static class BookingTestData
{
    public static DateTimeOffset Tomorrow => new(DateTime.UtcNow.Date.AddDays(1), TimeSpan.Zero);

    public static Task<SeededBooking> SeedAsync(PlatformAppFactory app, int capacity = 1, bool requiresApproval = false, int cancellationWindowHours = 24, string slug = "acme") =>
        app.InTenantAsync(slug, async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            var provider = new Provider
            {
                DisplayName = "Test provider " + Guid.NewGuid().ToString("N")[..6],
                TimeZone = "UTC",
                WeeklyHours = [.. Enum.GetValues<DayOfWeek>().Select(d => new WeeklyHours { Day = d, StartMinute = 0, EndMinute = 1440 })],
            };
            var service = new Service
            {
                Name = "Session",
                DurationMinutes = 60,
                Capacity = capacity,
                RequiresApproval = requiresApproval,
                CancellationWindowHours = cancellationWindowHours,
                MinimumNoticeMinutes = 0,
                SlotIntervalMinutes = 5,
                Price = new Money(80m, "USD"),
            };
            service.Offerings.Add(new ServiceOffering { ServiceId = service.Id, ProviderId = provider.Id });
            var customer = new Customer { Name = "Pat Parallel", Email = $"pat-{Guid.NewGuid():N}@example.com", CreatedAt = DateTimeOffset.UtcNow };
            db.AddRange(provider, service, customer);
            await db.SaveChangesAsync();
            return new SeededBooking(service.Id, provider.Id, customer.Id) { CustomerEmail = customer.Email };
        });

    /// <summary>A confirmed booking of an hour at an exact time (the ledger keeps to the slot grid), made now or at <paramref name="bookedAt"/>; not saved.</summary>
    public static Booking Confirmed(SeededBooking seeded, DateTimeOffset start, DateTimeOffset? bookedAt = null, string? idempotencyKey = null) => new()
    {
        ServiceId = seeded.Service,
        ProviderId = seeded.Provider,
        CustomerId = seeded.Customer,
        StartUtc = start,
        EndUtc = start.AddHours(1),
        OccupiedStartUtc = start,
        OccupiedEndUtc = start.AddHours(1),
        Status = BookingStatus.Confirmed,
        Price = new Money(80m, "USD"),
        CreatedAt = bookedAt ?? DateTimeOffset.UtcNow,
        IdempotencyKey = idempotencyKey,
    };
}
