using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Bookings;
using Platform.Core.Common;
using Platform.Core.Errors;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Tenancy;
using Platform.Tests.Support;

namespace Platform.Tests.Bookings;

/// <summary>No double booking, ever: many requests at once, each in its own scope and connection, as real requests would be.</summary>
public abstract class BookingConcurrencyTests(PlatformAppFactory app)
{
    private static readonly DateTimeOffset Tomorrow = BookingTestData.Tomorrow;

    [Fact]
    public async Task Fifty_requests_for_one_capacity_one_slot_make_exactly_one_booking()
    {
        var (service, provider, customer) = await SeedAsync(capacity: 1);
        var start = Tomorrow.AddHours(10);

        var outcomes = await PlaceInParallelAsync(50, i => new PlaceBooking(service, provider, customer, start));

        Assert.Single(outcomes, o => o.Succeeded);
        Assert.All(outcomes.Where(o => !o.Succeeded), o => Assert.Equal(ErrorCodes.SlotUnavailable, o.Code));
        Assert.Equal(1, await CountBookingsAsync(provider));
    }

    [Fact]
    public async Task Fifty_partially_overlapping_requests_never_make_two_overlapping_bookings()
    {
        var (service, provider, customer) = await SeedAsync(capacity: 1);
        var first = Tomorrow.AddHours(10);

        // One hour each, starting five minutes apart: every request overlaps up to eleven others.
        var outcomes = await PlaceInParallelAsync(50, i => new PlaceBooking(service, provider, customer, first.AddMinutes(5 * i)));

        var booked = await BookingsAsync(provider);
        Assert.Equal(outcomes.Count(o => o.Succeeded), booked.Count);
        Assert.NotEmpty(booked);
        foreach (var a in booked)
        {
            Assert.DoesNotContain(booked, b => b.Id != a.Id && b.Occupied.Overlaps(a.Occupied));
        }

        // Which requests win depends on arrival order, but none is refused without cause:
        // every refused hour overlaps a booked one.
        for (var i = 0; i < outcomes.Count; i++)
        {
            var wanted = new UtcRange(first.AddMinutes(5 * i), first.AddMinutes((5 * i) + 60));
            Assert.True(outcomes[i].Succeeded || booked.Any(b => b.Occupied.Overlaps(wanted)), $"request {i} was refused but overlaps no booking");
        }
    }

    [Fact]
    public async Task Fifty_requests_for_a_class_of_three_make_exactly_three_bookings()
    {
        var (service, provider, customer) = await SeedAsync(capacity: 3);
        var start = Tomorrow.AddHours(11);

        var outcomes = await PlaceInParallelAsync(50, i => new PlaceBooking(service, provider, customer, start));

        Assert.Equal(3, outcomes.Count(o => o.Succeeded));
        Assert.Equal(3, await CountBookingsAsync(provider));
    }

    [Fact]
    public async Task Retries_with_one_idempotency_key_make_one_booking_and_all_get_it()
    {
        var (service, provider, customer) = await SeedAsync(capacity: 5);
        var start = Tomorrow.AddHours(12);
        var key = Guid.NewGuid().ToString("N");

        var outcomes = await PlaceInParallelAsync(10, i => new PlaceBooking(service, provider, customer, start) { IdempotencyKey = key });

        Assert.All(outcomes, o => Assert.True(o.Succeeded));
        Assert.Single(outcomes.Select(o => o.Value!.Id).Distinct());
        Assert.Equal(1, await CountBookingsAsync(provider));
    }

    private async Task<List<Outcome<Booking>>> PlaceInParallelAsync(int count, Func<int, PlaceBooking> command)
    {
        var tenant = await app.TenantIdAsync("acme");
        var scopes = app.Services.GetRequiredService<TenantScopeFactory>();
        using var gate = new SemaphoreSlim(0);
        var tasks = Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            await using var scope = await scopes.CreateAsync(tenant);
            var ledger = scope.ServiceProvider.GetRequiredService<BookingLedger>();
            await gate.WaitAsync();
            return await ledger.PlaceAsync(command(i));
        })).ToList();
        gate.Release(count); // let them all go at once
        return [.. await Task.WhenAll(tasks)];
    }

    private async Task<(Guid Service, Guid Provider, Guid Customer)> SeedAsync(int capacity)
    {
        var seeded = await BookingTestData.SeedAsync(app, capacity);
        return (seeded.Service, seeded.Provider, seeded.Customer);
    }

    private Task<int> CountBookingsAsync(Guid provider) =>
        app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().Bookings.CountAsync(b => b.ProviderId == provider));

    private Task<List<Booking>> BookingsAsync(Guid provider) =>
        app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().Bookings.AsNoTracking().Where(b => b.ProviderId == provider).ToListAsync());
}

public sealed class PostgresBookingConcurrencyTests(PostgresBookingConcurrencyTests.App app) : BookingConcurrencyTests(app), IClassFixture<PostgresBookingConcurrencyTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Postgres);
}

public sealed class SqliteBookingConcurrencyTests(SqliteBookingConcurrencyTests.App app) : BookingConcurrencyTests(app), IClassFixture<SqliteBookingConcurrencyTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);
}
