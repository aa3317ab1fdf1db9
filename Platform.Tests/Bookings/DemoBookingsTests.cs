using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Bookings;
using Platform.Infrastructure.Data;
using Platform.Tests.Support;

namespace Platform.Tests.Bookings;

/// <summary>The demo's filled calendars keep the rules the product sells: never two bookings in one provider's time.</summary>
public class DemoBookingsTests(DemoBookingsTests.App app) : IClassFixture<DemoBookingsTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite)
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Seed:DemoBookings"] = "true" };
    }

    [Theory]
    [InlineData("acme")]
    [InlineData("globex")]
    public async Task The_demo_calendar_has_past_and_coming_bookings_and_no_provider_is_double_booked(string tenant)
    {
        var (bookings, capacities) = await app.InTenantAsync(tenant, async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            return (await db.Bookings.AsNoTracking().ToListAsync(), await db.Services.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Capacity));
        });
        var now = DateTimeOffset.UtcNow;

        Assert.Contains(bookings, b => b.StartUtc > now.AddDays(1) && b.Status is BookingStatus.Confirmed or BookingStatus.Pending);
        Assert.Contains(bookings, b => b.EndUtc < now && b.Status is BookingStatus.Completed or BookingStatus.NoShow);
        Assert.True(bookings.Count >= 20, $"only {bookings.Count} demo bookings");
        foreach (var booking in bookings.Where(b => Booking.Occupying.Contains(b.Status)))
        {
            var overlapping = bookings.Where(o => o.Id != booking.Id && o.ProviderId == booking.ProviderId
                && Booking.Occupying.Contains(o.Status) && o.Occupied.Overlaps(booking.Occupied)).ToList();
            Assert.True(overlapping.All(o => o.ServiceId == booking.ServiceId) && overlapping.Count < capacities[booking.ServiceId],
                $"{booking.StartUtc:u} {booking.Status} {booking.ServiceId} overlaps " + string.Join("; ", overlapping.Select(o => $"{o.StartUtc:u} {o.Status} {o.ServiceId}")));
        }
    }
}
