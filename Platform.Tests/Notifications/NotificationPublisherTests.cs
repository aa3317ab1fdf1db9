using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Access;
using Platform.Core.Errors;
using Platform.Core.Identity;
using Platform.Core.Notifications;
using Platform.Infrastructure.Notifications;
using Platform.Infrastructure.Realtime;
using Platform.Tests.Support;

namespace Platform.Tests.Notifications;

/// <summary>The publisher on a real database: audiences expand to this tenant's users only, preferences decide the channels.</summary>
public abstract class NotificationPublisherTests(PlatformAppFactory app)
{
    [Fact]
    public async Task A_role_becomes_one_unread_notification_per_member_of_this_tenant_only()
    {
        var title = $"Team meeting {Guid.NewGuid():N}";
        var outcome = await app.PublishAsync("acme", NotificationTestData.Announcement(new NotificationAudience.Role(PlatformRoles.Staff), title));

        Assert.True(outcome.Succeeded);
        var stored = (await app.AllNotificationsAsync()).Where(n => n.Title == title).ToList();
        var sam = await app.UserIdAsync("acme", "sam@acme.test");
        var jo = await app.UserIdAsync("acme", "jo@acme.test");
        Assert.Equal(new[] { jo, sam }.Order(), stored.Select(n => n.UserId).Order());
        var acme = await app.TenantIdAsync("acme");
        Assert.All(stored, n => Assert.Equal(acme, n.TenantId));
        Assert.All(stored, n => Assert.False(n.IsRead));
        Assert.Equal(2, outcome.Value!.Stored);
    }

    [Fact]
    public async Task The_staff_audience_reaches_admins_managers_and_staff_but_no_customer()
    {
        var title = $"Staff only {Guid.NewGuid():N}";
        await app.PublishAsync("acme", NotificationTestData.Announcement(new NotificationAudience.Staff(), title));

        var recipients = (await app.AllNotificationsAsync()).Where(n => n.Title == title).Select(n => n.UserId).ToHashSet();
        Assert.Contains(await app.UserIdAsync("acme", "admin@acme.test"), recipients);
        Assert.Contains(await app.UserIdAsync("acme", "manager@acme.test"), recipients);
        Assert.Contains(await app.UserIdAsync("acme", "sam@acme.test"), recipients);
        Assert.DoesNotContain(await app.UserIdAsync("acme", "carla@example.com"), recipients);
        Assert.DoesNotContain(await app.UserIdAsync("globex", "lena@globex.test"), recipients);
    }

    [Fact]
    public async Task Publishing_to_another_tenants_user_fails_and_stores_nothing()
    {
        var lena = await app.UserIdAsync("globex", "lena@globex.test");
        var before = (await app.AllNotificationsAsync()).Count;

        var outcome = await app.PublishAsync("acme", NotificationTestData.Announcement(new NotificationAudience.User(lena), "Not for you"));

        Assert.False(outcome.Succeeded);
        Assert.Equal(ErrorCodes.NotFound, outcome.Code);
        Assert.Equal(before, (await app.AllNotificationsAsync()).Count);
    }

    [Theory]
    [InlineData("", "Title")]
    [InlineData("https://evil.example/phish", "Link")]
    [InlineData("//evil.example", "Link")]
    public async Task Bad_input_is_refused_and_stores_nothing(string linkOrEmptyTitle, string field)
    {
        var sam = await app.UserIdAsync("acme", "sam@acme.test");
        var before = (await app.AllNotificationsAsync()).Count;
        var request = field == "Title"
            ? new NotificationRequest(NotificationKinds.Announcement, new NotificationAudience.User(sam), linkOrEmptyTitle)
            : new NotificationRequest(NotificationKinds.Announcement, new NotificationAudience.User(sam), "Click me", "", linkOrEmptyTitle);

        var outcome = await app.PublishAsync("acme", request);

        Assert.True(outcome.Errors.ContainsKey(field));
        Assert.Equal(before, (await app.AllNotificationsAsync()).Count);
    }

    [Fact]
    public async Task An_unknown_kind_or_role_is_refused()
    {
        var unknownKind = await app.PublishAsync("acme", new NotificationRequest("booking.exploded", new NotificationAudience.Staff(), "Boom"));
        var hostRole = await app.PublishAsync("acme", NotificationTestData.Announcement(new NotificationAudience.Role(PlatformRoles.HostAdmin), "Hi operators"));

        Assert.True(unknownKind.Errors.ContainsKey("Kind"));
        Assert.True(hostRole.Errors.ContainsKey("Role"));
    }

