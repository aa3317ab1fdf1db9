using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Bookings;
using Platform.Core.Errors;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Data;
using Platform.Tests.Support;

namespace Platform.Tests.Bookings;

/// <summary>
/// Time off over booked appointments is not taken silently: the directory names the bookings in it and adds it only
/// when the manager confirms; the bookings stay as they were. On PostgreSQL, as in production.
/// </summary>
public sealed class TimeOffOverBookingsTests(TimeOffOverBookingsTests.App app) : IClassFixture<TimeOffOverBookingsTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Postgres);

    [Fact]
    public async Task Time_off_over_bookings_names_them_and_is_added_only_when_confirmed()
    {
        var seeded = await BookingTestData.SeedAsync(app);
        var day = BookingTestData.Tomorrow.AddDays(3);
        var inside = BookingTestData.Confirmed(seeded, day.AddHours(10));
        var cancelled = BookingTestData.Confirmed(seeded, day.AddHours(12));
        cancelled.Status = BookingStatus.Cancelled;
        var outside = BookingTestData.Confirmed(seeded, day.AddHours(16));
        await app.InTenantAsync("acme", async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            db.Bookings.AddRange(inside, cancelled, outside);
            return await db.SaveChangesAsync();
        });
        var (from, until) = (day.UtcDateTime.AddHours(9), day.UtcDateTime.AddHours(15)); // the provider's zone is UTC

        var listed = await app.ProvidersAsync("acme", p => p.BookingsInTimeOffAsync(seeded.Provider, from, until));
        var booking = Assert.Single(listed.Value!);
        Assert.Equal((inside.Id, inside.StartUtc, "Session", "Pat Parallel"), (booking.Id, booking.StartUtc, booking.Service, booking.Customer));

        var refused = await app.ProvidersAsync("acme", p => p.AddTimeOffAsync(seeded.Provider, from, until, "Course"));
        Assert.False(refused.Succeeded);
        Assert.Equal(ErrorCodes.Conflict, refused.Code);
        var message = Assert.Single(refused.Errors[ProviderDirectory.TimeOffField]);
        Assert.Contains("1 booking falls in this time off", message, StringComparison.Ordinal);
        Assert.Contains("Pat Parallel", message, StringComparison.Ordinal);
        Assert.Empty((await app.ProvidersAsync("acme", p => p.FindAsync(seeded.Provider)))!.TimeOff);

        var added = await app.ProvidersAsync("acme", p => p.AddTimeOffAsync(seeded.Provider, from, until, "Course", overBookings: true));
        Assert.True(added.Succeeded);
        Assert.Single(added.Value!.TimeOff);
        var kept = await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().Bookings.AsNoTracking().SingleAsync(b => b.Id == inside.Id));
        Assert.Equal((BookingStatus.Confirmed, inside.StartUtc), (kept.Status, kept.StartUtc));
    }

    [Fact]
    public async Task Time_off_over_no_bookings_is_added_at_once()
    {
        var seeded = await BookingTestData.SeedAsync(app);
        var day = BookingTestData.Tomorrow.AddDays(5).UtcDateTime;

        Assert.Empty((await app.ProvidersAsync("acme", p => p.BookingsInTimeOffAsync(seeded.Provider, day, day.AddDays(1)))).Value!);
        Assert.True((await app.ProvidersAsync("acme", p => p.AddTimeOffAsync(seeded.Provider, day, day.AddDays(1), ""))).Succeeded);
    }

    [Theory]
    [MemberData(nameof(ServiceCatalogTests.LesserActors), MemberType = typeof(ServiceCatalogTests))]
    public async Task Only_managers_see_which_bookings_fall_in_time_off(string who)
    {
        var seeded = await BookingTestData.SeedAsync(app);
        var day = BookingTestData.Tomorrow.AddDays(6).UtcDateTime;

        var refused = await app.AsActorAsync("acme", CatalogActors.Lesser(who), sp =>
            sp.GetRequiredService<ProviderDirectory>().BookingsInTimeOffAsync(seeded.Provider, day, day.AddDays(1)));

        Assert.Equal(ErrorCodes.Forbidden, refused.Code);
    }

    [Fact]
    public async Task Another_tenants_provider_is_not_found()
    {
        var globex = await BookingTestData.SeedAsync(app, slug: "globex");
        var day = BookingTestData.Tomorrow.AddDays(7).UtcDateTime;

        var answer = await app.ProvidersAsync("acme", p => p.BookingsInTimeOffAsync(globex.Provider, day, day.AddDays(1)));

        Assert.Equal(ErrorCodes.NotFound, answer.Code);
    }
}
