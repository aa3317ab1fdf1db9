using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Bookings;
using Platform.Core.Common;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Reminders;
using Platform.Tests.Bookings;
using Platform.Tests.Events;

namespace Platform.Tests.Reminders;

/// <summary>One reminder per booking and start: a changed offset or a late re-sync does not send another (its own app, so its mail is its own).</summary>
public sealed class SentReminderTests(ReminderSqliteApp app) : IClassFixture<ReminderSqliteApp>
{
    [Fact]
    public async Task A_reminder_once_sent_is_not_sent_again_when_the_offset_changes()
    {
        var seeded = await BookingTestData.SeedAsync(app, slug: "globex");
        Assert.True((await app.InTenantAsync("globex", sp => sp.GetRequiredService<ReminderSettingsStore>().SetOffsetHoursAsync(48))).Succeeded);
        // Booked a week ago, starting in 30 hours: with 48 hours' notice its reminder is due at once.
        var bookingId = await app.InTenantAsync("globex", async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            var bookedAt = DateTimeOffset.UtcNow.AddDays(-7);
            var start = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(2), TimeSpan.Zero).AddHours(6);
            var booking = new Booking
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
                CreatedAt = bookedAt,
            };
            booking.Placed(bookedAt, null);
            db.Bookings.Add(booking);
            await db.SaveChangesAsync();
            return booking.Id;
        });
        await Eventually.HoldsAsync(() => Task.FromResult(ReminderTests.Reminders(app.MailFolder).Count == 1), "the reminder is sent", 30_000);

        // A longer offset would make it due again (now), a shorter one later: neither sends a second one.
        foreach (var hours in new[] { 72, 12 })
        {
            Assert.True((await app.InTenantAsync("globex", sp => sp.GetRequiredService<ReminderSettingsStore>().SetOffsetHoursAsync(hours))).Succeeded);
            await ReminderTests.WaitForOutboxAsync(app);
            Assert.Null(await ReminderTests.JobAsync(app, bookingId));
        }

        await Task.Delay(2000);
        Assert.Single(ReminderTests.Reminders(app.MailFolder));
    }
}
