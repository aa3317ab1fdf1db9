using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Bookings;
using Platform.Core.Errors;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Data;
using Platform.Tests.Support;

namespace Platform.Tests.Bookings;

public class CustomerDirectoryTests(CustomerDirectoryTests.App app) : IClassFixture<CustomerDirectoryTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);

    [Fact]
    public async Task A_customer_is_added_with_the_tenants_zone_and_changed_with_the_same_rules()
    {
        var added = await InAcme(d => d.CreateAsync(new NewCustomer("  Dana Door ", "dana@example.com", null, null, null)));
        Assert.Equal(("Dana Door", "America/New_York"), (added.Value!.Name, added.Value.TimeZone));

        var changed = await InAcme(d => d.UpdateAsync(added.Value.Id, new NewCustomer("Dana Door", "dana.door@example.com", "+1 212 555 0101", "Europe/Berlin", "Prefers mornings")));
        Assert.True(changed.Succeeded);
        var saved = await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().Customers.AsNoTracking().SingleAsync(c => c.Id == added.Value.Id));
        Assert.Equal(("dana.door@example.com", "+1 212 555 0101", "Europe/Berlin", "Prefers mornings"), (saved.Email, saved.Phone, saved.TimeZone, saved.Notes));
    }

    [Fact]
    public async Task Bad_changes_are_refused_per_field_and_change_nothing()
    {
        var added = await InAcme(d => d.CreateAsync(new NewCustomer("Eli Edit", "eli@example.com", null, "UTC", null)));

        var refused = await InAcme(d => d.UpdateAsync(added.Value!.Id, new NewCustomer("", "not-an-email", "call me maybe", "Mars/Olympus", new string('n', 2001))));

        Assert.Equal(ErrorCodes.ValidationFailed, refused.Code);
        Assert.Equal(["Email", "Name", "Notes", "Phone", "TimeZone"], refused.Errors.Keys.Order());
        var saved = await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().Customers.AsNoTracking().SingleAsync(c => c.Id == added.Value!.Id));
        Assert.Equal(("Eli Edit", "eli@example.com", null, "UTC"), (saved.Name, saved.Email, saved.Phone, saved.TimeZone));
    }

    [Fact]
    public async Task Another_tenants_customer_cannot_be_changed()
    {
        var globexCustomer = await app.InTenantAsync("globex", sp => sp.GetRequiredService<CustomerDirectory>()
            .CreateAsync(new NewCustomer("Gerd Global", "gerd@example.com", null, null, null)));

        var attempt = await InAcme(d => d.UpdateAsync(globexCustomer.Value!.Id, new NewCustomer("Hijacked", "evil@example.com", null, null, null)));

        Assert.Equal(ErrorCodes.NotFound, attempt.Code);
        var saved = await app.InTenantAsync("globex", sp => sp.GetRequiredService<PlatformDbContext>().Customers.AsNoTracking().SingleAsync(c => c.Id == globexCustomer.Value!.Id));
        Assert.Equal("Gerd Global", saved.Name);
    }

    [Fact]
    public async Task Summaries_count_bookings_and_give_the_next_one()
    {
        var seeded = await BookingTestData.SeedAsync(app);
        var start = BookingTestData.Tomorrow.AddDays(3).AddHours(9);
        await app.InTenantAsync("acme", sp => sp.GetRequiredService<BookingLedger>().PlaceAsync(new PlaceBooking(seeded.Service, seeded.Provider, seeded.Customer, start.AddHours(2))));
        await app.InTenantAsync("acme", sp => sp.GetRequiredService<BookingLedger>().PlaceAsync(new PlaceBooking(seeded.Service, seeded.Provider, seeded.Customer, start)));

        var page = await InAcme(d => d.SummariesAsync(seeded.CustomerEmail, Platform.Core.Common.PageRequest.Of(1, 100)));

        var pat = Assert.Single(page.Items, s => s.Customer.Id == seeded.Customer);
        Assert.Equal((2, start), (pat.Bookings, pat.NextBookingUtc));
    }

    private Task<T> InAcme<T>(Func<CustomerDirectory, Task<T>> work) =>
        app.InTenantAsync("acme", sp => work(sp.GetRequiredService<CustomerDirectory>()));
}
