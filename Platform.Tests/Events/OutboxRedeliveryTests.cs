using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Platform.Core.Notifications;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Seeding;
using Platform.Infrastructure.Tenancy;
using Platform.Tests.Support;

namespace Platform.Tests.Events;

/// <summary>The app with its dispatcher polling every tenth of a second.</summary>
public class QuickDispatchApp(TestDatabase database) : PlatformAppFactory(database)
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Outbox:PollInterval"] = "00:00:00.100",
    };
}

public sealed class QuickDispatchSqliteApp() : QuickDispatchApp(TestDatabase.Sqlite);

public sealed class QuickDispatchPostgresApp() : QuickDispatchApp(TestDatabase.Postgres);

/// <summary>
/// At-least-once delivery must not show to people (ADR 0017): a booking event handled again, as after a crash between its
/// handlers' work and the record that they are done, and a send handled again, tell nobody twice: one in-app notification
/// per event and person, one e-mail per event and address.
/// </summary>
public abstract class OutboxRedeliveryTests(QuickDispatchApp app)
{
    [Fact]
    public async Task A_redelivered_booking_event_and_a_redelivered_send_reach_nobody_twice()
    {
        // A booking that waits for approval: its provider hears of it in the app, the managers in the app and by e-mail.
        var (service, provider, customer) = await app.InTenantAsync("globex", async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            var user = await db.Users.Where(u => u.Email == "lena@globex.test").Select(u => u.Id).SingleAsync();
            return (await db.Services.Where(s => s.Name == "Colour").Select(s => s.Id).SingleAsync(),
                await db.Providers.Where(p => p.UserId == user).Select(p => p.Id).SingleAsync(),
                await db.Customers.OrderBy(c => c.Name).Select(c => c.Id).FirstAsync());
        });
        using var api = app.CreateClient();
        api.DefaultRequestHeaders.Add("X-Api-Key", DemoAccounts.ApiKeys["globex"]);
        var created = await api.PostAsJsonAsync("api/v1/bookings", new { serviceId = service, providerId = provider, customerId = customer, start = CrashTestBookings.Starts(1)[0] });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var booking = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        await app.AllDeliveredAsync();
        var notifications = await NotificationsAsync();
        var mails = MailsTo("manager@globex.test");
        Assert.NotEmpty(notifications);
        Assert.Single(mails);

        // Handled again from the start: the event (its handlers' work done, the record of it lost), then the e-mail's send.
        await app.ReopenAsync(m => m.Type == "booking.created" && m.Payload.Contains(booking.ToString()));
        await app.AllDeliveredAsync();
        await app.ReopenAsync(m => m.Type == "message.send");
        await app.AllDeliveredAsync();

        var again = await NotificationsAsync();
        Assert.Equal(notifications.Count, again.Count);
        Assert.All(again.GroupBy(n => (n.UserId, n.Kind, n.Body)), g => Assert.Single(g));
        Assert.Single(MailsTo("manager@globex.test"));
    }

    private async Task<List<Notification>> NotificationsAsync()
    {
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreateHost();
        return await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().Set<Notification>()
            .IgnoreQueryFilters([PlatformDbContext.TenantFilter]).AsNoTracking().ToListAsync();
    }

    private List<MimeMessage> MailsTo(string address) =>
        [.. CrashTestBookings.Mails(app.MailFolder).Where(m => m.To.Mailboxes.Any(b => b.Address == address))];
}

public sealed class OutboxRedeliverySqliteTests(QuickDispatchSqliteApp app) : OutboxRedeliveryTests(app), IClassFixture<QuickDispatchSqliteApp>;

public sealed class OutboxRedeliveryPostgresTests(QuickDispatchPostgresApp app) : OutboxRedeliveryTests(app), IClassFixture<QuickDispatchPostgresApp>;
