using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Access;
using Platform.Core.Bookings;
using Platform.Core.Errors;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Data;
using Platform.Tests.Support;

namespace Platform.Tests.Bookings;

public class BookingLedgerTests(BookingLedgerTests.App app) : IClassFixture<BookingLedgerTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);

    private static readonly DateTimeOffset Ten = BookingTestData.Tomorrow.AddDays(2).AddHours(10);

    [Fact]
    public async Task A_service_that_needs_approval_books_as_pending_and_the_manager_confirms_it()
    {
        var seeded = await BookingTestData.SeedAsync(app, requiresApproval: true);
        var placed = await Ledger(l => l.PlaceAsync(new PlaceBooking(seeded.Service, seeded.Provider, seeded.Customer, Ten)));
        Assert.Equal(BookingStatus.Pending, placed.Value!.Status);

        var confirmed = await Ledger(l => l.ChangeAsync(placed.Value.Id, BookingAction.Confirm, null));
        Assert.Equal(BookingStatus.Confirmed, confirmed.Value!.Status);

        var again = await Ledger(l => l.ChangeAsync(placed.Value.Id, BookingAction.Confirm, null));
        Assert.Equal(ErrorCodes.InvalidTransition, again.Code);
        var history = await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().BookingChanges
            .Where(c => c.BookingId == placed.Value.Id).OrderBy(c => c.At).Select(c => c.Kind).ToListAsync());
        Assert.Equal([BookingChangeKind.Created, BookingChangeKind.Confirmed], history);
    }

    [Fact]
    public async Task A_cancelled_booking_frees_its_slot()
    {
        var seeded = await BookingTestData.SeedAsync(app);
        var placed = await Ledger(l => l.PlaceAsync(new PlaceBooking(seeded.Service, seeded.Provider, seeded.Customer, Ten)));
        Assert.DoesNotContain(await SlotsAsync(seeded), s => s.Start == Ten);

        var cancelled = await Ledger(l => l.ChangeAsync(placed.Value!.Id, BookingAction.Cancel, "Feeling better"));
        Assert.True(cancelled.Succeeded);
        Assert.Contains(await SlotsAsync(seeded), s => s.Start == Ten);
        Assert.True((await Ledger(l => l.PlaceAsync(new PlaceBooking(seeded.Service, seeded.Provider, seeded.Customer, Ten)))).Succeeded);
    }

    [Fact]
    public async Task Rescheduling_onto_a_taken_time_is_refused_and_onto_a_free_one_moves_the_booking()
    {
        var seeded = await BookingTestData.SeedAsync(app);
        var first = await Ledger(l => l.PlaceAsync(new PlaceBooking(seeded.Service, seeded.Provider, seeded.Customer, Ten)));
        var second = await Ledger(l => l.PlaceAsync(new PlaceBooking(seeded.Service, seeded.Provider, seeded.Customer, Ten.AddHours(2))));

        var clash = await Ledger(l => l.RescheduleAsync(second.Value!.Id, Ten.AddMinutes(30)));
        Assert.Equal(ErrorCodes.SlotUnavailable, clash.Code);

        var moved = await Ledger(l => l.RescheduleAsync(second.Value!.Id, Ten.AddHours(4)));
        Assert.Equal(Ten.AddHours(4), moved.Value!.StartUtc);
        Assert.Contains(await SlotsAsync(seeded), s => s.Start == Ten.AddHours(2));

        // Moving a booking onto its own current time is fine: it does not clash with itself.
        Assert.True((await Ledger(l => l.RescheduleAsync(first.Value!.Id, Ten.AddMinutes(5)))).Succeeded);
    }

    [Fact]
    public async Task A_customer_cannot_cancel_or_reschedule_inside_the_cancellation_window()
    {
        var seeded = await BookingTestData.SeedAsync(app, cancellationWindowHours: 24 * 30);
        var placed = await Ledger(l => l.PlaceAsync(new PlaceBooking(seeded.Service, seeded.Provider, seeded.Customer, Ten)));

        var token = await app.InTenantAsync("acme", sp => Task.FromResult(sp.GetRequiredService<BookingLinks>().TokenFor(placed.Value!)));
        var cancel = await As(Actor.Anonymous, l => l.ChangeByLinkAsync(token, BookingAction.Cancel, "Can't come"));
        var reschedule = await As(Actor.Anonymous, l => l.RescheduleByLinkAsync(token, Ten.AddHours(3)));
        var confirm = await As(Actor.Anonymous, l => l.ChangeByLinkAsync(token, BookingAction.Confirm, null));

        Assert.Equal(ErrorCodes.OutsideCancellationWindow, cancel.Code);
        Assert.Equal(ErrorCodes.OutsideCancellationWindow, reschedule.Code);
        Assert.Equal(ErrorCodes.Forbidden, confirm.Code);
        Assert.True((await Ledger(l => l.ChangeAsync(placed.Value!.Id, BookingAction.Cancel, "Clinic closed"))).Succeeded);
    }

    [Fact]
    public async Task Staff_change_only_their_own_calendar_and_cannot_approve()
    {
        var seeded = await BookingTestData.SeedAsync(app, requiresApproval: true);
        var providerUser = Guid.NewGuid();
        await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().Providers
            .Where(p => p.Id == seeded.Provider).ExecuteUpdateAsync(u => u.SetProperty(p => p.UserId, providerUser)));
        var placed = await Ledger(l => l.PlaceAsync(new PlaceBooking(seeded.Service, seeded.Provider, seeded.Customer, Ten)));

        var ownConfirm = await As(Actor.Staff(providerUser), l => l.ChangeAsync(placed.Value!.Id, BookingAction.Confirm, null));
        var ownReject = await As(Actor.Staff(providerUser), l => l.ChangeAsync(placed.Value!.Id, BookingAction.Reject, "Fully booked"));
        var otherCancel = await As(Actor.Staff(Guid.NewGuid()), l => l.ChangeAsync(placed.Value!.Id, BookingAction.Cancel, "Not mine"));
        var otherMove = await As(Actor.Staff(Guid.NewGuid()), l => l.RescheduleAsync(placed.Value!.Id, Ten.AddHours(3)));

        Assert.Equal(ErrorCodes.Forbidden, ownConfirm.Code);
        Assert.Equal(ErrorCodes.Forbidden, ownReject.Code);
        Assert.Equal(ErrorCodes.NotFound, otherCancel.Code);
        Assert.Equal(ErrorCodes.NotFound, otherMove.Code);
        var unchanged = await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().Bookings.AsNoTracking().SingleAsync(b => b.Id == placed.Value!.Id));
        Assert.Equal((BookingStatus.Pending, Ten), (unchanged.Status, unchanged.StartUtc));

        Assert.True((await As(Actor.Staff(providerUser), l => l.RescheduleAsync(placed.Value!.Id, Ten.AddHours(3)))).Succeeded);
        Assert.True((await As(Actor.Manager(Guid.NewGuid()), l => l.ChangeAsync(placed.Value!.Id, BookingAction.Confirm, null))).Succeeded);
        Assert.True((await As(Actor.Staff(providerUser), l => l.ChangeAsync(placed.Value!.Id, BookingAction.Cancel, "Ill"))).Succeeded);
    }

    [Fact]
    public async Task A_group_class_shares_its_time_only_with_its_own_seats_never_with_another_services_booking()
    {
        var seeded = await BookingTestData.SeedAsync(app, capacity: 3);
        var oneToOne = await app.InTenantAsync("acme", async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            var service = new Service { Name = "Private session", DurationMinutes = 30, SlotIntervalMinutes = 5, MinimumNoticeMinutes = 0, Price = new Platform.Core.Common.Money(50m, "USD") };
            service.Offerings.Add(new ServiceOffering { ServiceId = service.Id, ProviderId = seeded.Provider });
            db.Services.Add(service);
            await db.SaveChangesAsync();
            return service.Id;
        });

        var privateAtTen = await Ledger(l => l.PlaceAsync(new PlaceBooking(oneToOne, seeded.Provider, seeded.Customer, Ten)));
        Assert.True(privateAtTen.Succeeded);
        var classOverIt = await Ledger(l => l.PlaceAsync(new PlaceBooking(seeded.Service, seeded.Provider, seeded.Customer, Ten.AddMinutes(-30))));
        Assert.Equal(ErrorCodes.SlotUnavailable, classOverIt.Code);
        Assert.DoesNotContain(await SlotsAsync(seeded), s => s.Start == Ten.AddMinutes(-30));

        var classAtNoon = Ten.AddHours(2);
        Assert.True((await Ledger(l => l.PlaceAsync(new PlaceBooking(seeded.Service, seeded.Provider, seeded.Customer, classAtNoon)))).Succeeded);
        Assert.True((await Ledger(l => l.PlaceAsync(new PlaceBooking(seeded.Service, seeded.Provider, seeded.Customer, classAtNoon)))).Succeeded);
        var privateInClass = await Ledger(l => l.PlaceAsync(new PlaceBooking(oneToOne, seeded.Provider, seeded.Customer, classAtNoon.AddMinutes(15))));
        Assert.Equal(ErrorCodes.SlotUnavailable, privateInClass.Code);
        var movedIntoClass = await Ledger(l => l.RescheduleAsync(privateAtTen.Value!.Id, classAtNoon.AddMinutes(15)));
        Assert.Equal(ErrorCodes.SlotUnavailable, movedIntoClass.Code);
        Assert.Contains(await SlotsAsync(seeded), s => s.Start == classAtNoon && s.RemainingCapacity == 1);
    }

    [Fact]
    public async Task Bad_input_is_refused_with_its_code_and_writes_nothing()
    {
        var seeded = await BookingTestData.SeedAsync(app);
        var before = await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().Bookings.CountAsync());

        Assert.Equal(ErrorCodes.NotFound, (await Ledger(l => l.PlaceAsync(new PlaceBooking(Guid.NewGuid(), null, seeded.Customer, Ten)))).Code);
        Assert.Equal(ErrorCodes.NotFound, (await Ledger(l => l.PlaceAsync(new PlaceBooking(seeded.Service, Guid.NewGuid(), seeded.Customer, Ten)))).Code);
        Assert.Equal(ErrorCodes.NotFound, (await Ledger(l => l.PlaceAsync(new PlaceBooking(seeded.Service, null, Guid.NewGuid(), Ten)))).Code);
        Assert.Equal(ErrorCodes.SlotUnavailable, (await Ledger(l => l.PlaceAsync(new PlaceBooking(seeded.Service, null, seeded.Customer, DateTimeOffset.UtcNow.AddDays(-1))))).Code);
        Assert.Equal(ErrorCodes.SlotUnavailable, (await Ledger(l => l.PlaceAsync(new PlaceBooking(seeded.Service, null, seeded.Customer, Ten.AddMinutes(3))))).Code); // off the 5-minute grid
        Assert.Equal(ErrorCodes.ValidationFailed, (await Ledger(l => l.PlaceAsync(new PlaceBooking(seeded.Service, null, seeded.Customer, Ten) { Notes = new string('x', 2001) }))).Code);
        Assert.Equal(ErrorCodes.ValidationFailed, (await Ledger(l => l.PlaceAsync(new PlaceBooking(seeded.Service, null, seeded.Customer, Ten) { IdempotencyKey = new string('k', 101) }))).Code);

        Assert.Equal(before, await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().Bookings.CountAsync()));
    }

    [Fact]
    public async Task Another_tenants_service_is_not_found()
    {
        var seeded = await BookingTestData.SeedAsync(app);
        var fromGlobex = await app.InTenantAsync("globex", sp => sp.GetRequiredService<AvailabilityQuery>()
            .FindAsync(new AvailabilityRequest(seeded.Service, null, Ten, Ten.AddDays(1))));
        Assert.Equal(ErrorCodes.NotFound, fromGlobex.Code);
    }

    [Fact]
    public async Task Availability_refuses_a_backwards_or_too_long_range()
    {
        var seeded = await BookingTestData.SeedAsync(app);
        Assert.Equal(ErrorCodes.ValidationFailed, (await Availability(new AvailabilityRequest(seeded.Service, null, Ten, Ten.AddHours(-1)))).Code);
        Assert.Equal(ErrorCodes.ValidationFailed, (await Availability(new AvailabilityRequest(seeded.Service, null, Ten, Ten.AddDays(63)))).Code);
    }

    private Task<Platform.Core.Common.Outcome<Booking>> Ledger(Func<BookingLedger, Task<Platform.Core.Common.Outcome<Booking>>> work) =>
        app.InTenantAsync("acme", sp => work(sp.GetRequiredService<BookingLedger>()));

    private Task<Platform.Core.Common.Outcome<Booking>> As(Actor actor, Func<BookingLedger, Task<Platform.Core.Common.Outcome<Booking>>> work) =>
        app.AsActorAsync("acme", actor, sp => work(sp.GetRequiredService<BookingLedger>()));

    private Task<Platform.Core.Common.Outcome<IReadOnlyList<Slot>>> Availability(AvailabilityRequest request) =>
        app.InTenantAsync("acme", sp => sp.GetRequiredService<AvailabilityQuery>().FindAsync(request));

    private async Task<IReadOnlyList<Slot>> SlotsAsync(SeededBooking seeded) =>
        (await Availability(new AvailabilityRequest(seeded.Service, seeded.Provider, Ten.AddHours(-2), Ten.AddHours(8)))).Value!;
}
