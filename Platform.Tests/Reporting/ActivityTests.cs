using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Access;
using Platform.Core.Bookings;
using Platform.Core.Common;
using Platform.Core.Errors;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Reporting;
using Platform.Infrastructure.Security;
using Platform.Infrastructure.Seeding;
using Platform.Infrastructure.Tenancy;
using Platform.Tests.Bookings;
using Platform.Tests.Notifications;
using Platform.Tests.Support;

namespace Platform.Tests.Reporting;

/// <summary>
/// The user activity dashboard (tenant admins: sign-ins, active people, what each team member did) and the host's
/// growth (operators: bookings and people across tenants, new tenants), each equal to the logs it reads, and each
/// refused to the roles below it, in the use case and over HTTP.
/// </summary>
public sealed class ActivityTests(ActivityTests.App app) : IClassFixture<ActivityTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);

    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static readonly ActivityQuery April = new(new DateOnly(2031, 4, 1), new DateOnly(2031, 4, 14));

    private static DateTimeOffset At(int day, int hour) =>
        new(TimeZoneInfo.ConvertTimeToUtc(new DateTime(2031, 4, day, hour, 0, 0, DateTimeKind.Unspecified), NewYork), TimeSpan.Zero);

    private Task<Outcome<ActivityView>> ReadAsync(string slug, Actor actor, ActivityQuery query) =>
        app.AsActorAsync(slug, actor, sp => sp.GetRequiredService<Activity>().ReadAsync(query));

    [Fact]
    public async Task Sign_ins_active_people_and_each_team_members_actions_come_from_the_logs_of_the_range_and_only_admins_see_them()
    {
        var sam = await app.UserIdAsync("acme", "sam@acme.test");
        var manager = await app.UserIdAsync("acme", "manager@acme.test");
        var carla = await app.UserIdAsync("acme", "carla@example.com");
        var seeded = await BookingTestData.SeedAsync(app);
        await app.InTenantAsync("acme", async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            SecurityEvent Event(Guid user, string email, SecurityEventKind kind, DateTimeOffset at) => new() { UserId = user, Email = email, Kind = kind, At = at };
            db.Set<SecurityEvent>().AddRange(
                Event(sam, "sam@acme.test", SecurityEventKind.SignInSucceeded, At(2, 9)),
                Event(sam, "sam@acme.test", SecurityEventKind.SignInSucceeded, At(2, 13)),
                Event(carla, "carla@example.com", SecurityEventKind.SignInSucceeded, At(9, 23)),
                Event(carla, "carla@example.com", SecurityEventKind.SignInFailed, At(9, 22)),
                Event(sam, "sam@acme.test", SecurityEventKind.SignInSucceeded, At(15, 1)));
            var made = BookingTestData.Confirmed(seeded, At(20, 9));
            made.History.Add(new BookingChange { BookingId = made.Id, Kind = BookingChangeKind.Created, At = At(3, 10), ByUserId = sam });
            made.History.Add(new BookingChange { BookingId = made.Id, Kind = BookingChangeKind.Confirmed, At = At(4, 10), ByUserId = manager });
            var other = BookingTestData.Confirmed(seeded, At(21, 9));
            other.History.Add(new BookingChange { BookingId = other.Id, Kind = BookingChangeKind.Created, At = At(3, 11), ByUserId = sam });
            other.History.Add(new BookingChange { BookingId = other.Id, Kind = BookingChangeKind.Cancelled, At = At(14, 23), ByUserId = sam });
            other.History.Add(new BookingChange { BookingId = other.Id, Kind = BookingChangeKind.Rescheduled, At = At(15, 0), ByUserId = sam });
            db.Bookings.AddRange(made, other);
            await db.SaveChangesAsync();
            return 0;
        });
        var greta = await app.UserIdAsync("globex", "admin@globex.test");
        await app.InTenantAsync("globex", async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            db.Set<SecurityEvent>().Add(new SecurityEvent { UserId = greta, Email = "admin@globex.test", Kind = SecurityEventKind.SignInSucceeded, At = At(5, 12) });
            await db.SaveChangesAsync();
            return 0;
        });

        var admin = Actor.TenantAdmin(await app.UserIdAsync("acme", "admin@acme.test"));
        var view = (await ReadAsync("acme", admin, April)).Value!;
        Assert.Equal((3, 1, 2, 1), (view.SignIns, view.FailedSignIns, view.ActiveStaff, view.ActiveCustomers));
        Assert.Equal(14, view.Trend.Count);
        Assert.Equal((2, 1, 0), (view.Trend[1].SignIns, view.Trend[1].ActiveStaff, view.Trend[1].ActiveCustomers));
        Assert.Equal((1, 0, 1), (view.Trend[8].SignIns, view.Trend[8].ActiveStaff, view.Trend[8].ActiveCustomers));
        var samDid = view.Staff.Single(s => s.UserId == sam);
        Assert.Equal((2, 0, 1, 0), (samDid.Made, samDid.Confirmed, samDid.Cancelled, samDid.Rescheduled));
        Assert.Equal(1, view.Staff.Single(s => s.UserId == manager).Confirmed);

        // By week (Sunday first in New York): the weeks from March 30 and April 6 and 13.
        var weeks = (await ReadAsync("acme", admin, April with { Bucket = Platform.Infrastructure.Reporting.InsightsBucket.Week })).Value!;
        Assert.Equal(3, weeks.SignIns);
        Assert.Equal(weeks.Trend.Sum(b => b.SignIns), view.Trend.Sum(b => b.SignIns));

        // Globex's admin sees Greta's sign-in, none of acme's; a manager and staff are refused.
        var globex = (await ReadAsync("globex", Actor.TenantAdmin(greta), April)).Value!;
        Assert.Equal((1, 1, 0), (globex.SignIns, globex.ActiveStaff, globex.Staff.Count));
        Assert.Equal(ErrorCodes.Forbidden, (await ReadAsync("acme", Actor.Manager(manager), April)).Code);
        Assert.Equal(ErrorCodes.Forbidden, (await ReadAsync("acme", Actor.Staff(sam), April)).Code);
    }

    [Fact]
    public async Task Over_http_an_admin_opens_the_activity_page_of_their_business_only_and_a_manager_is_refused()
    {
        using var admin = await app.SignedInAsync("http://acme.localhost/", "admin@acme.test");
        var page = await admin.GetAsync("app/insights/activity?range=7d");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"activity-signins\"", html, StringComparison.Ordinal);
        var unknown = WebUtility.HtmlDecode(await (await admin.GetAsync("app/insights/activity?range=1y")).Content.ReadAsStringAsync());
        Assert.Contains("does not know: choose a range of “7d”, “30d” or “90d”", unknown, StringComparison.Ordinal);

        using var globex = await app.SignedInAsync("http://globex.localhost/", "admin@globex.test");
        var theirs = await (await globex.GetAsync("app/insights/activity?range=90d")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("Sam Rivera", theirs, StringComparison.Ordinal);
        Assert.DoesNotContain("Mark Manager", theirs, StringComparison.Ordinal);

        using var manager = await app.SignedInAsync("http://acme.localhost/", "manager@acme.test");
        var refused = await manager.GetAsync("app/insights/activity");
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
    }

    [Fact]
    public async Task The_host_sees_bookings_people_and_new_tenants_across_tenants_and_nobody_else_does()
    {
        // Bookings of both tenants in the last weeks, one rejected, one too old to count; then every tenant's rollups.
        foreach (var slug in new[] { "acme", "globex" })
        {
            var seeded = await BookingTestData.SeedAsync(app, slug: slug);
            await app.InTenantAsync(slug, async sp =>
            {
                var db = sp.GetRequiredService<PlatformDbContext>();
                var today = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero);
                foreach (var daysAgo in new[] { 1, 6, 20, 41, 70, 120 })
                {
                    db.Bookings.Add(BookingTestData.Confirmed(seeded, today.AddDays(-daysAgo).AddHours(15)));
                }

                var rejected = BookingTestData.Confirmed(seeded, today.AddDays(-3).AddHours(15));
                rejected.Status = BookingStatus.Rejected;
                db.Bookings.Add(rejected);
                await db.SaveChangesAsync();
                return 0;
            });
        }

        await app.WithScopeAsync(sp => RollupKeeper.RebuildAsync(sp, [], CancellationToken.None));
        var growth = await app.WithScopeAsync(async sp =>
        {
            await using var host = sp.GetRequiredService<TenantScopeFactory>().CreateHost();
            host.ServiceProvider.GetRequiredService<Platform.Infrastructure.Access.ActorContext>().Set(Actor.HostOperator(Guid.NewGuid()));
            return await host.ServiceProvider.GetRequiredService<PlatformGrowth>().ReadAsync();
        });
        var weeks = growth.Value!;
        Assert.Equal(12, weeks.Count);
        Assert.All(weeks, w => Assert.Equal(DayOfWeek.Monday, w.Start.DayOfWeek));

        // The bookings starting in those weeks, by each tenant's own day, not rejected, straight from the table.
        var expected = 0;
        foreach (var slug in new[] { "acme", "globex" })
        {
            expected += await app.InTenantAsync(slug, async sp =>
            {
                var zone = TimeZoneInfo.FindSystemTimeZoneById(slug == "acme" ? "America/New_York" : "Europe/Berlin");
                var from = LocalDays.StartUtc(weeks[0].Start, zone);
                var to = LocalDays.StartUtc(DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1), zone);
                return await sp.GetRequiredService<PlatformDbContext>().Bookings.CountAsync(b => b.StartUtc >= from && b.StartUtc < to && b.Status != BookingStatus.Rejected);
            });
        }

        Assert.Equal(10, expected);
        Assert.Equal(expected, weeks.Sum(w => w.Bookings));
        var tenants = await app.WithScopeAsync(sp => sp.GetRequiredService<PlatformDbContext>().Tenants.CountAsync(t => t.CreatedAt >= new DateTimeOffset(weeks[0].Start.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)));
        Assert.Equal(tenants, weeks.Sum(w => w.NewTenants));

        // A tenant's admin is refused in the use case; on a tenant's side it does not run at all.
        var refused = await app.WithScopeAsync(async sp =>
        {
            await using var host = sp.GetRequiredService<TenantScopeFactory>().CreateHost();
            host.ServiceProvider.GetRequiredService<Platform.Infrastructure.Access.ActorContext>().Set(Actor.TenantAdmin(Guid.NewGuid()));
            return await host.ServiceProvider.GetRequiredService<PlatformGrowth>().ReadAsync();
        });
        Assert.Equal(ErrorCodes.Forbidden, refused.Code);
        await Assert.ThrowsAsync<TenantMismatchException>(() => app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformGrowth>().ReadAsync()));

        // Over HTTP the operator's console carries the figure; acme's admin is sent away from it.
        using var operatorClient = app.CreateClientFor("http://localhost/");
        Assert.True(await operatorClient.SignInAsync(DemoAccounts.HostAdminEmail, DemoAccounts.Password));
        var console = await (await operatorClient.GetAsync("host")).Content.ReadAsStringAsync();
        Assert.Equal(expected.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Regex.Match(console, "data-testid=\"growth-bookings\" data-value=\"(\\d+)\"").Groups[1].Value);
        using var acme = await app.SignedInAsync("http://acme.localhost/", "admin@acme.test");
        var denied = await acme.GetAsync("host");
        Assert.NotEqual(HttpStatusCode.OK, denied.StatusCode);
    }
}
