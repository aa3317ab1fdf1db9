using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Access;
using Platform.Core.Bookings;
using Platform.Core.Notifications;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Data;
using Platform.Tests.Support;

namespace Platform.Tests.Notifications;

/// <summary>Booking events become notifications after the commit, through the outbox, for the people they concern.</summary>
public sealed class BookingNotificationTests(BookingNotificationTests.App app) : IClassFixture<BookingNotificationTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);

    [Fact]
    public async Task A_booking_waiting_for_approval_tells_its_provider_and_the_managers_and_the_decision_tells_the_customer()
    {
        var (service, provider, providerUser, customer, customerUser, start) = await GlobexColourAsync();
        var placed = await app.InTenantAsync("globex", sp => sp.GetRequiredService<BookingLedger>().PlaceAsync(new PlaceBooking(service, provider, customer, start)));
        Assert.True(placed.Succeeded);

        var manager = await app.UserIdAsync("globex", "manager@globex.test");
        var created = await WaitForAsync(n => n.UserId == providerUser && n.Kind == NotificationKinds.BookingCreated && n.Title == "New booking: Carla Kunde");
        Assert.Contains("Colour on", created.Body, StringComparison.Ordinal);
        Assert.StartsWith("app/calendar?date=", created.Link, StringComparison.Ordinal);
        await WaitForAsync(n => n.UserId == manager && n.Kind == NotificationKinds.BookingAwaitingApproval && n.Title == "Waiting for approval: Carla Kunde");

        var confirmed = await app.AsActorAsync("globex", Actor.Manager(manager), sp => sp.GetRequiredService<BookingLedger>()
            .ChangeAsync(placed.Value!.Id, BookingAction.Confirm, null));
        Assert.True(confirmed.Succeeded);
        var told = await WaitForAsync(n => n.UserId == customerUser && n.Kind == NotificationKinds.BookingConfirmed);
        Assert.Equal("my/bookings", told.Link);
        Assert.Contains("Colour with", told.Body, StringComparison.Ordinal);

        // Nobody of acme heard a thing.
        var acme = await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().Tenants.Where(t => t.Slug == "acme").Select(t => t.Id).SingleAsync());
        Assert.DoesNotContain(await app.AllNotificationsAsync(), n => n.TenantId == acme && n.Title.Contains("Carla Kunde", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_provider_hears_of_a_cancellation_by_someone_else_but_not_of_their_own_move()
    {
        var (service, provider, providerUser, customer, customerUser, start) = await GlobexColourAsync(dayOffset: 30);
        var manager = await app.UserIdAsync("globex", "manager@globex.test");
        var placed = await app.InTenantAsync("globex", sp => sp.GetRequiredService<BookingLedger>().PlaceAsync(new PlaceBooking(service, provider, customer, start)));
        var id = placed.Value!.Id;

        var moved = await app.AsActorAsync("globex", Actor.Staff(providerUser), sp => sp.GetRequiredService<BookingLedger>().RescheduleAsync(id, start.AddDays(1)));
        Assert.True(moved.Succeeded, string.Join("; ", moved.Errors.SelectMany(e => e.Value)));
        await WaitForAsync(n => n.UserId == customerUser && n.Kind == NotificationKinds.BookingChanged && n.Title == "Your booking has moved");

        var cancelled = await app.AsActorAsync("globex", Actor.Manager(manager), sp => sp.GetRequiredService<BookingLedger>().ChangeAsync(id, BookingAction.Cancel, "Dye out of stock"));
        Assert.True(cancelled.Succeeded);
        var providerTold = await WaitForAsync(n => n.UserId == providerUser && n.Kind == NotificationKinds.BookingCancelled);
        Assert.Contains("Dye out of stock", providerTold.Body, StringComparison.Ordinal);

        // The same handler run told the customer after it would have told the provider: the provider moved it, so no.
        Assert.DoesNotContain(await app.AllNotificationsAsync(), n => n.UserId == providerUser && n.Kind == NotificationKinds.BookingRescheduled);
    }

    private async Task<Notification> WaitForAsync(Func<Notification, bool> match)
    {
        for (var i = 0; i < 100; i++)
        {
            if ((await app.AllNotificationsAsync()).FirstOrDefault(match) is { } found)
            {
                return found;
            }

            await Task.Delay(100);
        }

        throw new Xunit.Sdk.XunitException("The notification did not arrive within 10 seconds.");
    }

    /// <summary>Globex's "Colour" (needs approval) with Lena, for Carla Kunde (who has a portal account), at Lena's first free time some weeks ahead.</summary>
    private Task<(Guid Service, Guid Provider, Guid ProviderUser, Guid Customer, Guid CustomerUser, DateTimeOffset Start)> GlobexColourAsync(int dayOffset = 20) =>
        app.InTenantAsync("globex", async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            var lena = await db.Users.Where(u => u.Email == "lena@globex.test").Select(u => u.Id).SingleAsync();
            var provider = await db.Providers.Where(p => p.UserId == lena).Select(p => p.Id).SingleAsync();
            var service = await db.Services.Where(s => s.Name == "Colour").Select(s => s.Id).SingleAsync();
            var carla = await db.Customers.Where(c => c.Email == "carla@example.com").Select(c => new { c.Id, c.UserId }).SingleAsync();
            var from = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(dayOffset), TimeSpan.Zero);
            var slots = await sp.GetRequiredService<AvailabilityQuery>().FindAsync(new AvailabilityRequest(service, provider, from, from.AddDays(7)));
            return (service, provider, lena, carla.Id, carla.UserId!.Value, slots.Value![0].Start);
        });
}
