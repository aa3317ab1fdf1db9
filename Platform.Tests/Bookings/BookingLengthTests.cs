using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Access;
using Platform.Core.Bookings;
using Platform.Core.Common;
using Platform.Core.Errors;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Data;
using Platform.Tests.Notifications;
using Platform.Tests.Support;

namespace Platform.Tests.Bookings;

/// <summary>
/// The calendar's drop, as the ledger takes it: a move keeps the booking's length, staff may give it a new one within the
/// rules, and only for bookings they may move; over HTTP too, where staff reach their own calendar only.
/// </summary>
public abstract class BookingLengthTests(PlatformAppFactory app)
{
    private static readonly DateTimeOffset Ten = BookingTestData.Tomorrow.AddDays(4).AddHours(10);
    private static readonly Actor Manager = Actor.Manager(Guid.NewGuid());

    [Fact]
    public async Task A_manager_moves_a_booking_and_gives_it_a_new_length_and_a_later_move_keeps_that_length()
    {
        var seeded = await BookingTestData.SeedAsync(app);
        var id = (await As(Manager, l => l.PlaceAsync(new PlaceBooking(seeded.Service, seeded.Provider, seeded.Customer, Ten)))).Value!.Id;

        var longer = await As(Manager, l => l.RescheduleAsync(id, Ten.AddHours(2), TimeSpan.FromMinutes(90)));
        Assert.True(longer.Succeeded, string.Join(" ", longer.Errors.SelectMany(e => e.Value)));
        var saved = await LoadAsync(id);
        Assert.Equal((Ten.AddHours(2), Ten.AddHours(3.5)), (saved.StartUtc, saved.EndUtc));
        Assert.Equal((Ten.AddHours(2), Ten.AddHours(3.5)), (saved.OccupiedStartUtc, saved.OccupiedEndUtc));
        var change = Assert.Single(saved.History, c => c.Kind == BookingChangeKind.Rescheduled);
        Assert.Equal((Ten, Ten.AddHours(1)), (change.PreviousStartUtc!.Value, change.PreviousEndUtc!.Value));

        Assert.True((await As(Manager, l => l.RescheduleAsync(id, Ten.AddHours(5)))).Succeeded);
        saved = await LoadAsync(id);
        Assert.Equal((Ten.AddHours(5), TimeSpan.FromMinutes(90)), (saved.StartUtc, saved.Length));
    }

    [Fact]
    public async Task A_longer_booking_that_would_run_into_the_next_one_is_refused_and_nothing_changes()
    {
        var seeded = await BookingTestData.SeedAsync(app);
        var first = (await As(Manager, l => l.PlaceAsync(new PlaceBooking(seeded.Service, seeded.Provider, seeded.Customer, Ten)))).Value!.Id;
        await As(Manager, l => l.PlaceAsync(new PlaceBooking(seeded.Service, seeded.Provider, seeded.Customer, Ten.AddHours(1))));

        var refused = await As(Manager, l => l.RescheduleAsync(first, Ten, TimeSpan.FromMinutes(75)));
        Assert.Equal(ErrorCodes.SlotUnavailable, refused.Code);
        Assert.Equal((Ten, Ten.AddHours(1)), ((await LoadAsync(first)).StartUtc, (await LoadAsync(first)).EndUtc));
    }

    [Fact]
    public async Task A_length_outside_the_rules_is_refused_with_a_clear_message()
    {
        var seeded = await BookingTestData.SeedAsync(app);
        var id = (await As(Manager, l => l.PlaceAsync(new PlaceBooking(seeded.Service, seeded.Provider, seeded.Customer, Ten)))).Value!.Id;

        foreach (var minutes in new[] { 0, -15, 3, 47, 12 * 60 + 5 })
        {
            var refused = await As(Manager, l => l.RescheduleAsync(id, Ten, TimeSpan.FromMinutes(minutes)));
            Assert.Equal(ErrorCodes.ValidationFailed, refused.Code);
            Assert.Contains("Length", refused.Errors.Keys);
        }

        Assert.Equal(TimeSpan.FromHours(1), (await LoadAsync(id)).Length);
        Assert.Single((await LoadAsync(id)).History);
    }

    [Fact]
    public async Task Staff_change_the_length_of_their_own_bookings_only_and_customers_not_at_all()
    {
        var others = await BookingTestData.SeedAsync(app);
        var own = await BookingTestData.SeedAsync(app);
        var staffUser = Guid.NewGuid();
        await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().Providers
            .Where(p => p.Id == own.Provider).ExecuteUpdateAsync(u => u.SetProperty(p => p.UserId, staffUser)));
        var theirs = (await As(Manager, l => l.PlaceAsync(new PlaceBooking(others.Service, others.Provider, others.Customer, Ten)))).Value!.Id;
        var mine = (await As(Manager, l => l.PlaceAsync(new PlaceBooking(own.Service, own.Provider, own.Customer, Ten)))).Value!.Id;
        var staff = Actor.Staff(staffUser);

