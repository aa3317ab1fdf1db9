using Microsoft.Extensions.DependencyInjection;
using Platform.Infrastructure.Bookings;
using Platform.Tests.Support;

namespace Platform.Tests.Bookings;

public abstract class CalendarIsolationTests(PlatformAppFactory app)
{
    private static readonly DateOnly Monday = new(2027, 1, 11);

    [Fact]
    public async Task Acme_never_sees_globex_bookings()
    {
        var g = await CalendarTestData.SeedAsync(app, "globex");
        var globex = await CalendarTestData.BookAsync(app, "globex", g.ProviderA, g, new DateTimeOffset(2027, 1, 12, 15, 0, 0, TimeSpan.Zero));

        var acme = await CalendarTestData.QueryAsync(app, "acme", new CalendarQuery(Monday, 7, null, IncludeCancelled: true), CalendarTestData.Manager);
        Assert.DoesNotContain(globex, acme.Bookings.Select(b => b.Id));
        var acmeOfGlobexProvider = await CalendarTestData.QueryAsync(app, "acme", new CalendarQuery(Monday, 7, g.ProviderA), CalendarTestData.Manager);
        Assert.Empty(acmeOfGlobexProvider.Bookings);
        Assert.Null(await app.AsActorAsync("acme", CalendarTestData.Manager, sp => sp.GetRequiredService<StaffCalendar>().DetailsAsync(globex)));

        var own = await CalendarTestData.QueryAsync(app, "globex", new CalendarQuery(Monday, 7, g.ProviderA), CalendarTestData.Manager);
        Assert.Equal([globex], own.Bookings.Select(b => b.Id));
    }
}

public sealed class CalendarIsolationOnSqliteTests(CalendarIsolationOnSqliteTests.App app)
    : CalendarIsolationTests(app), IClassFixture<CalendarIsolationOnSqliteTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);
}

public sealed class CalendarIsolationOnPostgresTests(CalendarIsolationOnPostgresTests.App app)
    : CalendarIsolationTests(app), IClassFixture<CalendarIsolationOnPostgresTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Postgres);
}
