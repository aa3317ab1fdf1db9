using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Access;
using Platform.Core.Bookings;
using Platform.Core.Errors;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Data;
using Platform.Tests.Notifications;
using Platform.Tests.Support;

namespace Platform.Tests.Bookings;

/// <summary>One customer per person and tenant: guests join the customer of their e-mail, staff cannot add a second one, managers merge old duplicates.</summary>
public abstract class OneCustomerPerPersonTests(PlatformAppFactory app)
{
    private static readonly DateTimeOffset Day = BookingTestData.Tomorrow.AddDays(5);

    [Fact]
    public async Task Guests_booking_with_one_new_email_at_once_become_one_customer()
    {
        var seeded = await BookingTestData.SeedAsync(app, capacity: 1);
        var email = $"twins-{Guid.NewGuid():N}@example.com";
        var spellings = new[] { email, email.ToUpperInvariant(), $"  {email}  ", "T" + email[1..] };
        using var gate = new SemaphoreSlim(0);
        var tasks = Enumerable.Range(0, 8).Select(i => Task.Run(() => app.AsActorAsync("acme", Actor.Anonymous, async sp =>
        {
            var portal = sp.GetRequiredService<PortalBookings>();
            await gate.WaitAsync();
            return await portal.PlaceAsync(seeded.Service, seeded.Provider, Day.AddHours(i), new GuestDetails("Twin Guest", spellings[i % spellings.Length], null, "", "UTC"));
        }))).ToList();
        gate.Release(8);
        var outcomes = await Task.WhenAll(tasks);

        Assert.All(outcomes, o => Assert.True(o.Succeeded, string.Join(" ", o.Errors.SelectMany(e => e.Value))));
        var (customers, owners) = await app.InTenantAsync("acme", async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            var ids = outcomes.Select(o => o.Value!.Id).ToList();
            return (await db.Customers.AsNoTracking().Where(c => c.EmailKey == email).ToListAsync(),
                await db.Bookings.AsNoTracking().Where(b => ids.Contains(b.Id)).Select(b => b.CustomerId).Distinct().ToListAsync());
        });
        var customer = Assert.Single(customers);
        Assert.Equal([customer.Id], owners);
    }

    [Fact]
    public async Task A_guest_with_a_known_email_joins_that_customer_and_changes_nothing_about_them()
    {
        var seeded = await BookingTestData.SeedAsync(app);
        var email = $"known-{Guid.NewGuid():N}@example.com";
        var known = await AsManagerAsync(sp => sp.GetRequiredService<CustomerDirectory>().CreateAsync(new NewCustomer("Kim Known", email, "+1 555 0100", "America/New_York", "VIP")));

        var placed = await app.AsActorAsync("acme", Actor.Anonymous, sp => sp.GetRequiredService<PortalBookings>().PlaceAsync(
            seeded.Service, seeded.Provider, Day.AddHours(2), new GuestDetails("K. Known", $" {email.ToUpperInvariant()} ", "+44 20 7946 0000", "Window seat, please.", "Europe/London")));

        Assert.True(placed.Succeeded, string.Join(" ", placed.Errors.SelectMany(e => e.Value)));
        var (customer, booking) = await app.InTenantAsync("acme", async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            return (await db.Customers.AsNoTracking().SingleAsync(c => c.Id == known.Value!.Id), await db.Bookings.AsNoTracking().SingleAsync(b => b.Id == placed.Value!.Id));
        });
        Assert.Equal(known.Value!.Id, booking.CustomerId);
        Assert.Equal(("Kim Known", email, "+1 555 0100", "America/New_York", "VIP"), (customer.Name, customer.Email, customer.Phone, customer.TimeZone, customer.Notes));
        Assert.Equal("Booked online with this customer's e-mail, giving name “K. Known” and phone “+44 20 7946 0000”.\nWindow seat, please.", booking.Notes);
        Assert.Equal(email, placed.Value!.Email);
    }

    [Fact]
    public async Task A_guest_with_the_email_of_a_portal_account_books_on_that_account()
    {
        var seeded = await BookingTestData.SeedAsync(app);
        var carla = await app.UserIdAsync("acme", "carla@example.com");

        var placed = await app.AsActorAsync("acme", Actor.Anonymous, sp => sp.GetRequiredService<PortalBookings>().PlaceAsync(
            seeded.Service, seeded.Provider, Day.AddHours(3), new GuestDetails("Carla", "Carla@Example.com", null, "", "UTC")));

        Assert.True(placed.Succeeded, string.Join(" ", placed.Errors.SelectMany(e => e.Value)));
        var mine = await app.AsActorAsync("acme", Actor.Customer(carla), sp => sp.GetRequiredService<PortalBookings>().MineAsync());
        Assert.Contains(mine, b => b.Id == placed.Value!.Id);
        Assert.Equal(1, await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().Customers.CountAsync(c => c.EmailKey == "carla@example.com")));
    }

    [Fact]
    public async Task Staff_cannot_add_or_make_a_second_customer_with_an_email_over_http()
    {
        var email = $"dup-{Guid.NewGuid():N}@example.com";
        using var staff = await app.SignedInAsync("http://acme.localhost/", "sam@acme.test");
        var first = await staff.PostAsJsonAsync("api/v1/customers", new { name = "Carla First", email });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var existing = (await first.JsonAsync()).GetProperty("id").GetGuid();

        var second = await staff.PostAsJsonAsync("api/v1/customers", new { name = "Carla Second", email = $" {email.ToUpperInvariant()}" });

        var problem = await ProblemAsync(second, HttpStatusCode.Conflict, ErrorCodes.CustomerDuplicate);
        Assert.Equal(existing, problem.GetProperty("existingCustomerId").GetGuid());
        Assert.Contains("Carla First already has this e-mail address", problem.GetProperty("errors").GetProperty("email")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(1, await CountAsync(email));

        var other = (await (await staff.PostAsJsonAsync("api/v1/customers", new { name = "Olga Other", email = $"other-{email}" })).JsonAsync()).GetProperty("id").GetGuid();
        var edit = await staff.PutAsJsonAsync($"api/v1/customers/{other}", new { name = "Olga Other", email = email.ToUpperInvariant() });
        Assert.Equal(existing, (await ProblemAsync(edit, HttpStatusCode.Conflict, ErrorCodes.CustomerDuplicate)).GetProperty("existingCustomerId").GetGuid());
        Assert.Equal($"other-{email}", (await (await staff.GetAsync($"api/v1/customers/{other}")).JsonAsync()).GetProperty("email").GetString());

        // Changing the case of one's own address is no duplicate.
        var own = await staff.PutAsJsonAsync($"api/v1/customers/{existing}", new { name = "Carla First", email = email.ToUpperInvariant() });
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task A_manager_merges_a_duplicate_with_its_bookings_and_account_and_nobody_else_may()
    {
        var seeded = await BookingTestData.SeedAsync(app);
        var dan = await app.UserIdAsync("acme", "dan@example.com");
        var keep = await AsManagerAsync(sp => sp.GetRequiredService<CustomerDirectory>().CreateAsync(new NewCustomer("Dan Keep", $"dan.keep-{Guid.NewGuid():N}@example.com", null, null, "Likes mornings")));
        var duplicate = await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().Customers.AsNoTracking().SingleAsync(c => c.UserId == dan));
        var booking = await app.InTenantAsync("acme", sp => sp.GetRequiredService<BookingLedger>().PlaceAsync(new PlaceBooking(seeded.Service, seeded.Provider, duplicate.Id, Day.AddHours(4))));
        var body = new { duplicateId = duplicate.Id };

        using var staff = await app.SignedInAsync("http://acme.localhost/", "sam@acme.test");
        await ProblemAsync(await staff.PostAsJsonAsync($"api/v1/customers/{keep.Value!.Id}/merge", body), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        using var key = app.CreateClientFor("http://acme.localhost/");
        key.DefaultRequestHeaders.Add("X-Api-Key", Platform.Infrastructure.Seeding.DemoAccounts.ApiKeys["acme"]);
        await ProblemAsync(await key.PostAsJsonAsync($"api/v1/customers/{keep.Value.Id}/merge", body), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        using var globex = await app.SignedInAsync("http://globex.localhost/", "manager@globex.test");
        await ProblemAsync(await globex.PostAsJsonAsync($"api/v1/customers/{keep.Value.Id}/merge", body), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        Assert.DoesNotContain(keep.Value.Id.ToString(), await globex.GetStringAsync("api/v1/customers?pageSize=100"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await globex.GetAsync($"api/v1/customers/{keep.Value.Id}")).StatusCode);
        Assert.Equal(duplicate.Id, await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().Bookings.Where(b => b.Id == booking.Value!.Id).Select(b => b.CustomerId).SingleAsync()));

        using var manager = await app.SignedInAsync("http://acme.localhost/", "manager@acme.test");
        var merged = await manager.PostAsJsonAsync($"api/v1/customers/{keep.Value.Id}/merge", body);

        Assert.Equal(HttpStatusCode.OK, merged.StatusCode);
        Assert.Equal(1, (await merged.JsonAsync()).GetProperty("bookingsMoved").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync($"api/v1/customers/{duplicate.Id}")).StatusCode);
        var (kept, moved) = await app.InTenantAsync("acme", async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            return (await db.Customers.AsNoTracking().SingleAsync(c => c.Id == keep.Value.Id),
                await db.Bookings.AsNoTracking().Include(b => b.History).SingleAsync(b => b.Id == booking.Value!.Id));
        });
        Assert.Equal((dan, "Dan Keep"), (kept.UserId, kept.Name));
        Assert.Equal(keep.Value.Id, moved.CustomerId);
        Assert.Contains(moved.History, h => h.Kind == BookingChangeKind.Created);
        var mine = await app.AsActorAsync("acme", Actor.Customer(dan), sp => sp.GetRequiredService<PortalBookings>().MineAsync());
        Assert.Contains(mine, b => b.Id == booking.Value!.Id);
    }

    [Fact]
    public async Task Two_portal_accounts_are_not_merged()
    {
        var erin = await app.UserIdAsync("acme", "erin@example.com");
        var carla = await app.UserIdAsync("acme", "carla@example.com");
        var (a, b) = await app.InTenantAsync("acme", async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            return (await db.Customers.AsNoTracking().SingleAsync(c => c.UserId == erin), await db.Customers.AsNoTracking().SingleAsync(c => c.UserId == carla));
        });

        var refused = await AsManagerAsync(sp => sp.GetRequiredService<CustomerMerges>().MergeAsync(a.Id, b.Id));

        Assert.Equal(ErrorCodes.CustomerMergeRefused, refused.Code);
        Assert.Equal(2, await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().Customers.CountAsync(c => c.Id == a.Id || c.Id == b.Id)));
    }

    [Fact]
    public async Task The_startup_step_keys_old_customers_and_merges_those_who_share_an_email()
    {
        var seeded = await BookingTestData.SeedAsync(app);
        var tag = Guid.NewGuid().ToString("N");
        var directory = (Func<IServiceProvider, CustomerDirectory>)(sp => sp.GetRequiredService<CustomerDirectory>());
        var keyed = await AsManagerAsync(sp => directory(sp).CreateAsync(new NewCustomer("Old One", $"old-{tag}@example.com", null, null, null)));
        var legacy = await AsManagerAsync(sp => directory(sp).CreateAsync(new NewCustomer("Old Two", $"old2-{tag}@example.com", "+1 555 0199", null, null)));
        var first = await AsManagerAsync(sp => directory(sp).CreateAsync(new NewCustomer("Pair A", $"pair-{tag}@example.com", null, null, null)));
        var second = await AsManagerAsync(sp => directory(sp).CreateAsync(new NewCustomer("Pair B", $"pair2-{tag}@example.com", null, null, null)));
        var ids = new[] { keyed.Value!.Id, legacy.Value!.Id, first.Value!.Id, second.Value!.Id };
        var bookings = new List<Guid>();
        for (var i = 0; i < ids.Length; i++)
        {
            var placed = await app.InTenantAsync("acme", sp => sp.GetRequiredService<BookingLedger>().PlaceAsync(new PlaceBooking(seeded.Service, seeded.Provider, ids[i], Day.AddHours(6 + i))));
            bookings.Add(placed.Value!.Id);
        }

        // As the rows stood before the key existed: the same person twice, in another case.
        await app.InTenantAsync("acme", async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            await db.Customers.Where(c => c.Id == legacy.Value.Id).ExecuteUpdateAsync(u => u.SetProperty(c => c.Email, $"OLD-{tag}@Example.com").SetProperty(c => c.EmailKey, (string?)null));
            await db.Customers.Where(c => c.Id == first.Value.Id).ExecuteUpdateAsync(u => u.SetProperty(c => c.EmailKey, (string?)null));
            return await db.Customers.Where(c => c.Id == second.Value.Id).ExecuteUpdateAsync(u => u.SetProperty(c => c.Email, $"Pair-{tag}@example.com").SetProperty(c => c.EmailKey, (string?)null));
        });

        await app.Services.GetRequiredService<CustomerEmailBackfill>().RunAsync();

        var (left, owners) = await app.InTenantAsync("acme", async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            return (await db.Customers.AsNoTracking().Where(c => ids.Contains(c.Id)).OrderBy(c => c.Name).ToListAsync(),
                await db.Bookings.AsNoTracking().Where(b => bookings.Contains(b.Id)).OrderBy(b => b.StartUtc).Select(b => b.CustomerId).ToListAsync());
        });
        Assert.Equal([("Old One", $"old-{tag}@example.com", "+1 555 0199"), ("Pair A", $"pair-{tag}@example.com", null)], left.Select(c => (c.Name, c.EmailKey, c.Phone)));
        Assert.Equal([keyed.Value.Id, keyed.Value.Id, first.Value.Id, first.Value.Id], owners);
    }

    private Task<T> AsManagerAsync<T>(Func<IServiceProvider, Task<T>> work) => app.AsActorAsync("acme", Actor.Manager(Guid.NewGuid()), work);

    private Task<int> CountAsync(string email) =>
        app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().Customers.CountAsync(c => c.EmailKey == email));

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(code, problem.GetProperty("code").GetString());
        return problem;
    }
}

public sealed class SqliteOneCustomerPerPersonTests(SqliteOneCustomerPerPersonTests.App app) : OneCustomerPerPersonTests(app), IClassFixture<SqliteOneCustomerPerPersonTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);
}

public sealed class PostgresOneCustomerPerPersonTests(PostgresOneCustomerPerPersonTests.App app) : OneCustomerPerPersonTests(app), IClassFixture<PostgresOneCustomerPerPersonTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Postgres);
}
