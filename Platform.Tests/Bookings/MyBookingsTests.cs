using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Bookings;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Data;
using Platform.Tests.Support;

namespace Platform.Tests.Bookings;

public class MyBookingsTests(MyBookingsTests.App app) : IClassFixture<MyBookingsTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);

    [Fact]
    public async Task A_signed_in_customer_sees_their_own_bookings_only()
    {
        var seeded = await BookingTestData.SeedAsync(app);
        var carla = await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().Customers
            .Where(c => c.Email == "carla@example.com" && c.UserId != null).Select(c => c.Id).SingleAsync());
        var start = BookingTestData.Tomorrow.AddDays(5).AddHours(14);
        var placed = await app.InTenantAsync("acme", sp => sp.GetRequiredService<BookingLedger>().PlaceAsync(new PlaceBooking(seeded.Service, seeded.Provider, carla, start)));
        Assert.True(placed.Succeeded);

        using var asCarla = await app.SignedInAsync("http://acme.localhost/", "carla@example.com");
        var page = await asCarla.GetStringAsync("my/bookings");
        Assert.Contains("Session with", page, StringComparison.Ordinal);
        Assert.Contains("booking/manage?token=", page, StringComparison.Ordinal);

        using var asDan = await app.SignedInAsync("http://acme.localhost/", "dan@example.com");
        var dans = await asDan.GetStringAsync("my/bookings");
        Assert.DoesNotContain("Session with", dans, StringComparison.Ordinal);
        Assert.Contains("You have no bookings yet.", dans, StringComparison.Ordinal);

        // The same e-mail at globex is another account: nothing of acme's shows there.
        using var carlaAtGlobex = await app.SignedInAsync("http://globex.localhost/", "carla@example.com");
        Assert.DoesNotContain("Session with", await carlaAtGlobex.GetStringAsync("my/bookings"), StringComparison.Ordinal);

        using var anonymous = app.CreateClientFor("http://acme.localhost/");
        var response = await anonymous.GetAsync("my/bookings");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("Account/Login", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }
}
