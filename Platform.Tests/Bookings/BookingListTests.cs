using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Access;
using Platform.Core.Bookings;
using Platform.Core.Common;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Data;
using Platform.Tests.Support;

namespace Platform.Tests.Bookings;

/// <summary>The staff bookings list: filters, order, paging in the database, and who sees what.</summary>
public class BookingListTests(BookingListTests.App app) : IClassFixture<BookingListTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);

    private static readonly TimeSpan NewYork = TimeSpan.FromHours(-5);
    private static readonly DateTimeOffset Now = new(2027, 1, 13, 12, 0, 0, NewYork);

    [Fact]
    public async Task Upcoming_is_soonest_first_past_is_latest_first_and_pages_add_up()
    {
        var s = await CalendarTestData.SeedAsync(app, "acme");
        var past = new[] { -50, -26, -2 }.Select(h => Book(s, s.ProviderA, Now.AddHours(h))).ToArray();
        var upcoming = new[] { 1, 3, 25, 49, 73 }.Select(h => Book(s, s.ProviderA, Now.AddHours(h))).ToArray();
        var ids = await Task.WhenAll(past.Concat(upcoming));
        var (pastIds, upcomingIds) = (ids[..3], ids[3..]);

        var first = await ListAsync("acme", new(BookingListScope.Upcoming, null, s.ProviderA, null), 1, 2, CalendarTestData.Manager);
        var second = await ListAsync("acme", new(BookingListScope.Upcoming, null, s.ProviderA, null), 2, 2, CalendarTestData.Manager);
        var third = await ListAsync("acme", new(BookingListScope.Upcoming, null, s.ProviderA, null), 3, 2, CalendarTestData.Manager);
        Assert.Equal(5, first.Total);
        Assert.Equal(upcomingIds, first.Items.Concat(second.Items).Concat(third.Items).Select(b => b.Id));
        Assert.Equal("America/New_York", first.TimeZone);

        var pastPage = await ListAsync("acme", new(BookingListScope.Past, null, s.ProviderA, null), 1, 10, CalendarTestData.Manager);
        Assert.Equal(pastIds.Reverse(), pastPage.Items.Select(b => b.Id));
        var all = await ListAsync("acme", new(BookingListScope.All, null, s.ProviderA, null), 1, 100, CalendarTestData.Manager);
        Assert.Equal(8, all.Total);
        Assert.Equal(ids.Reverse(), all.Items.Select(b => b.Id));
    }

    [Fact]
    public async Task Status_and_customer_search_narrow_the_list()
    {
        var s = await CalendarTestData.SeedAsync(app, "acme");
        var unique = "Quincy " + Guid.NewGuid().ToString("N")[..8];
        var quincy = await app.InTenantAsync("acme", async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            var customer = new Customer { Name = unique, Email = $"{unique.Replace(' ', '.').ToLowerInvariant()}@example.com", CreatedAt = DateTimeOffset.UtcNow };
            db.Customers.Add(customer);
            await db.SaveChangesAsync();
            return customer.Id;
        });
        var confirmed = await Book(s, s.ProviderB, Now.AddHours(5));
        var cancelled = await CalendarTestData.BookAsync(app, "acme", s.ProviderB, s, Now.AddHours(7), BookingStatus.Cancelled);
        var quincys = await CalendarTestData.BookAsync(app, "acme", s.ProviderB, s with { Customer = quincy }, Now.AddHours(9));

        var onlyCancelled = await ListAsync("acme", new(BookingListScope.All, BookingStatus.Cancelled, s.ProviderB, null), 1, 25, CalendarTestData.Manager);
        Assert.Equal([cancelled], onlyCancelled.Items.Select(b => b.Id));

        var byName = await ListAsync("acme", new(BookingListScope.All, null, null, unique.ToUpperInvariant()[..10]), 1, 25, CalendarTestData.Manager);
        Assert.Equal([quincys], byName.Items.Select(b => b.Id));
        var byEmail = await ListAsync("acme", new(BookingListScope.All, null, null, "  " + unique.Split(' ')[1] + "@"), 1, 25, CalendarTestData.Manager);
        Assert.Equal([quincys], byEmail.Items.Select(b => b.Id));
        Assert.DoesNotContain(confirmed, byName.Items.Select(b => b.Id));
    }

    [Fact]
    public async Task Staff_list_their_own_calendar_and_no_tenant_lists_anothers()
    {
        var acme = await CalendarTestData.SeedAsync(app, "acme");
        var globex = await CalendarTestData.SeedAsync(app, "globex");
        var mine = await Book(acme, acme.ProviderA, Now.AddDays(30));
        var colleagues = await Book(acme, acme.ProviderB, Now.AddDays(30).AddHours(1));
        var foreign = await CalendarTestData.BookAsync(app, "globex", globex.ProviderA, globex, Now.AddDays(30));

        var staff = Actor.Staff(acme.StaffUser);
        var own = await ListAsync("acme", new(BookingListScope.All, null, null, null), 1, 100, staff);
        Assert.Equal([mine], own.Items.Select(b => b.Id));
        var asked = await ListAsync("acme", new(BookingListScope.All, null, acme.ProviderB, null), 1, 100, staff);
        Assert.Empty(asked.Items);

        var manager = await ListAsync("acme", new(BookingListScope.All, null, null, null), 1, 100, CalendarTestData.Manager);
        Assert.Contains(colleagues, manager.Items.Select(b => b.Id));
        Assert.DoesNotContain(foreign, manager.Items.Select(b => b.Id));
        var globexProvider = await ListAsync("acme", new(BookingListScope.All, null, globex.ProviderA, null), 1, 100, CalendarTestData.Manager);
        Assert.Equal(0, globexProvider.Total);

        // Globex's own staff, signed in as its provider, do see it.
        var globexStaff = await ListAsync("globex", new(BookingListScope.All, null, null, null), 1, 100, Actor.Staff(globex.StaffUser));
        Assert.Equal([foreign], globexStaff.Items.Select(b => b.Id));
    }

    private Task<Guid> Book(CalendarSeed s, Guid provider, DateTimeOffset start) => CalendarTestData.BookAsync(app, "acme", provider, s, start);

    private async Task<(IReadOnlyList<CalendarBooking> Items, int Total, string TimeZone)> ListAsync(string tenant, BookingListQuery query, int page, int size, Actor viewer)
    {
        var list = await app.AsActorAsync(tenant, viewer, sp => sp.GetRequiredService<StaffCalendar>().ListAsync(query, PageRequest.Of(page, size), Now));
        return (list.Page.Items, list.Page.Total, list.TimeZone);
    }
}
