using Microsoft.Extensions.DependencyInjection;
using Platform.Infrastructure.Reminders;
using Platform.Tests.Bookings;
using Platform.Tests.Events;
using Platform.Tests.Support;

namespace Platform.Tests.Reminders;

/// <summary>
/// Two app nodes on one PostgreSQL database, each with its outbox dispatcher and its Quartz scheduler (clustered):
/// every reminder is sent, and sent once, whichever node scheduled it and whichever fired it.
/// </summary>
public sealed class ReminderClusterTests : IAsyncLifetime
{
    private const int Bookings = 12;

    private Node? _a;
    private Node? _b;

    private sealed class Node(string connectionString) : PlatformAppFactory(TestDatabase.Postgres)
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Outbox:PollInterval"] = "00:00:00.200" };

        protected override Task<string> CreateConnectionStringAsync() => Task.FromResult(connectionString);
    }

    public async Task InitializeAsync()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("reminders");
        _a = new Node(connectionString);
        await _a.InitializeAsync();
        _b = new Node(connectionString);
        await _b.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var node in new[] { _b, _a })
        {
            if (node is not null)
            {
                await node.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Two_nodes_send_every_reminder_exactly_once()
    {
        var (a, b) = (_a!, _b!);
        var seeded = await BookingTestData.SeedAsync(a);
        // The longest offset, so bookings days ahead (one an hour, for the one provider) are all due for a reminder now.
        Assert.True((await a.InTenantAsync("acme", sp => sp.GetRequiredService<ReminderSettingsStore>().SetOffsetHoursAsync(ReminderSettings.MaxOffsetHours))).Succeeded);
        var firstStart = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(4), TimeSpan.Zero);
        for (var i = 0; i < Bookings; i++)
        {
            // Half the bookings are written through each node, so each node's dispatcher and scheduler take part.
            await ReminderTests.InsertConfirmedBookingAsync(i % 2 == 0 ? a : b, seeded, firstStart.AddHours(i), bookedAt: DateTimeOffset.UtcNow.AddDays(-30));
        }

        int Sent() => ReminderTests.Reminders(a.MailFolder).Count + ReminderTests.Reminders(b.MailFolder).Count;
        await Eventually.HoldsAsync(() => Task.FromResult(Sent() >= Bookings), $"all {Bookings} reminders are sent", 60_000);
        await Task.Delay(3000);
        Assert.Equal(Bookings, Sent());
    }
}
