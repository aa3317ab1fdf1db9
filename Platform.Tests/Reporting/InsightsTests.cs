using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Access;
using Platform.Core.Bookings;
using Platform.Core.Common;
using Platform.Core.Errors;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Reporting;
using Platform.Tests.Bookings;
using Platform.Tests.Notifications;
using Platform.Tests.Support;

namespace Platform.Tests.Reporting;

/// <summary>
/// The insights dashboard's figures (issue 15, first part): equal to a direct count over the bookings table for a range
/// across a clock change, with the period before; staff get their own calendar's figures; a bad range is refused; and
/// over HTTP a manager sees the business's figures, another business sees none of them, and a customer is refused.
/// </summary>
public sealed class InsightsTests(InsightsTests.App app) : IClassFixture<InsightsTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);

    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    /// <summary>March 2031 in New York: the clocks go forward on the 9th.</summary>
    private static readonly InsightsQuery March = new(new DateOnly(2031, 3, 1), new DateOnly(2031, 3, 14));

    private static DateTimeOffset Utc(DateOnly day, int hour) =>
        new(TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(new TimeOnly(hour, 0)), NewYork), TimeSpan.Zero);

    /// <summary>Bookings of acme around March 2031 (some in the period before, some just outside), a few on Sam's calendar, and globex's own.</summary>
    private async Task<Guid> SeedAsync()
    {
        var sam = await app.InTenantAsync("acme", async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            var user = await db.Users.Where(u => u.Email == "sam@acme.test").Select(u => u.Id).SingleAsync();
            return await db.Providers.Where(p => p.UserId == user).Select(p => p.Id).SingleAsync();
        });
        var acme = await BookingTestData.SeedAsync(app);
        var globex = await BookingTestData.SeedAsync(app, slug: "globex");
        var random = new Random(20310309);
        var statuses = Enum.GetValues<BookingStatus>();
        async Task AddAsync(string slug, SeededBooking seeded, Guid provider, int count)
        {
            await app.InTenantAsync(slug, async sp =>
            {
                var db = sp.GetRequiredService<PlatformDbContext>();
                for (var i = 0; i < count; i++)
                {
                    // From 16 days before the range to 2 days after it, at any hour: the edges and the clock change included.
                    var day = March.From.AddDays(random.Next(-16, March.Days + 2));
                    var booking = BookingTestData.Confirmed(seeded with { Provider = provider }, Utc(day, random.Next(0, 24)));
                    booking.Status = statuses[random.Next(statuses.Length)];
                    db.Bookings.Add(booking);
                }

                await db.SaveChangesAsync();
                return 0;
            });
        }

        await AddAsync("acme", acme, acme.Provider, 120);
        await AddAsync("acme", acme, sam, 30);
        await AddAsync("globex", globex, globex.Provider, 40);
        return sam;
    }

    /// <summary>The figures straight from the table: bookings starting in the local days, not rejected.</summary>
    private Task<(int Bookings, int Completed, int Cancelled, int NoShows, decimal Revenue)> CountAsync(string slug, InsightsQuery range, Guid? provider = null) =>
        app.InTenantAsync(slug, async sp =>
        {
            var from = Utc(range.From, 0);
            var to = Utc(range.To.AddDays(1), 0);
            var rows = await sp.GetRequiredService<PlatformDbContext>().Bookings.AsNoTracking()
                .Where(b => b.StartUtc >= from && b.StartUtc < to && b.Status != BookingStatus.Rejected && (provider == null || b.ProviderId == provider))
                .Select(b => new { b.Status, b.Price.Amount }).ToListAsync();
            return (rows.Count, rows.Count(r => r.Status == BookingStatus.Completed), rows.Count(r => r.Status == BookingStatus.Cancelled),
                rows.Count(r => r.Status == BookingStatus.NoShow),
                rows.Where(r => r.Status is BookingStatus.Pending or BookingStatus.Confirmed or BookingStatus.Completed).Sum(r => r.Amount));
        });

    private static (int, int, int, int, decimal) Of(InsightsFigures f) =>
        (f.Bookings, f.Completed, f.Cancelled, f.NoShows, f.Revenue.SingleOrDefault(m => m.Currency == "USD")?.Amount ?? 0m);

    private Task<Outcome<InsightsView>> ReadAsync(string slug, Actor actor, InsightsQuery query) =>
        app.AsActorAsync(slug, actor, sp => sp.GetRequiredService<Insights>().ReadAsync(query));

    [Fact]
    public async Task The_figures_equal_a_direct_count_across_a_clock_change_and_staff_get_their_own()
    {
        var sam = await SeedAsync();
        var manager = Actor.Manager(await app.UserIdAsync("acme", "manager@acme.test"));

        var view = (await ReadAsync("acme", manager, March)).Value!;
        Assert.False(view.OwnOnly);
        Assert.Equal(await CountAsync("acme", March), Of(view.Current));
        Assert.Equal(await CountAsync("acme", March.Previous), Of(view.Previous));
        Assert.Equal(14, view.PerDay.Count);
        Assert.Equal(view.Current.Bookings - view.Current.Cancelled, view.PerDay.Sum(d => d.Bookings));
        Assert.Equal(view.PerDay.Sum(d => d.Bookings), view.PerService.Sum(s => s.Bookings));

        // Sam (staff) sees his own calendar's figures only.
        var own = (await ReadAsync("acme", Actor.Staff(await app.UserIdAsync("acme", "sam@acme.test")), March)).Value!;
        Assert.True(own.OwnOnly);
        Assert.Equal(await CountAsync("acme", March, sam), Of(own.Current));
        Assert.True(own.Current.Bookings < view.Current.Bookings);

        // Globex's manager sees globex's bookings, none of acme's.
        var globex = (await ReadAsync("globex", Actor.Manager(await app.UserIdAsync("globex", "manager@globex.test")), March)).Value!;
        Assert.Equal((await CountAsync("globex", March)).Bookings, globex.Current.Bookings);
    }

    [Fact]
    public async Task A_bad_range_is_refused_and_someone_outside_the_team_gets_nothing()
    {
        var manager = Actor.Manager(await app.UserIdAsync("acme", "manager@acme.test"));
        var backwards = await ReadAsync("acme", manager, new InsightsQuery(March.To, March.From));
        Assert.False(backwards.Succeeded);
        Assert.Contains("The end of the range is before its start.", backwards.Errors["To"]);
        Assert.False((await ReadAsync("acme", manager, new InsightsQuery(March.From, March.From.AddDays(InsightsQuery.MaxDays)))).Succeeded);
        Assert.True((await ReadAsync("acme", manager, new InsightsQuery(March.From, March.From.AddDays(InsightsQuery.MaxDays - 1)))).Succeeded);

        var customer = Actor.Customer(await app.UserIdAsync("acme", "carla@example.com"));
        Assert.Equal(ErrorCodes.Forbidden, (await ReadAsync("acme", customer, March)).Code);
    }

    [Fact]
    public async Task Over_http_a_manager_sees_the_business_figures_another_business_none_of_them_and_a_customer_is_refused()
    {
        await SeedAsync();
        var expected = await CountAsync("acme", March);
        var path = "app/insights?from=2031-03-01&to=2031-03-14";

        using var manager = await app.SignedInAsync("http://acme.localhost/", "manager@acme.test");
        var page = await manager.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(expected.Bookings.ToString(System.Globalization.CultureInfo.InvariantCulture), Figure(await page.Content.ReadAsStringAsync(), "kpi-bookings"));

        using var other = await app.SignedInAsync("http://globex.localhost/", "manager@globex.test");
        var theirs = await other.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, theirs.StatusCode);
        Assert.Equal((await CountAsync("globex", March)).Bookings.ToString(System.Globalization.CultureInfo.InvariantCulture), Figure(await theirs.Content.ReadAsStringAsync(), "kpi-bookings"));

        var bad = await manager.GetAsync("app/insights?from=2031-03-14&to=2031-03-01");
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("The end of the range is before its start.", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var customer = await app.SignedInAsync("http://acme.localhost/", "carla@example.com");
        var refused = await customer.GetAsync(path);
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        Assert.DoesNotContain("kpi-bookings", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>The value a figure's card carries in the page as served.</summary>
    private static string Figure(string html, string testId) =>
        Regex.Match(html, $"data-testid=\"{testId}\" data-value=\"(\\d+)\"") is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException($"no {testId} in the page");
}
