using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Bookings;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Data;
using Platform.Tests.Bookings;
using Platform.Tests.Support;

namespace Platform.Tests.Events;

/// <summary>The app polling only every 30 seconds: anything delivered sooner was woken by the commit itself.</summary>
public sealed class SlowPollingOutboxApp() : OutboxApp(TestDatabase.Sqlite)
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Outbox:PollInterval"] = "00:00:30",
    };
}

/// <summary>A commit that wrote outbox rows wakes the local dispatcher at once, inside and outside explicit transactions.</summary>
public sealed class OutboxSignalTests(SlowPollingOutboxApp app) : IClassFixture<SlowPollingOutboxApp>
{
    [Fact]
    public async Task A_plain_save_wakes_the_dispatcher()
    {
        await Task.Delay(500); // the dispatcher's first poll at start-up is over
        var acme = await app.TenantIdAsync("acme");
        var key = Guid.NewGuid();

        await app.EnqueueAsync(new TestPing(acme, key));

        await Eventually.HoldsAsync(() => Task.FromResult(app.Log.CountOf(nameof(RecordingPingHandler), key) == 1), "the handler ran", 3000);
    }

    [Fact]
    public async Task A_booking_committed_in_the_ledgers_transaction_wakes_the_dispatcher()
    {
        await Task.Delay(500);
        var seeded = await BookingTestData.SeedAsync(app);
        var placed = await app.InTenantAsync("acme", sp => sp.GetRequiredService<BookingLedger>()
            .PlaceAsync(new PlaceBooking(seeded.Service, seeded.Provider, seeded.Customer, BookingTestData.Tomorrow.AddHours(11))));
        var id = placed.Value!.Id.ToString();

        await Eventually.HoldsAsync(() => app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().OutboxMessages
            .AnyAsync(m => m.Payload.Contains(id) && m.Status == Platform.Infrastructure.Events.OutboxStatus.Done)), "the booking's event is dispatched", 3000);
    }
}
