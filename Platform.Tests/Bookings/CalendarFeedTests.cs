using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Access;
using Platform.Core.Bookings;
using Platform.Core.Common;
using Platform.Core.Errors;
using Platform.Core.Identity;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Data;
using Platform.Tests.Notifications;
using Platform.Tests.Support;

namespace Platform.Tests.Bookings;

/// <summary>
/// A member of staff's secret calendar feed over HTTP: their own bookings only, in a window around today, without the
/// customer's e-mail or phone; revoked, replaced, unknown and other tenants' tokens are 404; only staff make one.
/// </summary>
public abstract class CalendarFeedTests(PlatformAppFactory app)
{
    [Fact]
    public async Task The_feed_holds_the_providers_own_bookings_in_its_window_and_no_contact_details()
    {
        var sam = await SignedInAsync("acme", "sam@acme.test");
        var jo = await SignedInAsync("acme", "jo@acme.test");
        var now = DateTimeOffset.UtcNow;
        var soon = await BookAsync("acme", sam.Provider, now.AddDays(2));
        var pending = await BookAsync("acme", sam.Provider, now.AddDays(3), BookingStatus.Pending);
        var longAgo = await BookAsync("acme", sam.Provider, now.AddDays(-40));
        var farAhead = await BookAsync("acme", sam.Provider, now.AddDays(200));
        var cancelled = await BookAsync("acme", sam.Provider, now.AddDays(4), BookingStatus.Cancelled);
        var jos = await BookAsync("acme", jo.Provider, now.AddDays(2));

        var token = await CreateAsync("acme", sam.Actor);
        using var anonymous = app.CreateClientFor("http://acme.localhost/");
        var response = await anonymous.GetAsync($"calendar/feed/{token}.ics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl is { Private: true, MaxAge: not null }, $"Cache-Control: {response.Headers.CacheControl}");
        Assert.True(response.Headers.CacheControl!.MaxAge <= TimeSpan.FromMinutes(15));
        var feed = await response.Content.ReadAsStringAsync();
        Assert.Contains("BEGIN:VCALENDAR", feed, StringComparison.Ordinal);
        Assert.Contains($"UID:{soon.Id:D}", feed, StringComparison.Ordinal);
        Assert.Contains($"UID:{pending.Id:D}", feed, StringComparison.Ordinal);
        Assert.Contains("STATUS:TENTATIVE", feed, StringComparison.Ordinal);
        foreach (var absent in new[] { longAgo, farAhead, cancelled, jos })
        {
            Assert.DoesNotContain(absent.Id.ToString("D"), feed, StringComparison.Ordinal);
        }

        Assert.Contains("Feed Customer", feed, StringComparison.Ordinal);
        Assert.Contains("Session", feed, StringComparison.Ordinal);
        Assert.DoesNotContain(soon.Email, feed, StringComparison.OrdinalIgnoreCase);
        // The customer's phone number, whole: "555" alone also turns up in a booking's id now and then.
        Assert.DoesNotContain("+1 555 0100", feed, StringComparison.Ordinal);
        Assert.DoesNotContain("5550100", feed, StringComparison.Ordinal);

        // The path form of the tenant's address serves the same feed.
        using var root = app.CreateClientFor("http://localhost/");
        Assert.Equal(HttpStatusCode.OK, (await root.GetAsync($"t/acme/calendar/feed/{token}.ics")).StatusCode);
    }

    [Fact]
    public async Task A_revoked_or_replaced_token_and_unknown_tokens_are_404()
    {
        var jo = await SignedInAsync("acme", "jo@acme.test");
        using var anonymous = app.CreateClientFor("http://acme.localhost/");
        var first = await CreateAsync("acme", jo.Actor);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"calendar/feed/{first}.ics")).StatusCode);

        var second = await CreateAsync("acme", jo.Actor);
        Assert.NotEqual(first, second);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"calendar/feed/{first}.ics")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"calendar/feed/{second}.ics")).StatusCode);
        var status = await app.AsActorAsync("acme", jo.Actor, sp => sp.GetRequiredService<CalendarFeeds>().StatusAsync());
        Assert.True(status is { IsProvider: true, Since: not null });

        var revoked = await app.AsActorAsync("acme", jo.Actor, sp => sp.GetRequiredService<CalendarFeeds>().RevokeAsync());
        Assert.True(revoked is { Succeeded: true, Value: true });
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"calendar/feed/{second}.ics")).StatusCode);
        Assert.Null((await app.AsActorAsync("acme", jo.Actor, sp => sp.GetRequiredService<CalendarFeeds>().StatusAsync())).Since);

        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("calendar/feed/not-a-token.ics")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"calendar/feed/{new string('a', 500)}.ics")).StatusCode);

        // Only the token's hash is stored.
        var stored = await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().Set<CalendarFeed>().AsNoTracking().Select(f => f.TokenHash).ToListAsync());
        Assert.DoesNotContain(first, stored);
        Assert.DoesNotContain(second, stored);
    }

    [Fact]
    public async Task A_feed_stops_when_its_owner_loses_the_staff_role_and_comes_back_with_it()
    {
        var jo = await SignedInAsync("acme", "jo@acme.test");
        var token = await CreateAsync("acme", jo.Actor);
        using var anonymous = app.CreateClientFor("http://acme.localhost/");
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"calendar/feed/{token}.ics")).StatusCode);

        var removed = await app.InTenantAsync("acme", async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            var staff = await db.Roles.Where(r => r.Name == PlatformRoles.Staff).Select(r => r.Id).SingleAsync();
            var role = await db.UserRoles.SingleAsync(ur => ur.UserId == jo.Actor.UserId && ur.RoleId == staff);
            db.UserRoles.Remove(role);
            await db.SaveChangesAsync();
            return role;
        });
        try
        {
            Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"calendar/feed/{token}.ics")).StatusCode);
        }
        finally
        {
            await app.InTenantAsync("acme", async sp =>
            {
                var db = sp.GetRequiredService<PlatformDbContext>();
                db.UserRoles.Add(removed);
                return await db.SaveChangesAsync();
            });
        }

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"calendar/feed/{token}.ics")).StatusCode);
    }

    [Fact]
    public async Task A_token_never_opens_another_tenants_bookings()
    {
        var lena = await SignedInAsync("globex", "lena@globex.test");
        var sam = await SignedInAsync("acme", "sam@acme.test");
        var globexBooking = await BookAsync("globex", lena.Provider, DateTimeOffset.UtcNow.AddDays(5));
        var acmeBooking = await BookAsync("acme", sam.Provider, DateTimeOffset.UtcNow.AddDays(5).AddHours(3));
        var lenas = await CreateAsync("globex", lena.Actor);
        var sams = await CreateAsync("acme", sam.Actor);

        using var acme = app.CreateClientFor("http://acme.localhost/");
        using var globex = app.CreateClientFor("http://globex.localhost/");
        Assert.Equal(HttpStatusCode.NotFound, (await acme.GetAsync($"calendar/feed/{lenas}.ics")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await globex.GetAsync($"calendar/feed/{sams}.ics")).StatusCode);

        var lenasFeed = await globex.GetStringAsync($"calendar/feed/{lenas}.ics");
        Assert.Contains(globexBooking.Id.ToString("D"), lenasFeed, StringComparison.Ordinal);
        Assert.DoesNotContain(acmeBooking.Id.ToString("D"), lenasFeed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_staff_who_are_providers_make_a_feed()
    {
        var carla = Actor.Customer(await app.UserIdAsync("acme", "carla@example.com"));
        var manager = Actor.Manager(await app.UserIdAsync("acme", "manager@acme.test"));
        var key = Actor.Integration(Guid.NewGuid(), ["bookings:read", "bookings:write"]);
        foreach (var actor in new[] { carla, manager, key, Actor.Anonymous })
        {
            var refused = await app.AsActorAsync("acme", actor, sp => sp.GetRequiredService<CalendarFeeds>().CreateAsync());
            Assert.Equal(ErrorCodes.Forbidden, refused.Code);
            Assert.False((await app.AsActorAsync("acme", actor, sp => sp.GetRequiredService<CalendarFeeds>().StatusAsync())).IsProvider);
        }

        Assert.Equal(0, await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().Set<CalendarFeed>()
            .CountAsync(f => f.UserId == carla.UserId || f.UserId == manager.UserId)));

        // Nor does a customer reach the calendar page where staff make theirs.
        using var customer = await app.SignedInAsync("http://acme.localhost/", "carla@example.com");
        var page = await customer.GetAsync("app/calendar");
        Assert.NotEqual(HttpStatusCode.OK, page.StatusCode);
    }

    private async Task<(Actor Actor, Guid Provider)> SignedInAsync(string slug, string email)
    {
        var userId = await app.UserIdAsync(slug, email);
        var provider = await app.InTenantAsync(slug, sp => sp.GetRequiredService<PlatformDbContext>().Providers.Where(p => p.UserId == userId).Select(p => p.Id).SingleAsync());
        return (Actor.Staff(userId), provider);
    }

    private async Task<string> CreateAsync(string slug, Actor actor)
    {
        var outcome = await app.AsActorAsync(slug, actor, sp => sp.GetRequiredService<CalendarFeeds>().CreateAsync());
        Assert.True(outcome.Succeeded, string.Join(" ", outcome.Errors.Values.SelectMany(m => m)));
        return outcome.Value!;
    }

    private sealed record Booked(Guid Id, string Email);

    /// <summary>A booking of an hour for a new customer with an e-mail address and a phone, with its creation in its history.</summary>
    private Task<Booked> BookAsync(string slug, Guid providerId, DateTimeOffset start, BookingStatus status = BookingStatus.Confirmed) =>
        app.InTenantAsync(slug, async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            var service = new Service { Name = "Session", Price = new Money(50m, "USD") };
            service.Offerings.Add(new ServiceOffering { ServiceId = service.Id, ProviderId = providerId });
            var customer = new Customer { Name = "Feed Customer", Email = $"feed-{Guid.NewGuid():N}@example.com", Phone = "+1 555 0100", CreatedAt = DateTimeOffset.UtcNow };
            var booking = new Booking
            {
                ServiceId = service.Id,
                ProviderId = providerId,
                CustomerId = customer.Id,
                StartUtc = start,
                EndUtc = start.AddHours(1),
                OccupiedStartUtc = start,
                OccupiedEndUtc = start.AddHours(1),
                Status = status,
                Price = new Money(50m, "USD"),
                CreatedAt = DateTimeOffset.UtcNow,
            };
            booking.History.Add(new BookingChange { BookingId = booking.Id, Kind = BookingChangeKind.Created, At = booking.CreatedAt });
            db.AddRange(service, customer, booking);
            await db.SaveChangesAsync();
            return new Booked(booking.Id, customer.Email);
        });
}

public sealed class SqliteCalendarFeedTests(SqliteCalendarFeedTests.App app) : CalendarFeedTests(app), IClassFixture<SqliteCalendarFeedTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);
}

public sealed class PostgresCalendarFeedTests(PostgresCalendarFeedTests.App app) : CalendarFeedTests(app), IClassFixture<PostgresCalendarFeedTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Postgres);
}
