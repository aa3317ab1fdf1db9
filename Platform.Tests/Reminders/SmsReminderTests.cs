using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Access;
using Platform.Core.Errors;
using Platform.Core.Notifications;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Notifications;
using Platform.Infrastructure.Reminders;
using Platform.Tests.Bookings;
using Platform.Tests.Events;
using Platform.Tests.Support;

namespace Platform.Tests.Reminders;

/// <summary>
/// The reminder goes out by the channels the customer chose: text for those who chose SMS and have a phone,
/// e-mail for guests and for account holders who keep it. Senders run as <see cref="ReminderJob"/> runs them.
/// </summary>
public sealed class SmsReminderTests(SmsReminderTests.App app) : IClassFixture<SmsReminderTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);

    private static readonly Dictionary<string, NotificationChannels> TextOnly = new() { [NotificationKinds.BookingReminder] = NotificationChannels.Sms };

    [Fact]
    public async Task A_customer_who_chose_text_only_gets_one_text_and_no_reminder_email()
    {
        var seeded = await BookingTestData.SeedAsync(app);
        var (carla, carlaUser) = await AccountCustomerAsync("acme", "carla@example.com");
        var saved = await SettingsAsync("acme", carlaUser, s => s.SaveMineAsync(TextOnly, "+1 212 555 0100"));
        Assert.True(saved.Succeeded, string.Join(" ", saved.Errors.SelectMany(e => e.Value)));

        var booking = await ReminderTests.InsertConfirmedBookingAsync(app, seeded with { Customer = carla }, DateTimeOffset.UtcNow.AddDays(20));
        await RemindAsync(booking);

        var text = Assert.Single(Texts("+1 212 555 0100"));
        Assert.Contains("Booking reminder. Session with", text, StringComparison.Ordinal);
        Assert.Empty(ReminderMails("carla@example.com"));
    }

    [Fact]
    public async Task A_guest_gets_the_reminder_by_email_only()
    {
        var seeded = await BookingTestData.SeedAsync(app);
        await app.InTenantAsync("acme", async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            var guest = await db.Customers.SingleAsync(c => c.Id == seeded.Customer);
            Assert.Null(guest.UserId);
            guest.Phone = "+1 212 555 0199";
            return await db.SaveChangesAsync();
        });

        var booking = await ReminderTests.InsertConfirmedBookingAsync(app, seeded, DateTimeOffset.UtcNow.AddDays(21));
        await RemindAsync(booking);

        Assert.Single(ReminderMails(seeded.CustomerEmail));
        Assert.Empty(Texts("+1 212 555 0199"));
    }

    [Fact]
    public async Task An_account_holder_who_never_chose_gets_email_and_one_who_chose_both_gets_both()
    {
        var seeded = await BookingTestData.SeedAsync(app);
        var (dan, danUser) = await AccountCustomerAsync("acme", "dan@example.com");
        await app.InTenantAsync("acme", async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            (await db.Customers.SingleAsync(c => c.Id == dan)).Phone = "+1 212 555 0111";
            return await db.SaveChangesAsync();
        });

        await RemindAsync(await ReminderTests.InsertConfirmedBookingAsync(app, seeded with { Customer = dan }, DateTimeOffset.UtcNow.AddDays(22)));
        Assert.Single(ReminderMails("dan@example.com"));
        Assert.Empty(Texts("+1 212 555 0111"));

        var both = new Dictionary<string, NotificationChannels> { [NotificationKinds.BookingReminder] = NotificationChannels.Sms | NotificationChannels.Email };
        Assert.True((await SettingsAsync("acme", danUser, s => s.SaveMineAsync(both, null))).Succeeded);
        await RemindAsync(await ReminderTests.InsertConfirmedBookingAsync(app, seeded with { Customer = dan }, DateTimeOffset.UtcNow.AddDays(23)));
        Assert.Equal(2, ReminderMails("dan@example.com").Count);
        Assert.Single(Texts("+1 212 555 0111"));
    }

    [Fact]
    public async Task Bad_choices_are_refused_and_change_nothing_and_another_tenants_customer_is_not_found()
    {
        var (_, erinUser) = await AccountCustomerAsync("acme", "erin@example.com");
        var (_, hannaUser) = await AccountCustomerAsync("globex", "hanna@example.com");
        await app.InTenantAsync("acme", async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            await db.Customers.Where(c => c.UserId == erinUser).ExecuteUpdateAsync(u => u.SetProperty(c => c.Phone, (string?)null));
            await db.Users.Where(u => u.Id == erinUser).ExecuteUpdateAsync(u => u.SetProperty(x => x.PhoneNumber, (string?)null));
            return 0;
        });

        var noPhone = await SettingsAsync("acme", erinUser, s => s.SaveMineAsync(TextOnly, null));
        Assert.Equal(ErrorCodes.ValidationFailed, noPhone.Code);
        Assert.Contains("Phone", noPhone.Errors.Keys);

        var badPhone = await SettingsAsync("acme", erinUser, s => s.SaveMineAsync(TextOnly, "call me maybe"));
        Assert.Equal(ErrorCodes.ValidationFailed, badPhone.Code);

        var staffKind = await SettingsAsync("acme", erinUser, s => s.SaveMineAsync(new Dictionary<string, NotificationChannels> { [NotificationKinds.BookingCreated] = NotificationChannels.Sms }, "+1 212 555 0122"));
        Assert.Equal(ErrorCodes.ValidationFailed, staffKind.Code);

        var announcements = await SettingsAsync("acme", erinUser, s => s.SaveMineAsync(new Dictionary<string, NotificationChannels> { [NotificationKinds.Announcement] = NotificationChannels.Email }, null));
        Assert.Equal(ErrorCodes.ValidationFailed, announcements.Code);

        var rows = (await SettingsAsync("acme", erinUser, s => s.MineAsync())).Rows;
        Assert.Equal([NotificationKinds.BookingConfirmed, NotificationKinds.BookingChanged, NotificationKinds.BookingReminder], rows.Select(r => r.Kind.Kind));
        var reminder = rows.Single(r => r.Kind.Kind == NotificationKinds.BookingReminder);
        Assert.True(reminder.IsDefault);
        Assert.Equal(NotificationChannels.Email, reminder.Channels);
        Assert.Null((await SettingsAsync("acme", erinUser, s => s.MineAsync())).Phone);

        // From acme, globex's customer is no one: nothing is written for them.
        var foreign = await SettingsAsync("acme", hannaUser, s => s.SaveMineAsync(TextOnly, "+49 30 1234567"));
        Assert.Equal(ErrorCodes.NotFound, foreign.Code);
        Assert.True((await SettingsAsync("globex", hannaUser, s => s.MineAsync())).Rows.All(r => r.IsDefault));
    }

    [Fact]
    public async Task A_confirmation_by_text_goes_to_the_phone_kept_on_the_customer_record()
    {
        var (_, carlaUser) = await AccountCustomerAsync("acme", "carla@example.com");
        await app.InTenantAsync("acme", async sp =>
            await sp.GetRequiredService<PlatformDbContext>().Users.Where(u => u.Id == carlaUser).ExecuteUpdateAsync(u => u.SetProperty(x => x.PhoneNumber, (string?)null)));
        var textToo = new Dictionary<string, NotificationChannels> { [NotificationKinds.BookingConfirmed] = NotificationChannels.Sms };
        Assert.True((await SettingsAsync("acme", carlaUser, s => s.SaveMineAsync(textToo, "+1 212 555 0133"))).Succeeded);

        var published = await app.InTenantAsync("acme", sp => sp.GetRequiredService<NotificationPublisher>()
            .PublishAsync(new NotificationRequest(NotificationKinds.BookingConfirmed, new NotificationAudience.User(carlaUser), "Booking confirmed", "Session on Friday")));
        Assert.Equal(1, published.Value!.MessagesQueued);
        await Eventually.HoldsAsync(() => Task.FromResult(Directory.Exists(app.SmsFolder)
            && Directory.GetFiles(app.SmsFolder, "*.txt").Select(File.ReadAllText).Any(t => t.StartsWith("To: +1 212 555 0133\n", StringComparison.Ordinal))), "the confirmation text is sent");
    }

    [Fact]
    public async Task The_page_is_for_signed_in_customers_and_shows_their_own_choices()
    {
        var (_, danUser) = await AccountCustomerAsync("acme", "dan@example.com");
        await app.InTenantAsync("acme", async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            return await db.Customers.Where(c => c.UserId == danUser).ExecuteUpdateAsync(u => u.SetProperty(c => c.Phone, "+1 212 555 0177"));
        });

        using var asDan = await app.SignedInAsync("http://acme.localhost/", "dan@example.com");
        var page = await asDan.GetStringAsync("my/notifications");
        Assert.Contains("Booking reminders", page, StringComparison.Ordinal);
        Assert.Contains("212 555 0177", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Announcements", page, StringComparison.Ordinal);

        // Carla sees her own page: nothing of Dan's.
        using var asCarla = await app.SignedInAsync("http://acme.localhost/", "carla@example.com");
        Assert.DoesNotContain("212 555 0177", await asCarla.GetStringAsync("my/notifications"), StringComparison.Ordinal);

        using var anonymous = app.CreateClientFor("http://acme.localhost/");
        var response = await anonymous.GetAsync("my/notifications");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("Account/Login", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    /// <summary>Works on the settings as <paramref name="userId"/> signed in as a customer of <paramref name="tenant"/>.</summary>
    private Task<T> SettingsAsync<T>(string tenant, Guid userId, Func<CustomerNotificationSettings, Task<T>> work) =>
        app.AsActorAsync(tenant, Actor.Customer(userId), sp => work(sp.GetRequiredService<CustomerNotificationSettings>()));

    private Task<(Guid Customer, Guid User)> AccountCustomerAsync(string tenant, string email) =>
        app.InTenantAsync(tenant, async sp => await sp.GetRequiredService<PlatformDbContext>().Customers
            .Where(c => c.Email == email && c.UserId != null).Select(c => ValueTuple.Create(c.Id, c.UserId!.Value)).SingleAsync());

    /// <summary>What <see cref="ReminderJob"/> does once the booking is due: every reminder sender, in the booking's tenant scope.</summary>
    private async Task RemindAsync(Guid bookingId) =>
        await app.InTenantAsync("acme", async sp =>
        {
            var booking = await sp.GetRequiredService<PlatformDbContext>().Bookings.AsNoTracking().SingleAsync(b => b.Id == bookingId);
            foreach (var sender in sp.GetServices<IReminderSender>())
            {
                await sender.SendAsync(booking, CancellationToken.None);
            }

            return 0;
        });

    private List<string> Texts(string phone) =>
        Directory.Exists(app.SmsFolder)
            ? [.. Directory.GetFiles(app.SmsFolder, "*.txt").Select(File.ReadAllText).Where(t => t.StartsWith($"To: {phone}\n", StringComparison.Ordinal) && t.Contains("Booking reminder.", StringComparison.Ordinal))]
            : [];

    private List<string> ReminderMails(string address) =>
        Directory.Exists(app.MailFolder)
            ? [.. Directory.GetFiles(app.MailFolder, "*.eml").Select(File.ReadAllText).Where(m => m.Contains("Subject: Reminder", StringComparison.Ordinal) && m.Contains(address, StringComparison.Ordinal))]
            : [];
}
