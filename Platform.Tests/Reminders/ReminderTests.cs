using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Bookings;
using Platform.Core.Common;
using Platform.Core.Errors;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Reminders;
using Platform.Tests.Bookings;
using Platform.Tests.Events;
using Platform.Tests.Support;

namespace Platform.Tests.Reminders;

/// <summary>The app over a database and mail folder that outlive it, so a second app can take over as after a restart.</summary>
public sealed class RestartableApp(string folder, bool runJobs) : PlatformAppFactory(TestDatabase.Sqlite)
{
    public string Mail => Path.Combine(folder, "mail");

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ConnectionStrings:Platform"] = $"Data Source={Path.Combine(folder, "platform.db")}",
        ["Email:PickupDirectory"] = Mail,
        ["Outbox:PollInterval"] = "00:00:00.200",
        ["Jobs:Enabled"] = runJobs ? "true" : "false",
    };
}

public sealed class ReminderSqliteApp() : PlatformAppFactory(TestDatabase.Sqlite);

/// <summary>A booking's reminder follows the booking as it is (moved, cancelled, confirmed, booked late) and is sent once across a restart.</summary>
public sealed class ReminderTests(ReminderSqliteApp app) : IClassFixture<ReminderSqliteApp>
{
    [Fact]
    public async Task A_reminder_survives_a_restart_of_the_host_and_is_sent_exactly_once()
    {
        var folder = Directory.CreateTempSubdirectory("platform-restart-").FullName;
        try
        {
            Guid bookingId;
            string email;
            // The first host stores jobs but runs none (Jobs:Enabled=false), however slow the machine: what is sent, the next host sends.
            var first = new RestartableApp(folder, runJobs: false);
            try
            {
                await first.InitializeAsync();

                var seeded = await BookingTestData.SeedAsync(first);
                email = seeded.CustomerEmail;

                // Due 5 seconds from now with the default offset of 24 hours.
                bookingId = await InsertConfirmedBookingAsync(first, seeded, DateTimeOffset.UtcNow.AddHours(24).AddSeconds(5));
                Assert.Equal(DateTimeOffset.UtcNow.AddSeconds(5), (await DueAtAsync(first, bookingId))!.Value, TimeSpan.FromSeconds(5));
                await Task.Delay(6000);
                Assert.Empty(Reminders(first.Mail));
            }
            finally
            {
                await first.DisposeAsync();
            }

            Assert.Empty(Reminders(first.Mail));
            var second = new RestartableApp(folder, runJobs: true);
            try
            {
                await second.InitializeAsync();
                await Eventually.HoldsAsync(() => Task.FromResult(Reminders(second.Mail).Count > 0), "the reminder is sent", 60_000);
                await Task.Delay(3000);
                var reminder = Assert.Single(Reminders(second.Mail));
                Assert.Contains(email, ReadWhenWritten(reminder), StringComparison.Ordinal);
                Assert.Null(await DueAtAsync(second, bookingId));
            }
            finally
            {
                await second.DisposeAsync();
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Rescheduling_moves_the_reminder_cancelling_removes_it_and_the_offset_is_the_tenants()
    {
        var seeded = await BookingTestData.SeedAsync(app);
        var start = BookingTestData.Tomorrow.AddDays(3).AddHours(10);
        var placed = await LedgerAsync(l => l.PlaceAsync(new PlaceBooking(seeded.Service, seeded.Provider, seeded.Customer, start)));
        var id = placed.Value!.Id;

        Assert.Equal(start.AddHours(-24), await DueAtAsync(app, id));

        await LedgerAsync(l => l.RescheduleAsync(id, start.AddHours(5)));
        Assert.Equal(start.AddHours(5 - 24), await DueAtAsync(app, id));

        await LedgerAsync(l => l.ChangeAsync(id, BookingAction.Cancel, "Changed plans"));
        Assert.Null(await DueAtAsync(app, id));
    }

    [Fact]
    public async Task A_pending_booking_gets_a_reminder_once_confirmed_and_a_rejected_one_gets_none()
    {
        var seeded = await BookingTestData.SeedAsync(app, requiresApproval: true);
        var start = BookingTestData.Tomorrow.AddDays(4).AddHours(9);
        var confirmed = (await LedgerAsync(l => l.PlaceAsync(new PlaceBooking(seeded.Service, seeded.Provider, seeded.Customer, start)))).Value!.Id;
        var rejected = (await LedgerAsync(l => l.PlaceAsync(new PlaceBooking(seeded.Service, seeded.Provider, seeded.Customer, start.AddHours(2))))).Value!.Id;
        Assert.Null(await DueAtAsync(app, confirmed));
        await LedgerAsync(l => l.ChangeAsync(confirmed, BookingAction.Confirm, null));
        await LedgerAsync(l => l.ChangeAsync(rejected, BookingAction.Reject, "Fully booked"));

        Assert.Equal(start.AddHours(-24), await DueAtAsync(app, confirmed));
        Assert.Null(await DueAtAsync(app, rejected));
    }

    [Fact]
    public async Task A_booking_made_inside_the_reminder_window_gets_no_reminder_besides_its_confirmation()
    {
        var seeded = await BookingTestData.SeedAsync(app);
        var soon = await InsertConfirmedBookingAsync(app, seeded, DateTimeOffset.UtcNow.AddHours(2));
        var later = await InsertConfirmedBookingAsync(app, seeded, DateTimeOffset.UtcNow.AddHours(30));

        Assert.NotNull(await DueAtAsync(app, later));
        Assert.Null(await DueAtAsync(app, soon));

        // Nor was one sent at once: no reminder is due in this app's tests for hours.
        await Task.Delay(2000);
        Assert.Empty(Reminders(app.MailFolder));
    }

    [Fact]
    public async Task The_offset_is_validated_and_kept_per_tenant()
    {
        var store = (IServiceProvider sp) => sp.GetRequiredService<ReminderSettingsStore>();
        Assert.Equal(ReminderSettings.DefaultOffsetHours, await app.InTenantAsync("globex", sp => store(sp).OffsetHoursAsync()));

        foreach (var bad in new[] { 0, -1, 169 })
        {
            var refused = await app.InTenantAsync("globex", sp => store(sp).SetOffsetHoursAsync(bad));
            Assert.Equal(ErrorCodes.ValidationFailed, refused.Code);
        }

        Assert.Equal(ReminderSettings.DefaultOffsetHours, await app.InTenantAsync("globex", sp => store(sp).OffsetHoursAsync()));
        Assert.True((await app.InTenantAsync("globex", sp => store(sp).SetOffsetHoursAsync(2))).Succeeded);
        Assert.Equal(2, await app.InTenantAsync("globex", sp => store(sp).OffsetHoursAsync()));

        // Another tenant keeps its own (default) offset.
        Assert.Equal(ReminderSettings.DefaultOffsetHours, await app.InTenantAsync("acme", sp => store(sp).OffsetHoursAsync()));
    }

    /// <summary>When the booking's reminder goes out, or null when it gets none (or had it).</summary>
    internal static Task<DateTimeOffset?> DueAtAsync(PlatformAppFactory factory, Guid bookingId, string slug = "acme") =>
        factory.InTenantAsync(slug, sp => sp.GetRequiredService<BookingReminders>().DueAtAsync(bookingId));

    internal static List<string> Reminders(string mailFolder) =>
        Directory.Exists(mailFolder)
            ? [.. Directory.GetFiles(mailFolder, "*.eml").Where(f => ReadWhenWritten(f).Contains("Subject: Reminder", StringComparison.Ordinal))]
            : [];

    /// <summary>A mail file's text once the sender has finished writing it.</summary>
    private static string ReadWhenWritten(string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return File.ReadAllText(path);
            }
            catch (IOException) when (attempt < 50)
            {
                Thread.Sleep(100);
            }
        }
    }

    /// <summary>
    /// A confirmed booking of an hour at an exact time (the ledger keeps to the slot grid), saved with its creation
    /// event; booked now, or at <paramref name="bookedAt"/> (long ago, so its reminder may already be due).
    /// </summary>
    internal static Task<Guid> InsertConfirmedBookingAsync(PlatformAppFactory factory, SeededBooking seeded, DateTimeOffset start, string slug = "acme", DateTimeOffset? bookedAt = null) =>
        factory.InTenantAsync(slug, async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            var booking = BookingTestData.Confirmed(seeded, start, bookedAt);
            booking.Placed(booking.CreatedAt, null);
            db.Bookings.Add(booking);
            await db.SaveChangesAsync();
            return booking.Id;
        });

    private Task<Outcome<Booking>> LedgerAsync(Func<BookingLedger, Task<Outcome<Booking>>> work) =>
        app.InTenantAsync("acme", sp => work(sp.GetRequiredService<BookingLedger>()));
}
