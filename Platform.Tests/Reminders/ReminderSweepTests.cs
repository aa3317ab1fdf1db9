using Microsoft.Extensions.DependencyInjection;
using Platform.Infrastructure.Reminders;
using Platform.Tests.Bookings;
using Platform.Tests.Events;
using Platform.Tests.Support;

namespace Platform.Tests.Reminders;

public sealed class ReminderSweepSqliteApp() : PlatformAppFactory(TestDatabase.Sqlite);

public sealed class ReminderSweepPostgresApp() : PlatformAppFactory(TestDatabase.Postgres);

public sealed class ReminderSweepSqliteTests(ReminderSweepSqliteApp app) : ReminderSweepTests(app), IClassFixture<ReminderSweepSqliteApp>;

public sealed class ReminderSweepPostgresTests(ReminderSweepPostgresApp app) : ReminderSweepTests(app), IClassFixture<ReminderSweepPostgresApp>;

/// <summary>
/// The sweep across tenants (ADR 0034): a reminder is due at its booking's start minus its own tenant's offset, not a
/// second earlier, and only for a booking booked before that; a new offset applies at once; a sent reminder is not due again.
/// </summary>
public abstract class ReminderSweepTests(PlatformAppFactory app)
{
    [Fact]
    public async Task A_reminder_is_due_at_its_tenants_offset_before_the_start_and_a_new_offset_moves_it_for_that_tenant_only()
    {
        var acme = await BookingTestData.SeedAsync(app);
        var globex = await BookingTestData.SeedAsync(app, slug: "globex");
        var day = BookingTestData.Tomorrow.AddDays(3);
        var longAgo = DateTimeOffset.UtcNow.AddDays(-30);
        var first = await ReminderTests.InsertConfirmedBookingAsync(app, acme, day.AddHours(9), bookedAt: longAgo);
        var second = await ReminderTests.InsertConfirmedBookingAsync(app, acme, day.AddDays(2).AddHours(14), bookedAt: longAgo);
        var other = await ReminderTests.InsertConfirmedBookingAsync(app, globex, day.AddDays(1).AddHours(10), slug: "globex", bookedAt: longAgo);

        Assert.Equal(day.AddHours(9 - 24), await ReminderTests.DueAtAsync(app, first));
        Assert.Equal(day.AddDays(2).AddHours(14 - 24), await ReminderTests.DueAtAsync(app, second));
        Assert.Equal(day.AddDays(1).AddHours(10 - 24), await ReminderTests.DueAtAsync(app, other, "globex"));
        Assert.DoesNotContain(first, await DueAsync(day.AddHours(9 - 24).AddSeconds(-1)));
        Assert.Contains(first, await DueAsync(day.AddHours(9 - 24).AddSeconds(1)));
        Assert.Contains(other, await DueAsync(day.AddDays(1).AddHours(10 - 24).AddSeconds(1)));

        Assert.True((await app.InTenantAsync("acme", sp => sp.GetRequiredService<ReminderSettingsStore>().SetOffsetHoursAsync(2))).Succeeded);

        Assert.Equal(day.AddHours(9 - 2), await ReminderTests.DueAtAsync(app, first));
        Assert.Equal(day.AddDays(2).AddHours(14 - 2), await ReminderTests.DueAtAsync(app, second));
        Assert.DoesNotContain(first, await DueAsync(day.AddHours(9 - 24).AddSeconds(1)));
        Assert.Contains(first, await DueAsync(day.AddHours(9 - 2).AddSeconds(1)));
        // Globex's offset did not change, nor did its reminder.
        Assert.Equal(day.AddDays(1).AddHours(10 - 24), await ReminderTests.DueAtAsync(app, other, "globex"));
        Assert.Contains(other, await DueAsync(day.AddDays(1).AddHours(10 - 24).AddSeconds(1)));
        Assert.True((await app.InTenantAsync("acme", sp => sp.GetRequiredService<ReminderSettingsStore>().SetOffsetHoursAsync(ReminderSettings.DefaultOffsetHours))).Succeeded);
    }

    [Fact]
    public async Task The_sweep_reads_page_after_page_and_skips_bookings_made_inside_their_window()
    {
        var seeded = await BookingTestData.SeedAsync(app);
        var start = BookingTestData.Tomorrow.AddDays(12);
        var due = new List<Guid>();
        var tooLate = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            // Alternately booked a month ahead (reminded) and an hour before the start (inside the 24 hours: not reminded).
            var bookedAt = i % 2 == 0 ? start.AddDays(-30) : start.AddHours(i).AddHours(-1);
            (i % 2 == 0 ? due : tooLate).Add(await ReminderTests.InsertConfirmedBookingAsync(app, seeded, start.AddHours(i), bookedAt: bookedAt));
        }

        // At the last start's reminder time, read two bookings at a time: every due one found once, in start order.
        var at = start.AddHours(4 - 24).AddSeconds(1);
        var found = await app.WithScopeAsync(sp => sp.GetRequiredService<ReminderSweep>().DueAsync(at, pageSize: 2));
        var mine = found.Select(r => r.BookingId).Where(id => due.Contains(id) || tooLate.Contains(id)).ToList();
        Assert.Equal(due, mine);
    }

    [Fact]
    public async Task A_reminder_that_fell_due_is_sent_by_the_sweep_once_and_is_not_due_again()
    {
        var seeded = await BookingTestData.SeedAsync(app);
        var now = DateTimeOffset.UtcNow;
        var start = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(3);
        var id = await ReminderTests.InsertConfirmedBookingAsync(app, seeded, start, bookedAt: DateTimeOffset.UtcNow.AddDays(-30));

        await Eventually.HoldsAsync(async () => await ReminderTests.DueAtAsync(app, id) is null, "the sweep sent the reminder", 30_000);
        Assert.DoesNotContain(id, await DueAsync(DateTimeOffset.UtcNow));
        await Task.Delay(2500);
        Assert.Single(ReminderTests.Reminders(app.MailFolder), f => File.ReadAllText(f).Contains(seeded.CustomerEmail, StringComparison.Ordinal));
    }

    private async Task<List<Guid>> DueAsync(DateTimeOffset at) =>
        [.. (await app.WithScopeAsync(sp => sp.GetRequiredService<ReminderSweep>().DueAsync(at))).Select(r => r.BookingId)];
}
