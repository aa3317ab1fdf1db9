using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Access;
using Platform.Core.Errors;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Tenancy;
using Platform.Tests.Support;

namespace Platform.Tests.Tenancy;

/// <summary>The address use case on a real PostgreSQL server: it decides who may change the address and keeps what was typed.</summary>
public sealed class BusinessAddressSettingsTests(BusinessAddressSettingsTests.App app) : IClassFixture<BusinessAddressSettingsTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Postgres);

    public static TheoryData<string> LesserActors => new() { "staff", "manager", "customer", "anonymous", "integration" };

    [Theory]
    [MemberData(nameof(LesserActors))]
    public async Task Only_a_tenant_admin_may_change_the_address(string who)
    {
        var actor = who switch
        {
            "staff" => Actor.Staff(Guid.NewGuid()),
            "manager" => Actor.Manager(Guid.NewGuid()),
            "customer" => Actor.Customer(Guid.NewGuid()),
            "integration" => Actor.Integration(Guid.NewGuid(), ["bookings:write", "people:write"]),
            _ => Actor.Anonymous,
        };
        var before = await StoredAsync("acme");

        var outcome = await app.AsActorAsync("acme", actor, sp => sp.GetRequiredService<BusinessAddressSettings>().SaveAsync("1 Elsewhere Road"));

        Assert.Equal(ErrorCodes.Forbidden, outcome.Code);
        Assert.Equal(before, await StoredAsync("acme"));
    }

    [Fact]
    public async Task A_too_long_address_is_refused_and_nothing_is_saved()
    {
        var before = await StoredAsync("globex");
        var tooLong = new string('x', BusinessAddress.MaxLength + 1);

        var outcome = await app.AsActorAsync("globex", Actor.TenantAdmin(Guid.NewGuid()), sp => sp.GetRequiredService<BusinessAddressSettings>().SaveAsync(tooLong));

        Assert.False(outcome.Succeeded);
        Assert.Contains("at most 300 characters", Assert.Single(outcome.Errors[BusinessAddress.Field]), StringComparison.Ordinal);
        Assert.Equal(before, await StoredAsync("globex"));
    }

    [Fact]
    public async Task An_admin_saves_300_characters_with_umlauts_and_line_breaks_as_typed_in_its_own_tenant_only()
    {
        var globexBefore = await StoredAsync("globex");
        var acmeBefore = await StoredAsync("acme");
        var typed = ("Friedrichstraße 68 · Hinterhof\n10117 Berlin-Mitte\n" + new string('ü', 300))[..BusinessAddress.MaxLength];
        try
        {
            var outcome = await app.AsActorAsync("globex", Actor.TenantAdmin(Guid.NewGuid()), sp => sp.GetRequiredService<BusinessAddressSettings>().SaveAsync(typed));

            Assert.True(outcome.Succeeded);
            Assert.Equal(typed, outcome.Value!.Address);
            Assert.Equal(typed, await StoredAsync("globex"));
            Assert.Equal(acmeBefore, await StoredAsync("acme"));
        }
        finally
        {
            await app.AsActorAsync("globex", Actor.TenantAdmin(Guid.NewGuid()), sp => sp.GetRequiredService<BusinessAddressSettings>().SaveAsync(globexBefore));
        }
    }

    /// <summary>The address in the database, read past every cache.</summary>
    private Task<string?> StoredAsync(string slug) => app.InTenantAsync(slug, async sp =>
    {
        var db = sp.GetRequiredService<PlatformDbContext>();
        return await db.Tenants.AsNoTracking().Where(t => t.Slug == slug).Select(t => t.Address).SingleAsync();
    });
}
