using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Errors;
using Platform.Infrastructure.Data;
using Platform.Tests.Notifications;
using Platform.Tests.Support;

namespace Platform.Tests.Bookings;

/// <summary>The booking API over HTTP: book, retry safely, refuse bad input with its code, and keep tenants apart.</summary>
public abstract class BookingApiTests(PlatformAppFactory app)
{
    private static readonly DateTimeOffset Ten = BookingTestData.Tomorrow.AddDays(3).AddHours(10);

    [Fact]
    public async Task A_manager_books_a_free_slot_and_it_disappears_from_availability()
    {
        var seeded = await BookingTestData.SeedAsync(app);
        using var staff = await app.SignedInAsync("http://acme.localhost/", "manager@acme.test");

        var before = await SlotStartsAsync(staff, seeded, "Europe/Berlin");
        Assert.Contains(Ten, before.Keys);
        var berlinOffset = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin").GetUtcOffset(Ten); // +01:00 in winter, +02:00 in summer
        Assert.Equal(Ten.ToOffset(berlinOffset).ToString("O"), before[Ten]);

        var created = await staff.PostAsJsonAsync("api/v1/bookings", new { serviceId = seeded.Service, customerId = seeded.Customer, start = Ten });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var booking = await created.JsonAsync();
        Assert.Equal("Confirmed", booking.GetProperty("status").GetString());
        Assert.Equal("USD", booking.GetProperty("price").GetProperty("currency").GetString());
        Assert.DoesNotContain(Ten, (await SlotStartsAsync(staff, seeded, "UTC")).Keys);

        var again = await staff.PostAsJsonAsync("api/v1/bookings", new { serviceId = seeded.Service, customerId = seeded.Customer, start = Ten });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(ErrorCodes.SlotUnavailable, (await again.JsonAsync()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task The_same_idempotency_key_twice_gives_the_same_booking_once()
    {
        var seeded = await BookingTestData.SeedAsync(app, capacity: 3);
        using var staff = await app.SignedInAsync("http://acme.localhost/", "manager@acme.test");
        var key = Guid.NewGuid().ToString("N");

        async Task<string> BookAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/bookings") { Content = JsonContent.Create(new { serviceId = seeded.Service, customerId = seeded.Customer, start = Ten }) };
            request.Headers.Add("Idempotency-Key", key);
            var response = await staff.SendAsync(request);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return (await response.JsonAsync()).GetProperty("id").GetString()!;
        }

        Assert.Equal(await BookAsync(), await BookAsync());
        Assert.Equal(1, await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().Bookings.CountAsync(b => b.ServiceId == seeded.Service)));
    }

    [Fact]
    public async Task Bad_input_is_refused_with_a_code_and_writes_nothing()
    {
        var seeded = await BookingTestData.SeedAsync(app);
        using var staff = await app.SignedInAsync("http://acme.localhost/", "manager@acme.test");
        var count = () => app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().Bookings.CountAsync());
        var before = await count();

        await ExpectAsync(staff.PostAsJsonAsync("api/v1/bookings", new { serviceId = seeded.Service, customerId = seeded.Customer, start = DateTimeOffset.UtcNow.AddHours(-3) }), HttpStatusCode.Conflict, ErrorCodes.SlotUnavailable);
        await ExpectAsync(staff.PostAsJsonAsync("api/v1/bookings", new { serviceId = seeded.Service, customerId = seeded.Customer, start = Ten.AddMinutes(2) }), HttpStatusCode.Conflict, ErrorCodes.SlotUnavailable);
        await ExpectAsync(staff.PostAsJsonAsync("api/v1/bookings", new { serviceId = Guid.NewGuid(), customerId = seeded.Customer, start = Ten }), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await ExpectAsync(staff.PostAsJsonAsync("api/v1/bookings", new { serviceId = seeded.Service, customerId = seeded.Customer, start = Ten, notes = new string('x', 2001) }), HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await ExpectAsync(staff.PostAsJsonAsync("api/v1/bookings", new { serviceId = seeded.Service }), HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await ExpectAsync(staff.PostAsync("api/v1/bookings", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await ExpectAsync(staff.GetAsync($"api/v1/availability?serviceId={seeded.Service}&from={Q(Ten)}&to={Q(Ten.AddHours(-1))}"), HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await ExpectAsync(staff.GetAsync($"api/v1/availability?serviceId={seeded.Service}&from={Q(Ten)}&to={Q(Ten.AddDays(1))}&timeZone=Mars/Olympus"), HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await ExpectAsync(staff.GetAsync($"api/v1/availability?serviceId={seeded.Service}&from=yesterday&to={Q(Ten)}"), HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await ExpectAsync(staff.GetAsync("api/v1/bookings?pageSize=1000"), HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await ExpectAsync(staff.PostAsJsonAsync("api/v1/customers", new { name = "", email = "not-an-email", timeZone = "Nowhere/Land" }), HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);

        Assert.Equal(before, await count());
    }

    [Fact]
    public async Task Staff_reach_only_their_own_calendar_through_the_api_whatever_they_send()
    {
        var others = await BookingTestData.SeedAsync(app, requiresApproval: true);
        var own = await BookingTestData.SeedAsync(app, requiresApproval: true);
        var sam = await app.UserIdAsync("acme", "sam@acme.test");
        await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().Providers
            .Where(p => p.Id == own.Provider).ExecuteUpdateAsync(u => u.SetProperty(p => p.UserId, sam)));
        using var manager = await app.SignedInAsync("http://acme.localhost/", "manager@acme.test");
        var theirs = (await (await manager.PostAsJsonAsync("api/v1/bookings", new { serviceId = others.Service, customerId = others.Customer, start = Ten.AddHours(1) })).JsonAsync()).GetProperty("id").GetString();
        using var staff = await app.SignedInAsync("http://acme.localhost/", "sam@acme.test");

        // Another provider's booking is not there for Sam: not in the list, not by id, and no change reaches it.
        Assert.DoesNotContain(theirs!, await staff.GetStringAsync("api/v1/bookings?pageSize=100"), StringComparison.Ordinal);
        Assert.DoesNotContain(theirs!, await staff.GetStringAsync($"api/v1/bookings?pageSize=100&providerId={others.Provider}"), StringComparison.Ordinal);
        await ExpectAsync(staff.GetAsync($"api/v1/bookings/{theirs}"), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        foreach (var action in new[] { "cancel", "complete", "no-show" })
        {
            await ExpectAsync(staff.PostAsJsonAsync($"api/v1/bookings/{theirs}/{action}", new { reason = "Not mine" }), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        }

        foreach (var action in new[] { "confirm", "reject" })
        {
            await ExpectAsync(staff.PostAsJsonAsync($"api/v1/bookings/{theirs}/{action}", new { reason = "Not mine" }), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        }

        await ExpectAsync(staff.PostAsJsonAsync($"api/v1/bookings/{theirs}/reschedule", new { start = Ten.AddHours(4) }), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await ExpectAsync(staff.PostAsJsonAsync("api/v1/bookings", new { serviceId = others.Service, providerId = others.Provider, customerId = others.Customer, start = Ten.AddHours(2) }), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        var unchanged = await (await manager.GetAsync($"api/v1/bookings/{theirs}")).JsonAsync();
        Assert.Equal(("Pending", 1), (unchanged.GetProperty("status").GetString(), unchanged.GetProperty("history").GetArrayLength()));
        Assert.Equal(1, await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().Bookings.CountAsync(b => b.ProviderId == others.Provider)));

        // On their own calendar Sam books, reads, moves and cancels, but still does not approve.
        var created = await staff.PostAsJsonAsync("api/v1/bookings", new { serviceId = own.Service, customerId = own.Customer, start = Ten.AddHours(1) });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var mine = (await created.JsonAsync()).GetProperty("id").GetString();
        Assert.Contains(mine!, await staff.GetStringAsync("api/v1/bookings?pageSize=100"), StringComparison.Ordinal);
        await ExpectAsync(staff.PostAsJsonAsync($"api/v1/bookings/{mine}/confirm", new { }), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsJsonAsync($"api/v1/bookings/{mine}/reschedule", new { start = Ten.AddHours(3) })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsJsonAsync($"api/v1/bookings/{mine}/cancel", new { reason = "Ill" })).StatusCode);
    }

    [Fact]
    public async Task Concurrent_requests_with_one_idempotency_key_all_answer_the_one_booking_and_another_body_is_422()
    {
        var seeded = await BookingTestData.SeedAsync(app);
        using var client = app.CreateClientFor("http://acme.localhost/");
        client.DefaultRequestHeaders.Add("X-Api-Key", Platform.Infrastructure.Seeding.DemoAccounts.ApiKeys["acme"]);
        var key = "race-" + Guid.NewGuid().ToString("N");

        Task<HttpResponseMessage> PostAsync(object body)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/bookings") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", key);
            return client.SendAsync(request);
        }

        var body = new { serviceId = seeded.Service, customerId = seeded.Customer, start = Ten.AddHours(6) };
        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => PostAsync(body)));
        var answers = new List<string>();
        foreach (var response in responses)
        {
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            answers.Add((await response.JsonAsync()).GetProperty("id").GetString()!);
        }

        Assert.Single(answers.Distinct());
        Assert.Equal(1, await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().Bookings.CountAsync(b => b.ServiceId == seeded.Service)));

        await ExpectAsync(PostAsync(body with { start = Ten.AddHours(7) }), HttpStatusCode.UnprocessableEntity, ErrorCodes.IdempotencyKeyReused);
        await ExpectAsync(PostAsync(new { serviceId = seeded.Service, customerId = seeded.Customer, start = Ten.AddHours(6), notes = "Another request" }), HttpStatusCode.UnprocessableEntity, ErrorCodes.IdempotencyKeyReused);
        Assert.Equal(1, await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().Bookings.CountAsync(b => b.ServiceId == seeded.Service)));
    }

    [Fact]
    public async Task Another_tenants_bookings_services_and_customers_answer_404_and_stay_untouched()
    {
        var seeded = await BookingTestData.SeedAsync(app);
        using var acme = await app.SignedInAsync("http://acme.localhost/", "admin@acme.test");
        var created = await (await acme.PostAsJsonAsync("api/v1/bookings", new { serviceId = seeded.Service, customerId = seeded.Customer, start = Ten.AddHours(5) })).JsonAsync();
        var bookingId = created.GetProperty("id").GetString();

        using var globex = await app.SignedInAsync("http://globex.localhost/", "admin@globex.test");
        await ExpectAsync(globex.GetAsync($"api/v1/bookings/{bookingId}"), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await ExpectAsync(globex.PostAsJsonAsync($"api/v1/bookings/{bookingId}/cancel", new { reason = "mine now" }), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await ExpectAsync(globex.PostAsJsonAsync($"api/v1/bookings/{bookingId}/reschedule", new { start = Ten.AddHours(7) }), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await ExpectAsync(globex.GetAsync($"api/v1/customers/{seeded.Customer}"), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await ExpectAsync(globex.GetAsync($"api/v1/availability?serviceId={seeded.Service}&from={Q(Ten)}&to={Q(Ten.AddDays(1))}"), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await ExpectAsync(globex.PostAsJsonAsync("api/v1/bookings", new { serviceId = seeded.Service, customerId = seeded.Customer, start = Ten.AddHours(7) }), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        Assert.DoesNotContain(bookingId!, await globex.GetStringAsync("api/v1/bookings?pageSize=100"), StringComparison.Ordinal);
        Assert.DoesNotContain(seeded.Customer.ToString(), await globex.GetStringAsync("api/v1/customers?pageSize=100"), StringComparison.Ordinal);

        var stillThere = await (await acme.GetAsync($"api/v1/bookings/{bookingId}")).JsonAsync();
        Assert.Equal("Confirmed", stillThere.GetProperty("status").GetString());
        Assert.Equal(created.GetProperty("start").GetString(), stillThere.GetProperty("start").GetString());
    }

    [Fact]
    public async Task The_booking_api_needs_a_signed_in_member_of_staff()
    {
        var seeded = await BookingTestData.SeedAsync(app);
        using var anonymous = app.CreateClientFor("http://acme.localhost/");
        using var customer = await app.SignedInAsync("http://acme.localhost/", "carla@example.com");

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("api/v1/bookings")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync("api/v1/bookings")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.PostAsJsonAsync("api/v1/bookings", new { serviceId = seeded.Service, customerId = seeded.Customer, start = Ten })).StatusCode);
    }

    [Fact]
    public async Task A_tenants_api_key_reads_and_books_without_the_tenant_in_the_address()
    {
        var seeded = await BookingTestData.SeedAsync(app);
        using var client = app.CreateClientFor("http://localhost/");
        client.DefaultRequestHeaders.Add("X-Api-Key", Platform.Infrastructure.Seeding.DemoAccounts.ApiKeys["acme"]);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"api/v1/availability?serviceId={seeded.Service}&from={Q(Ten)}&to={Q(Ten.AddHours(3))}")).StatusCode);
        Assert.Contains("Initial assessment", await client.GetStringAsync("api/v1/services"), StringComparison.Ordinal); // catalog:read
        var created = await client.PostAsJsonAsync("api/v1/bookings", new { serviceId = seeded.Service, customerId = seeded.Customer, start = Ten.AddHours(9) });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.JsonAsync()).GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"api/v1/bookings/{id}")).StatusCode);

        // The same key at globex's address is refused outright.
        using var elsewhere = app.CreateClientFor("http://globex.localhost/");
        elsewhere.DefaultRequestHeaders.Add("X-Api-Key", Platform.Infrastructure.Seeding.DemoAccounts.ApiKeys["acme"]);
        Assert.Equal(HttpStatusCode.Unauthorized, (await elsewhere.GetAsync($"api/v1/bookings/{id}")).StatusCode);
    }

    private static string Q(DateTimeOffset value) => Uri.EscapeDataString(value.ToString("O"));

    private static async Task<Dictionary<DateTimeOffset, string>> SlotStartsAsync(HttpClient client, SeededBooking seeded, string zone)
    {
        var response = await client.GetAsync($"api/v1/availability?serviceId={seeded.Service}&providerId={seeded.Provider}&from={Q(Ten.AddHours(-1))}&to={Q(Ten.AddHours(2))}&timeZone={Uri.EscapeDataString(zone)}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal(zone, body.GetProperty("timeZone").GetString());
        return body.GetProperty("slots").EnumerateArray().ToDictionary(
            s => s.GetProperty("start").GetDateTimeOffset(),
            s => s.GetProperty("localStart").GetDateTimeOffset().ToString("O"));
    }

    private static async Task ExpectAsync(Task<HttpResponseMessage> call, HttpStatusCode status, string code)
    {
        var response = await call;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, JsonDocument.Parse(body).RootElement.GetProperty("code").GetString());
    }
}

public sealed class SqliteBookingApiTests(SqliteBookingApiTests.App app) : BookingApiTests(app), IClassFixture<SqliteBookingApiTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);
}

public sealed class PostgresBookingApiTests(PostgresBookingApiTests.App app) : BookingApiTests(app), IClassFixture<PostgresBookingApiTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Postgres);
}
