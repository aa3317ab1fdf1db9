using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Bookings;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Events;
using Platform.Infrastructure.Reminders;
using Platform.Tests.Bookings;
using Platform.Tests.Events;
using Platform.Tests.Support;

namespace Platform.Tests.Reminders;

public sealed class ReminderResyncSqliteApp() : PlatformAppFactory(TestDatabase.Sqlite);

public sealed class ReminderResyncPostgresApp() : PlatformAppFactory(TestDatabase.Postgres);

public sealed class ReminderResyncSqliteTests(ReminderResyncSqliteApp app) : ReminderResyncTests(app), IClassFixture<ReminderResyncSqliteApp>;

public sealed class ReminderResyncPostgresTests(ReminderResyncPostgresApp app) : ReminderResyncTests(app), IClassFixture<ReminderResyncPostgresApp>;

/// <summary>A new reminder offset moves the reminders already scheduled, of the tenant's own bookings only.</summary>
public abstract class ReminderResyncTests(PlatformAppFactory app)
{
    [Fact]
    public async Task Changing_the_offset_moves_the_scheduled_reminders_of_the_tenants_confirmed_future_bookings()
    {
        var acme = await BookingTestData.SeedAsync(app);
        var globex = await BookingTestData.SeedAsync(app, slug: "globex");
        var day = BookingTestData.Tomorrow.AddDays(3);
        var first = await ReminderTests.InsertConfirmedBookingAsync(app, acme, day.AddHours(9));
        var second = await ReminderTests.InsertConfirmedBookingAsync(app, acme, day.AddDays(2).AddHours(14));
        var other = await ReminderTests.InsertConfirmedBookingAsync(app, globex, day.AddDays(1).AddHours(10), slug: "globex");

        await Eventually.HoldsAsync(async () => await ReminderTests.FireTimeAsync(app, first) == day.AddHours(9 - 24), "the first reminder is due 24 hours before");
        await Eventually.HoldsAsync(async () => await ReminderTests.FireTimeAsync(app, second) == day.AddDays(2).AddHours(14 - 24), "the second reminder is due 24 hours before");
        await Eventually.HoldsAsync(async () => await ReminderTests.FireTimeAsync(app, other) == day.AddDays(1).AddHours(10 - 24), "globex's reminder is due 24 hours before");

        Assert.True((await app.InTenantAsync("acme", sp => sp.GetRequiredService<ReminderSettingsStore>().SetOffsetHoursAsync(2))).Succeeded);

        await Eventually.HoldsAsync(async () => await ReminderTests.FireTimeAsync(app, first) == day.AddHours(9 - 2), "the first reminder moved to 2 hours before");
        await Eventually.HoldsAsync(async () => await ReminderTests.FireTimeAsync(app, second) == day.AddDays(2).AddHours(14 - 2), "the second reminder moved to 2 hours before");
        await Eventually.HoldsAsync(ResyncDeliveredAsync, "the re-sync is delivered");

        // Globex's offset did not change, nor did its reminder.
        Assert.Equal(day.AddDays(1).AddHours(10 - 24), await ReminderTests.FireTimeAsync(app, other));
    }

    [Fact]
    public async Task Saving_the_same_offset_again_asks_for_no_resync()
    {
        var before = await ResyncCountAsync();
        Assert.True((await app.InTenantAsync("globex", sp => sp.GetRequiredService<ReminderSettingsStore>().SetOffsetHoursAsync(ReminderSettings.DefaultOffsetHours))).Succeeded);
        Assert.Equal(before, await ResyncCountAsync());
    }

    [Fact]
    public async Task Walking_the_confirmed_future_bookings_a_page_at_a_time_visits_each_once()
    {
        var seeded = await BookingTestData.SeedAsync(app);
        var start = BookingTestData.Tomorrow.AddDays(10);
        for (var i = 0; i < 5; i++)
        {
            await ReminderTests.InsertConfirmedBookingAsync(app, seeded, start.AddHours(i));
        }

        var now = DateTimeOffset.UtcNow;
        var (expected, walked) = await app.InTenantAsync("acme", async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            var all = await db.Bookings.Where(b => b.Status == BookingStatus.Confirmed).Select(b => new { b.Id, b.StartUtc }).ToListAsync();
            var walk = new List<Guid>();
            Guid? after = null;
            while (await ReminderResyncHandler.ConfirmedFutureAsync(db.Bookings, now, after, 1) is [var next])
            {
                walk.Add(next);
                after = next;
            }

            return (all.Where(b => b.StartUtc > now).Select(b => b.Id).ToHashSet(), walk);
        });

        Assert.True(expected.Count >= 5);
        Assert.Equal(walked.Count, walked.Distinct().Count());
        Assert.Equal(expected.Order(), walked.Order());
    }

    private Task<bool> ResyncDeliveredAsync() => app.InTenantAsync("acme", async sp =>
    {
        var rows = await sp.GetRequiredService<PlatformDbContext>().OutboxMessages.Where(m => m.Type == "reminders.resync").ToListAsync();
        return rows.Count > 0 && rows.All(m => m.Status == OutboxStatus.Done);
    });

    private Task<int> ResyncCountAsync() => app.InTenantAsync("globex", sp =>
        sp.GetRequiredService<PlatformDbContext>().OutboxMessages.CountAsync(m => m.Type == "reminders.resync"));
}