        Assert.Equal(ErrorCodes.NotFound, (await As(staff, l => l.RescheduleAsync(theirs, Ten.AddHours(1), TimeSpan.FromMinutes(30)))).Code);
        Assert.Equal(ErrorCodes.NotFound, (await As(staff, l => l.RescheduleAsync(theirs, Ten.AddHours(1)))).Code);
        Assert.Equal((Ten, TimeSpan.FromHours(1)), ((await LoadAsync(theirs)).StartUtc, (await LoadAsync(theirs)).Length));

        Assert.True((await As(staff, l => l.RescheduleAsync(mine, Ten, TimeSpan.FromMinutes(30)))).Succeeded);
        Assert.Equal(TimeSpan.FromMinutes(30), (await LoadAsync(mine)).Length);

        // The customer who booked may move it (within the window) but not change its length.
        var booking = await LoadAsync(mine);
        var customer = new BookingParty(Actor.Customer(Guid.NewGuid()), ProvidesIt: false, BookedIt: true);
        Assert.Equal(ErrorCodes.Forbidden, booking.CheckLength(customer, TimeSpan.FromMinutes(45))?.Code);
        Assert.Null(booking.CheckLength(customer, booking.Length));
    }

    [Fact]
    public async Task Over_http_staff_cannot_move_or_resize_another_providers_booking_and_can_resize_their_own()
    {
        var others = await BookingTestData.SeedAsync(app);
        var own = await BookingTestData.SeedAsync(app);
        var sam = await app.UserIdAsync("acme", "sam@acme.test");
        await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().Providers
            .Where(p => p.Id == own.Provider).ExecuteUpdateAsync(u => u.SetProperty(p => p.UserId, sam)));
        var theirs = (await As(Manager, l => l.PlaceAsync(new PlaceBooking(others.Service, others.Provider, others.Customer, Ten.AddHours(1))))).Value!.Id;
        var mine = (await As(Manager, l => l.PlaceAsync(new PlaceBooking(own.Service, own.Provider, own.Customer, Ten.AddHours(1))))).Value!.Id;
        using var staff = await app.SignedInAsync("http://acme.localhost/", "sam@acme.test");

        await ExpectAsync(staff.PostAsJsonAsync($"api/v1/bookings/{theirs}/reschedule", new { start = Ten.AddHours(3), end = Ten.AddHours(3.5) }), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await ExpectAsync(staff.PostAsJsonAsync($"api/v1/bookings/{theirs}/reschedule", new { start = Ten.AddHours(3) }), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        Assert.Equal((Ten.AddHours(1), Ten.AddHours(2)), ((await LoadAsync(theirs)).StartUtc, (await LoadAsync(theirs)).EndUtc));

        await ExpectAsync(staff.PostAsJsonAsync($"api/v1/bookings/{mine}/reschedule", new { start = Ten.AddHours(3), end = Ten.AddHours(2) }), HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await ExpectAsync(staff.PostAsJsonAsync($"api/v1/bookings/{mine}/reschedule", new { start = Ten.AddHours(3), end = Ten.AddHours(3).AddMinutes(7) }), HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        var resized = await staff.PostAsJsonAsync($"api/v1/bookings/{mine}/reschedule", new { start = Ten.AddHours(3), end = Ten.AddHours(3.75) });
        Assert.Equal(HttpStatusCode.OK, resized.StatusCode);
        Assert.Equal((Ten.AddHours(3), Ten.AddHours(3.75)), ((await LoadAsync(mine)).StartUtc, (await LoadAsync(mine)).EndUtc));

        // Another tenant's manager does not reach it either.
        using var globex = await app.SignedInAsync("http://globex.localhost/", "manager@globex.test");
        await ExpectAsync(globex.PostAsJsonAsync($"api/v1/bookings/{mine}/reschedule", new { start = Ten.AddHours(5), end = Ten.AddHours(6) }), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        Assert.Equal(Ten.AddHours(3), (await LoadAsync(mine)).StartUtc);
    }

    private Task<Outcome<Booking>> As(Actor actor, Func<BookingLedger, Task<Outcome<Booking>>> work) =>
        app.AsActorAsync("acme", actor, sp => work(sp.GetRequiredService<BookingLedger>()));

    private Task<Booking> LoadAsync(Guid id) =>
        app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().Bookings.AsNoTracking().Include(b => b.History).SingleAsync(b => b.Id == id));

    private static async Task ExpectAsync(Task<HttpResponseMessage> call, HttpStatusCode status, string code)
    {
        var response = await call;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal(code, JsonDocument.Parse(body).RootElement.GetProperty("code").GetString());
    }
}

public sealed class SqliteBookingLengthTests(SqliteBookingLengthTests.App app) : BookingLengthTests(app), IClassFixture<SqliteBookingLengthTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);
}

public sealed class PostgresBookingLengthTests(PostgresBookingLengthTests.App app) : BookingLengthTests(app), IClassFixture<PostgresBookingLengthTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Postgres);
}
