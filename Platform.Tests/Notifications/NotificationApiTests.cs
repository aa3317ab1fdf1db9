using System.Net;
using System.Net.Http.Json;
using Platform.Core.Identity;
using Platform.Core.Notifications;
using Platform.Tests.Support;

namespace Platform.Tests.Notifications;

/// <summary>Isolation through the real HTTP surface: people see and change only their own notifications, in their own tenant.</summary>
public sealed class NotificationApiTests(NotificationApiTests.App app) : IClassFixture<NotificationApiTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);

    private const string Acme = "http://acme.localhost/";
    private const string Globex = "http://globex.localhost/";

    [Fact]
    public async Task A_person_lists_their_own_notifications_and_never_another_tenants()
    {
        var sam = await app.UserIdAsync("acme", "sam@acme.test");
        var lena = await app.UserIdAsync("globex", "lena@globex.test");
        var mine = $"For Sam {Guid.NewGuid():N}";
        var theirs = $"For Lena {Guid.NewGuid():N}";
        await app.PublishAsync("acme", NotificationTestData.Announcement(new NotificationAudience.User(sam), mine));
        await app.PublishAsync("globex", NotificationTestData.Announcement(new NotificationAudience.User(lena), theirs));
        var client = await app.SignedInAsync(Acme, "sam@acme.test");

        var page = await (await client.GetAsync("api/v1/notifications?pageSize=100")).JsonAsync();

        var titles = page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()).ToList();
        Assert.Contains(mine, titles);
        Assert.DoesNotContain(theirs, titles);
        Assert.True(page.GetProperty("unread").GetInt32() >= 1);
    }

    [Fact]
    public async Task Marking_someone_elses_notification_read_answers_404_and_changes_nothing()
    {
        var jo = await app.UserIdAsync("acme", "jo@acme.test");
        var lena = await app.UserIdAsync("globex", "lena@globex.test");
        var josTitle = $"Jo's {Guid.NewGuid():N}";
        var lenasTitle = $"Lena's {Guid.NewGuid():N}";
        await app.PublishAsync("acme", NotificationTestData.Announcement(new NotificationAudience.User(jo), josTitle));
        await app.PublishAsync("globex", NotificationTestData.Announcement(new NotificationAudience.User(lena), lenasTitle));
        var all = await app.AllNotificationsAsync();
        var josId = all.Single(n => n.Title == josTitle).Id;
        var lenasId = all.Single(n => n.Title == lenasTitle).Id;
        var sam = await app.SignedInAsync(Acme, "sam@acme.test");

        var sameTenant = await sam.PostAsync($"api/v1/notifications/{josId}/read", null);
        var otherTenant = await sam.PostAsync($"api/v1/notifications/{lenasId}/read", null);
        var unknown = await sam.PostAsync($"api/v1/notifications/{Guid.NewGuid()}/read", null);
        await sam.PostAsync("api/v1/notifications/read-all", null);

        Assert.Equal(HttpStatusCode.NotFound, sameTenant.StatusCode);
        Assert.Equal("not_found", (await sameTenant.JsonAsync()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, otherTenant.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var after = await app.AllNotificationsAsync();
        Assert.False(after.Single(n => n.Id == josId).IsRead);
        Assert.False(after.Single(n => n.Id == lenasId).IsRead);
    }

    [Fact]
    public async Task A_person_marks_their_own_notification_read_then_all_of_them()
    {
        var carla = await app.UserIdAsync("acme", "carla@example.com");
        var first = $"One {Guid.NewGuid():N}";
        await app.PublishAsync("acme", NotificationTestData.Announcement(new NotificationAudience.User(carla), first));
        await app.PublishAsync("acme", NotificationTestData.Announcement(new NotificationAudience.User(carla), $"Two {Guid.NewGuid():N}"));
        var id = (await app.AllNotificationsAsync()).Single(n => n.Title == first).Id;
        var client = await app.SignedInAsync(Acme, "carla@example.com");

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync($"api/v1/notifications/{id}/read", null)).StatusCode);
        var unreadBefore = (await (await client.GetAsync("api/v1/notifications")).JsonAsync()).GetProperty("unread").GetInt32();
        var marked = (await (await client.PostAsync("api/v1/notifications/read-all", null)).JsonAsync()).GetProperty("marked").GetInt32();
        var unreadAfter = (await (await client.GetAsync("api/v1/notifications")).JsonAsync()).GetProperty("unread").GetInt32();

        Assert.Equal(unreadBefore, marked);
        Assert.True(marked >= 1);
        Assert.Equal(0, unreadAfter);
    }

    [Fact]
    public async Task An_announcement_to_another_tenants_user_answers_404_and_stores_nothing()
    {
        var lena = await app.UserIdAsync("globex", "lena@globex.test");
        var before = (await app.AllNotificationsAsync()).Count;
        var manager = await app.SignedInAsync(Acme, "manager@acme.test");

        var response = await manager.PostAsJsonAsync("api/v1/notifications/announcements", new { title = "Hello", userId = lena });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(before, (await app.AllNotificationsAsync()).Count);
    }

    [Fact]
    public async Task Bad_announcements_get_400_and_staff_may_not_send_any()
    {
        var manager = await app.SignedInAsync(Acme, "manager@acme.test");
        var staff = await app.SignedInAsync(Acme, "sam@acme.test");
        var before = (await app.AllNotificationsAsync()).Count;

        var noTitle = await manager.PostAsJsonAsync("api/v1/notifications/announcements", new { title = "", audience = "staff" });
        var twoAudiences = await manager.PostAsJsonAsync("api/v1/notifications/announcements", new { title = "Hi", audience = "staff", role = PlatformRoles.Staff });
        var badRole = await manager.PostAsJsonAsync("api/v1/notifications/announcements", new { title = "Hi", role = "Pirate" });
        var byStaff = await staff.PostAsJsonAsync("api/v1/notifications/announcements", new { title = "Hi", audience = "everyone" });
        var badPage = await staff.GetAsync("api/v1/notifications?pageSize=0");

        Assert.Equal(HttpStatusCode.BadRequest, noTitle.StatusCode);
        Assert.Equal("validation.failed", (await noTitle.JsonAsync()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, twoAudiences.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badRole.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byStaff.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badPage.StatusCode);
        Assert.Equal(before, (await app.AllNotificationsAsync()).Count);
    }

    [Fact]
    public async Task Notifications_belong_to_people_so_an_api_key_or_a_stranger_gets_none()
    {
        var keyClient = app.CreateClientFor(Acme);
        keyClient.DefaultRequestHeaders.Add("X-Api-Key", Platform.Infrastructure.Seeding.DemoAccounts.ApiKeys["acme"]);
        var anonymous = app.CreateClientFor(Acme);

        var byKey = await keyClient.GetAsync("api/v1/notifications");
        var byNobody = await anonymous.GetAsync("api/v1/notifications");

        Assert.Equal(HttpStatusCode.Forbidden, byKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, byNobody.StatusCode);
    }

    [Fact]
    public async Task A_template_with_a_syntax_error_is_refused_with_its_line_and_the_default_stays()
    {
        var admin = await app.SignedInAsync(Globex, "admin@globex.test");
        const string path = "api/v1/notification-templates/booking.confirmed/email";

        var refused = await admin.PutAsJsonAsync(path, new { subject = "Confirmed", body = "<p>Hello</p>\n<p>{{ service }}</p>\n{% if url %}<a>open</a>\n" });
        var template = await (await admin.GetAsync(path)).JsonAsync();

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var message = (await refused.JsonAsync()).GetProperty("errors").GetProperty("body")[0].GetString();
        Assert.Matches(@"^Line \d+", message);
        Assert.False(template.GetProperty("isCustom").GetBoolean());

        var saved = await admin.PutAsJsonAsync(path, new { subject = "Confirmed: {{ service }}", body = "<p>See you, {{ recipient_name }}</p>" });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.True((await (await admin.GetAsync(path)).JsonAsync()).GetProperty("isCustom").GetBoolean());
        // Acme still has the default: templates are per tenant.
        var acmeAdmin = await app.SignedInAsync(Acme, "admin@acme.test");
        Assert.False((await (await acmeAdmin.GetAsync(path)).JsonAsync()).GetProperty("isCustom").GetBoolean());
    }
}
