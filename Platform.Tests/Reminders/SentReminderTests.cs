using Microsoft.Extensions.DependencyInjection;
using Platform.Infrastructure.Reminders;
using Platform.Tests.Bookings;
using Platform.Tests.Events;

namespace Platform.Tests.Reminders;

/// <summary>One reminder per booking and start: a changed offset does not make it due again (its own app, so its mail is its own).</summary>
public sealed class SentReminderTests(ReminderSqliteApp app) : IClassFixture<ReminderSqliteApp>
{
    [Fact]
    public async Task A_reminder_once_sent_is_not_sent_again_when_the_offset_changes()
    {
        var seeded = await BookingTestData.SeedAsync(app, slug: "globex");
        Assert.True((await app.InTenantAsync("globex", sp => sp.GetRequiredService<ReminderSettingsStore>().SetOffsetHoursAsync(48))).Succeeded);
        // Booked a week ago, starting in 30 hours: with 48 hours' notice its reminder is due at once.
        var now = DateTimeOffset.UtcNow;
        var start = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddHours(30);
        var bookingId = await ReminderTests.InsertConfirmedBookingAsync(app, seeded, start, "globex", bookedAt: DateTimeOffset.UtcNow.AddDays(-7));
        await Eventually.HoldsAsync(() => Task.FromResult(ReminderTests.Reminders(app.MailFolder).Count == 1), "the reminder is sent", 30_000);

        // A longer offset would make it due again (now), a shorter one later: neither sends a second one.
        foreach (var hours in new[] { 72, 12 })
        {
            Assert.True((await app.InTenantAsync("globex", sp => sp.GetRequiredService<ReminderSettingsStore>().SetOffsetHoursAsync(hours))).Succeeded);
            Assert.Null(await ReminderTests.DueAtAsync(app, bookingId, "globex"));
            Assert.DoesNotContain(await app.WithScopeAsync(sp => sp.GetRequiredService<ReminderSweep>().DueAsync(DateTimeOffset.UtcNow)), r => r.BookingId == bookingId);
        }

        await Task.Delay(2000);
        Assert.Single(ReminderTests.Reminders(app.MailFolder));
    }
}
