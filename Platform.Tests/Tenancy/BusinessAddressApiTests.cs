using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Errors;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Tenancy;
using Platform.Tests.Support;

namespace Platform.Tests.Tenancy;

/// <summary>/api/v1/tenant/address over HTTP on a real SQLite database: admins change it as sent, nobody else, nowhere else.</summary>
public sealed class BusinessAddressApiTests(BusinessAddressApiTests.App app) : IClassFixture<BusinessAddressApiTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite)
    {
        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await this.CreateTenantAsync("initech", "Initech Consulting", PlanTier.Free);
        }
    }

    [Fact]
    public async Task An_admin_saves_the_address_exactly_as_sent_and_removes_it_with_an_empty_one()
    {
        using var initech = await app.SignedInAsync("http://initech.localhost/", "admin@initech.test");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, (await (await initech.GetAsync("api/v1/tenant/address")).JsonAsync()).GetProperty("address").ValueKind);
        const string typed = " Unit 5, The Yard\r\n\r\nLondon  EC1A 1BB \n";

        var saved = await initech.PutAsJsonAsync("api/v1/tenant/address", new { address = typed });

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(typed, (await saved.JsonAsync()).GetProperty("address").GetString());
        Assert.Equal(typed, (await (await initech.GetAsync("api/v1/tenant/address")).JsonAsync()).GetProperty("address").GetString());
        Assert.Equal(typed, (await StoredAsync("initech")).Address);

        var removed = await initech.PutAsJsonAsync("api/v1/tenant/address", new { address = "" });
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, (await removed.JsonAsync()).GetProperty("address").ValueKind);
        Assert.Null((await StoredAsync("initech")).Address);
    }

    [Theory]
    [InlineData("manager@acme.test")]
    [InlineData("sam@acme.test")]
    public async Task Staff_and_managers_may_read_the_address_but_are_refused_a_change(string email)
    {
        using var member = await app.SignedInAsync("http://acme.localhost/", email);
        var before = (await StoredAsync("acme")).Address;

        var read = await member.GetAsync("api/v1/tenant/address");
        var response = await member.PutAsJsonAsync("api/v1/tenant/address", new { address = "1 Elsewhere Road" });

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(before, (await read.JsonAsync()).GetProperty("address").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(before, (await StoredAsync("acme")).Address);
    }

    [Fact]
    public async Task A_visitor_who_is_not_signed_in_may_neither_read_nor_change_it()
    {
        using var anonymous = app.CreateClientFor("http://acme.localhost/");
        var before = (await StoredAsync("acme")).Address;

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("api/v1/tenant/address")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PutAsJsonAsync("api/v1/tenant/address", new { address = "1 Elsewhere Road" })).StatusCode);
        Assert.Equal(before, (await StoredAsync("acme")).Address);
    }

    [Theory]
    [InlineData(301, "at most 300 characters; this one has 301")]
    [InlineData(0, "only spaces")]
    [InlineData(-1, "control character")]
    public async Task A_bad_address_is_refused_naming_the_field_and_nothing_changes(int length, string message)
    {
        using var acme = await app.SignedInAsync("http://acme.localhost/", "admin@acme.test");
        var before = (await StoredAsync("acme")).Address;
        var address = length switch
        {
            0 => "   \n  ",
            -1 => "1 Main Street\u0007\nNew York",
            _ => string.Concat(Enumerable.Repeat("Street 1\n", 40))[..length],
        };

        var response = await acme.PutAsJsonAsync("api/v1/tenant/address", new { address });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Equal(ErrorCodes.ValidationFailed, problem.GetProperty("code").GetString());
        Assert.Contains(message, problem.GetProperty("errors").GetProperty("address")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(before, (await StoredAsync("acme")).Address);
        Assert.Equal(before, (await (await acme.GetAsync("api/v1/tenant/address")).JsonAsync()).GetProperty("address").GetString());
    }

    [Fact]
    public async Task Three_hundred_characters_on_several_lines_are_accepted()
    {
        using var initech = await app.SignedInAsync("http://initech.localhost/", "admin@initech.test");
        var address = string.Concat(Enumerable.Repeat("Straße 1\n", 40))[..BusinessAddress.MaxLength];

        var response = await initech.PutAsJsonAsync("api/v1/tenant/address", new { address });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(address, (await StoredAsync("initech")).Address);
    }

    [Fact]
    public async Task An_acme_admins_cookie_replayed_at_globex_cannot_change_globexs_address()
    {
        using var acme = app.CreateClientFor("http://acme.localhost/");
        var signIn = await acme.SignInResponseAsync("admin@acme.test", Infrastructure.Seeding.DemoAccounts.Password);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("platform.auth=", StringComparison.Ordinal)).Split(';')[0];
        var before = (await StoredAsync("globex")).Address;
        Assert.NotNull(before);

        using var bare = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
        foreach (var address in new[] { "http://globex.localhost/api/v1/tenant/address", "http://localhost/t/globex/api/v1/tenant/address" })
        {
            using var replay = new HttpRequestMessage(HttpMethod.Put, address) { Content = JsonContent.Create(new { address = "Taken over by acme" }) };
            replay.Headers.Add("Cookie", cookie);
            var response = await bare.SendAsync(replay);
            Assert.True(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"{address}: {(int)response.StatusCode}");
        }

        // The acme admin's own changes stay in acme.
        using var admin = await app.SignedInAsync("http://acme.localhost/", "admin@acme.test");
        var acmeBefore = (await StoredAsync("acme")).Address;
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("api/v1/tenant/address", new { address = acmeBefore + "\nFloor 4" })).StatusCode);
        Assert.Equal(before, (await StoredAsync("globex")).Address);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("api/v1/tenant/address", new { address = acmeBefore })).StatusCode);
    }

    /// <summary>The tenant as the portal sees it, past the catalog cache.</summary>
    private async Task<TenantInfo> StoredAsync(string slug)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var catalog = scope.ServiceProvider.GetRequiredService<TenantCatalog>();
        var id = await app.TenantIdAsync(slug);
        await catalog.InvalidateAsync(id);
        return (await catalog.FindByIdAsync(id))!;
    }
}