    [Fact]
    public async Task The_recipients_open_circuits_get_it_live_and_nobody_else_does()
    {
        var acme = await app.TenantIdAsync("acme");
        var globex = await app.TenantIdAsync("globex");
        var jo = await app.UserIdAsync("acme", "jo@acme.test");
        var sam = await app.UserIdAsync("acme", "sam@acme.test");
        var lena = await app.UserIdAsync("globex", "lena@globex.test");
        var listeners = app.Services.GetRequiredService<NotificationListeners>();
        var toJo = new List<NotificationSignal>();
        var toSam = new List<NotificationSignal>();
        var toLena = new List<NotificationSignal>();
        using var a = listeners.Add(acme, jo, s => Record(toJo, s));
        using var b = listeners.Add(acme, sam, s => Record(toSam, s));
        using var c = listeners.Add(globex, lena, s => Record(toLena, s));

        var title = $"Just for Jo {Guid.NewGuid():N}";
        await app.PublishAsync("acme", NotificationTestData.Announcement(new NotificationAudience.User(jo), title, "Room 2 today"));

        // Delivery to circuits does not hold up the publisher: wait for it to arrive.
        for (var i = 0; i < 100 && Count(toJo) == 0; i++)
        {
            await Task.Delay(50);
        }

        await Task.Delay(200); // time enough for a wrong delivery to show up too
        var signal = Assert.Single(toJo);
        Assert.Equal(title, signal.Notification.Title);
        Assert.True(signal.ShowInBrowser); // announcements default to in-app and browser
        Assert.Empty(toSam);
        Assert.Empty(toLena);
    }

    [Fact]
    public async Task Preferences_decide_the_channels_and_the_email_uses_the_tenants_template_and_colour()
    {
        var jo = await app.UserIdAsync("acme", "jo@acme.test");
        var saved = await app.AsActorAsync("acme", Actor.Staff(jo), sp => sp.GetRequiredService<NotificationPreferences>()
            .SaveMineAsync(NotificationKinds.BookingAwaitingApproval, NotificationChannels.Email | NotificationChannels.Browser));
        Assert.Equal(NotificationChannels.Email, saved.Value); // browser needs in-app: dropped
        await app.InTenantAsync("acme", async sp =>
        {
            var template = await sp.GetRequiredService<NotificationTemplates>().SaveAsync(NotificationKinds.BookingAwaitingApproval, NotificationChannels.Email,
                "Approve {{ service }} for {{ customer }}", "<p>Dear {{ recipient_name }}, {{ customer }} waits.</p>");
            Assert.True(template.Succeeded);
            return 0;
        });
        var title = $"Approval {Guid.NewGuid():N}";

        var outcome = await app.PublishAsync("acme", new NotificationRequest(NotificationKinds.BookingAwaitingApproval, new NotificationAudience.User(jo), title, "Carla <b>waits</b>")
        {
            Values = new Dictionary<string, string> { ["service"] = "Initial assessment", ["customer"] = "Carla <Customer>" },
        });

        Assert.Equal((1, 0, 1), (outcome.Value!.Recipients, outcome.Value.Stored, outcome.Value.MessagesQueued));
        Assert.DoesNotContain(await app.AllNotificationsAsync(), n => n.Title == title);
        var mail = await Mailbox.WaitForLatestAsync(app.MailFolder, "jo@acme.test", "Approve Initial assessment for Carla <Customer>"); // sent through the outbox
        Assert.Contains("Carla &lt;Customer&gt; waits", mail.HtmlBody, StringComparison.Ordinal); // values are HTML-escaped
        Assert.Contains("#1565C0", mail.HtmlBody, StringComparison.OrdinalIgnoreCase); // acme's primary colour in the header
        Assert.Contains("Dear Jo", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preferences_are_always_the_actors_own_and_only_for_kinds_that_reach_them()
    {
        var sam = await app.UserIdAsync("acme", "sam@acme.test");
        var stranger = await app.UserIdAsync("globex", "admin@globex.test");

        // Staff are not offered the customers' kinds, and a customer is not offered the team's.
        Assert.DoesNotContain(await PreferencesAsync(Actor.Staff(sam), p => p.MineAsync()), r => r.Kind.Kind == NotificationKinds.BookingReminder);
        var customerKind = await PreferencesAsync(Actor.Staff(sam), p => p.SaveMineAsync(NotificationKinds.BookingReminder, NotificationChannels.Email));
        Assert.Equal(ErrorCodes.ValidationFailed, customerKind.Code);

        // The platform itself, or another tenant's person, has nothing here to read or change.
        Assert.Empty(await PreferencesAsync(Actor.System, p => p.MineAsync()));
        Assert.Equal(ErrorCodes.Forbidden, (await PreferencesAsync(Actor.System, p => p.SaveMineAsync(NotificationKinds.Announcement, NotificationChannels.Email))).Code);
        Assert.Equal(ErrorCodes.NotFound, (await PreferencesAsync(Actor.TenantAdmin(stranger), p => p.SaveMineAsync(NotificationKinds.Announcement, NotificationChannels.Email))).Code);
    }

    private Task<T> PreferencesAsync<T>(Actor actor, Func<NotificationPreferences, Task<T>> work) =>
        app.AsActorAsync("acme", actor, sp => work(sp.GetRequiredService<NotificationPreferences>()));

    private static int Count(List<NotificationSignal> list)
    {
        lock (list)
        {
            return list.Count;
        }
    }

    private static Task Record(List<NotificationSignal> list, NotificationSignal signal)
    {
        lock (list)
        {
            list.Add(signal);
        }

        return Task.CompletedTask;
    }
}

public sealed class SqliteNotificationPublisherTests(SqliteNotificationPublisherTests.App app)
    : NotificationPublisherTests(app), IClassFixture<SqliteNotificationPublisherTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);
}

public sealed class PostgresNotificationPublisherTests(PostgresNotificationPublisherTests.App app)
    : NotificationPublisherTests(app), IClassFixture<PostgresNotificationPublisherTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Postgres);
}
