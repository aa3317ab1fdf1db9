using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Access;
using Platform.Core.Bookings;
using Platform.Core.Common;
using Platform.Infrastructure.Bookings;
using Platform.Tests.Support;

namespace Platform.Tests.Bookings;

public class StaffCalendarTests(StaffCalendarTests.App app) : IClassFixture<StaffCalendarTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);

    // Monday 11 January 2027: no clock change in New York (acme's zone) that week.
    private static readonly DateOnly Monday = new(2027, 1, 11);
    private static readonly TimeSpan NewYork = TimeSpan.FromHours(-5);
    private static readonly Actor Manager = Actor.Manager(Guid.NewGuid());

    [Fact]
    public async Task A_day_is_the_tenants_local_day_and_a_week_is_seven_of_them()
    {
        var s = await SeedProvidersAsync("acme");
        var lateMonday = await BookAsync("acme", s.ProviderA, s, new DateTimeOffset(2027, 1, 11, 23, 0, 0, NewYork));
        var earlyTuesday = await BookAsync("acme", s.ProviderA, s, new DateTimeOffset(2027, 1, 12, 0, 30, 0, NewYork));
        var sunday = await BookAsync("acme", s.ProviderA, s, new DateTimeOffset(2027, 1, 17, 20, 0, 0, NewYork));
        var nextMonday = await BookAsync("acme", s.ProviderA, s, new DateTimeOffset(2027, 1, 18, 8, 0, 0, NewYork));

        var day = await QueryAsync("acme", new CalendarQuery(Monday, 1, s.ProviderA), Manager);
        Assert.Equal([lateMonday], day.Bookings.Select(b => b.Id));
        Assert.Equal(new DateTimeOffset(2027, 1, 11, 5, 0, 0, TimeSpan.Zero), day.FromUtc);

        var week = await QueryAsync("acme", new CalendarQuery(Monday, 7, s.ProviderA), Manager);
        Assert.Equal([lateMonday, earlyTuesday, sunday], week.Bookings.Select(b => b.Id));
        Assert.DoesNotContain(nextMonday, week.Bookings.Select(b => b.Id));
    }

    [Fact]
    public async Task The_team_shows_every_provider_and_a_provider_only_their_own_with_names_and_price()
    {
        var s = await SeedProvidersAsync("acme");
        var a = await BookAsync("acme", s.ProviderA, s, new DateTimeOffset(2027, 1, 13, 10, 0, 0, NewYork));
        var b = await BookAsync("acme", s.ProviderB, s, new DateTimeOffset(2027, 1, 13, 11, 0, 0, NewYork));

        var team = await QueryAsync("acme", new CalendarQuery(Monday.AddDays(2), 1, null), Manager);
        Assert.Contains(a, team.Bookings.Select(x => x.Id));
        Assert.Contains(b, team.Bookings.Select(x => x.Id));
        Assert.Equal("America/New_York", team.TimeZone);

        var one = await QueryAsync("acme", new CalendarQuery(Monday.AddDays(2), 1, s.ProviderB), Manager);
        var only = Assert.Single(one.Bookings);
        Assert.Equal(b, only.Id);
        Assert.Equal("Calendar session", only.ServiceName);
        Assert.Equal("Casey Caller", only.CustomerName);
        Assert.Equal(new Money(60m, "USD"), only.Price);
        Assert.Equal(BookingStatus.Confirmed, only.Status);
    }

    [Fact]
    public async Task Staff_see_only_the_bookings_and_provider_that_are_theirs()
    {
        var s = await SeedProvidersAsync("acme");
        var mine = await BookAsync("acme", s.ProviderA, s, new DateTimeOffset(2027, 1, 14, 10, 0, 0, NewYork));
        var theirs = await BookAsync("acme", s.ProviderB, s, new DateTimeOffset(2027, 1, 14, 11, 0, 0, NewYork));
        var staff = Actor.Staff(s.StaffUser);

        var team = await QueryAsync("acme", new CalendarQuery(Monday.AddDays(3), 1, null), staff);
        Assert.Equal([mine], team.Bookings.Select(b => b.Id));
        var other = await QueryAsync("acme", new CalendarQuery(Monday.AddDays(3), 1, s.ProviderB), staff);
        Assert.Empty(other.Bookings);

        var providers = await app.AsActorAsync("acme", staff, sp => sp.GetRequiredService<StaffCalendar>().ProvidersAsync());
        Assert.Equal([s.ProviderA], providers.Select(p => p.Id));
        Assert.Null(await app.AsActorAsync("acme", staff, sp => sp.GetRequiredService<StaffCalendar>().DetailsAsync(theirs)));
        Assert.NotNull(await app.AsActorAsync("acme", staff, sp => sp.GetRequiredService<StaffCalendar>().DetailsAsync(mine)));
    }

    [Fact]
    public async Task Cancelled_and_rejected_bookings_are_left_out_unless_asked_for()
    {
        var s = await SeedProvidersAsync("acme");
        var kept = await BookAsync("acme", s.ProviderA, s, new DateTimeOffset(2027, 1, 15, 9, 0, 0, NewYork));
        var cancelled = await BookAsync("acme", s.ProviderA, s, new DateTimeOffset(2027, 1, 15, 10, 0, 0, NewYork), BookingStatus.Cancelled);
        var rejected = await BookAsync("acme", s.ProviderA, s, new DateTimeOffset(2027, 1, 15, 11, 0, 0, NewYork), BookingStatus.Rejected);

        var plain = await QueryAsync("acme", new CalendarQuery(Monday.AddDays(4), 1, s.ProviderA), Manager);
        Assert.Equal([kept], plain.Bookings.Select(b => b.Id));
        var all = await QueryAsync("acme", new CalendarQuery(Monday.AddDays(4), 1, s.ProviderA, IncludeCancelled: true), Manager);
        Assert.Equal([kept, cancelled, rejected], all.Bookings.Select(b => b.Id));
    }

    private Task<CalendarView> QueryAsync(string tenant, CalendarQuery query, Actor viewer) => CalendarTestData.QueryAsync(app, tenant, query, viewer);

    private Task<CalendarSeed> SeedProvidersAsync(string tenant) => CalendarTestData.SeedAsync(app, tenant);

    private Task<Guid> BookAsync(string tenant, Guid provider, CalendarSeed s, DateTimeOffset start, BookingStatus status = BookingStatus.Confirmed) =>
        CalendarTestData.BookAsync(app, tenant, provider, s, start, status);
}
