using System.Collections.Concurrent;
using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Access;
using Platform.Core.Bookings;
using Platform.Core.Errors;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Realtime;
using Platform.Tests.Events;
using Platform.Tests.Support;
using Platform.Tests.Workflows;

namespace Platform.Tests.Bookings;

/// <summary>
/// Live calendars (issue 14, item 4; ADR 0038): a change of a booking, however it is made, reaches the open circuits of
/// its own tenant and of no other; someone who has a booking open sees who else has, and a change chosen on what the
/// booking no longer is gets refused and changes nothing.
/// </summary>
public sealed class LiveBookingsTests(LiveBookingsTests.App app) : IClassFixture<LiveBookingsTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite)
    {
        /// <summary>Holds every read of one booking for a while, so that people acting on it at once all read it before anyone writes.</summary>
        public SlowReads Slow { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.ConfigureDbContext<SqlitePlatformDbContext>(options => options.AddInterceptors(Slow)));
        }
    }

    public sealed class SlowReads : DbCommandInterceptor
    {
        public Guid? Booking { get; set; }

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (Booking is { } id && command.CommandText.Contains("FROM \"Bookings\"", StringComparison.Ordinal)
                && command.Parameters.Cast<DbParameter>().Any(p => Equals(p.Value, id) || Equals(p.Value, id.ToString().ToUpperInvariant())))
            {
                await Task.Delay(300, cancellationToken);
            }

            return result;
        }
    }

    /// <summary>A confirmed booking of an hour, stored as it is (the ledger's events aside).</summary>
    private Task<Guid> StoredAsync(SeededBooking seeded, DateTimeOffset start) => app.InTenantAsync("acme", async sp =>
    {
        var db = sp.GetRequiredService<PlatformDbContext>();
        var booking = BookingTestData.Confirmed(seeded, start);
        db.Bookings.Add(booking);
        await db.SaveChangesAsync();
        return booking.Id;
    });

    /// <summary>What a circuit of the tenant would hear.</summary>
    private async Task<(ConcurrentQueue<BookingSignal> Heard, IDisposable Listening)> ListenAsync(string slug)
    {
        var heard = new ConcurrentQueue<BookingSignal>();
        var listening = app.Services.GetRequiredService<BookingListeners>().Add(await app.TenantIdAsync(slug), signal =>
        {
            heard.Enqueue(signal);
            return Task.CompletedTask;
        });
        return (heard, listening);
    }

    [Fact]
    public async Task A_change_made_through_the_api_reaches_the_open_calendars_of_its_tenant_and_of_no_other()
    {
        var acme = await BookingTestData.SeedAsync(app);
        var globex = await BookingTestData.SeedAsync(app, slug: "globex");
        var (atAcme, acmeListening) = await ListenAsync("acme");
        var (atGlobex, globexListening) = await ListenAsync("globex");
        using var _ = acmeListening;
        using var __ = globexListening;

        using var manager = await app.SignedInAsync("http://acme.localhost/", "manager@acme.test");
        var start = BookingTestData.Tomorrow.AddDays(2).AddHours(9);
        var created = await manager.PostAsJsonAsync("api/v1/bookings", new { serviceId = acme.Service, customerId = acme.Customer, start });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = Guid.Parse((await created.JsonAsync()).GetProperty("id").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await manager.PostAsJsonAsync($"api/v1/bookings/{id}/cancel", new { reason = "Called in sick" })).StatusCode);

        await Eventually.UntilAsync(() => atAcme.Count(s => s.BookingId == id) == 2, "the creation and the cancellation at acme");
        var news = atAcme.Where(s => s.BookingId == id).Select(s => s.Change!).ToList();
        Assert.Equal(["booking.created", "booking.cancelled"], news.Select(n => n.Type));
        Assert.Equal(await WorkflowTestKit.UserIdAsync(app, "manager@acme.test"), news[1].ByUserId);
        Assert.True(news[1].Touches(start, start.AddHours(1)));
        Assert.False(news[1].Touches(start.AddHours(1), start.AddHours(2)));

        // Globex's booking reaches globex only; nothing of acme's reached globex.
        using var greta = await app.SignedInAsync("http://globex.localhost/", "manager@globex.test");
        var theirs = await greta.PostAsJsonAsync("api/v1/bookings", new { serviceId = globex.Service, customerId = globex.Customer, start });
        Assert.Equal(HttpStatusCode.Created, theirs.StatusCode);
        var theirId = Guid.Parse((await theirs.JsonAsync()).GetProperty("id").GetString()!);
        await Eventually.UntilAsync(() => atGlobex.Any(s => s.BookingId == theirId), "globex's booking at globex");
        Assert.DoesNotContain(atGlobex, s => s.BookingId == id);
        Assert.DoesNotContain(atAcme, s => s.BookingId == theirId);
        var globexId = await app.TenantIdAsync("globex");
        Assert.All(atGlobex, s => Assert.Equal(globexId, s.TenantId));
    }

    [Fact]
    public async Task A_change_chosen_on_what_the_booking_no_longer_is_is_refused_and_changes_nothing()
    {
        var seeded = await BookingTestData.SeedAsync(app);
        var manager = Actor.Manager(await WorkflowTestKit.UserIdAsync(app, "manager@acme.test"));
        var admin = Actor.TenantAdmin(await WorkflowTestKit.UserIdAsync(app, "admin@acme.test"));
        var start = BookingTestData.Tomorrow.AddDays(4).AddHours(11);
        var id = await StoredAsync(seeded, start);
        var seen = new BookingState(BookingStatus.Confirmed, start, start.AddHours(1));

        // The admin moves it an hour later while the manager has it open as it was.
        var moved = await app.AsActorAsync("acme", admin, sp => sp.GetRequiredService<BookingLedger>().RescheduleIfUnchangedAsync(id, seen, start.AddHours(1), null));
        Assert.True(moved.Succeeded, string.Join(" ", moved.Errors.Values.SelectMany(m => m)));

        var cancel = await app.AsActorAsync("acme", manager, sp => sp.GetRequiredService<BookingLedger>().ChangeIfUnchangedAsync(id, seen, BookingAction.Cancel, "Double-booked"));
        Assert.Equal(ErrorCodes.Conflict, cancel.Code);
        Assert.Contains("changed this booking while you had it open", string.Join(" ", cancel.Errors.Values.SelectMany(m => m)), StringComparison.Ordinal);
        var move = await app.AsActorAsync("acme", manager, sp => sp.GetRequiredService<BookingLedger>().RescheduleIfUnchangedAsync(id, seen, start.AddHours(3), null));
        Assert.Equal(ErrorCodes.Conflict, move.Code);

        var stored = await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().Bookings.AsNoTracking().SingleAsync(b => b.Id == id));
        Assert.Equal(new BookingState(BookingStatus.Confirmed, start.AddHours(1), start.AddHours(2)), stored.State);

        // Chosen on what it is now by four people at once (each reads it before anyone writes), the same change goes
        // through once; the others are told.
        app.Slow.Booking = id;
        var tries = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => app.AsActorAsync("acme", manager, sp =>
            sp.GetRequiredService<BookingLedger>().ChangeIfUnchangedAsync(id, stored.State, BookingAction.Cancel, "Double-booked"))));
        app.Slow.Booking = null;
        Assert.Single(tries, t => t.Succeeded);
        Assert.Equal(3, tries.Count(t => t.Code == ErrorCodes.Conflict));
        var cancellations = await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().BookingChanges
            .CountAsync(c => c.BookingId == id && c.Kind == BookingChangeKind.Cancelled));
        Assert.Equal(1, cancellations);
    }

    [Fact]
    public async Task People_with_one_booking_open_see_each_other_and_its_changes_and_staff_who_do_not_see_it_are_not_let_in()
    {
        var seeded = await BookingTestData.SeedAsync(app);
        var start = BookingTestData.Tomorrow.AddDays(5).AddHours(14);
        var id = await StoredAsync(seeded, start);
        var alice = Actor.TenantAdmin(await WorkflowTestKit.UserIdAsync(app, "admin@acme.test"));
        var mark = Actor.Manager(await WorkflowTestKit.UserIdAsync(app, "manager@acme.test"));
        var sam = Actor.Staff(await WorkflowTestKit.UserIdAsync(app, "sam@acme.test"));

        await using var aliceCircuit = await LiveBookingsTestKit.CircuitAsync(app, "acme", alice);
        await using var markCircuit = await LiveBookingsTestKit.CircuitAsync(app, "acme", mark);
        await using var samCircuit = await LiveBookingsTestKit.CircuitAsync(app, "acme", sam);
        var aliceSees = new RecordingViewer();
        var markSees = new RecordingViewer();
        await using var aliceViewing = await aliceCircuit.ServiceProvider.GetRequiredService<LiveBookings>().ViewAsync(id, aliceSees);
        Assert.NotNull(aliceViewing);
        var markViewing = await markCircuit.ServiceProvider.GetRequiredService<LiveBookings>().ViewAsync(id, markSees);
        Assert.NotNull(markViewing);

        // Each sees the other (Mark came later and learns of Alice from her answer), never themselves.
        await Eventually.UntilAsync(() => aliceSees.Others.Count == 1 && markSees.Others.Count == 1, "both see the other");
        Assert.Equal("Mark Manager", aliceSees.Others[0].Name);
        Assert.Equal("Alice Admin", markSees.Others[0].Name);

        // Sam provides other bookings: this one is not his to open, and nobody hears of him.
        Assert.Null(await samCircuit.ServiceProvider.GetRequiredService<LiveBookings>().ViewAsync(id, new RecordingViewer()));

        // Mark cancels it: Alice's open booking hears of the change.
        var cancelled = await app.AsActorAsync("acme", mark, sp => sp.GetRequiredService<BookingLedger>().ChangeAsync(id, BookingAction.Cancel, "Asked to"));
        Assert.True(cancelled.Succeeded);
        await Eventually.UntilAsync(() => aliceSees.Changes.Any(c => c.Type == "booking.cancelled"), "the cancellation in Alice's open booking");

        // Mark closes it: Alice sees nobody else.
        await markViewing!.DisposeAsync();
        await Eventually.UntilAsync(() => aliceSees.Others.Count == 0, "Mark gone from Alice's booking");
    }
}
