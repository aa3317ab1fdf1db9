using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Access;
using Platform.Core.Common;
using Platform.Core.Errors;
using Platform.Infrastructure.Bookings;
using Platform.Tests.Support;

namespace Platform.Tests.Bookings;

/// <summary>The service catalog's rules, through the real service on a real database: bad input is refused field by field and writes nothing.</summary>
public class ServiceCatalogTests(ServiceCatalogTests.App app) : IClassFixture<ServiceCatalogTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);

    public static TheoryData<string, string, Func<SaveService, SaveService>> InvalidFields => new()
    {
        { "empty name", nameof(SaveService.Name), s => s with { Name = "  " } },
        { "long name", nameof(SaveService.Name), s => s with { Name = new string('n', 121) } },
        { "taken name", nameof(SaveService.Name), s => s with { Name = "follow-up SESSION" } },
        { "long description", nameof(SaveService.Description), s => s with { Description = new string('d', 2001) } },
        { "short duration", nameof(SaveService.DurationMinutes), s => s with { DurationMinutes = 0 } },
        { "long duration", nameof(SaveService.DurationMinutes), s => s with { DurationMinutes = 725 } },
        { "odd duration", nameof(SaveService.DurationMinutes), s => s with { DurationMinutes = 47 } },
        { "negative price", nameof(SaveService.Price), s => s with { Price = -1m } },
        { "fractional cents", nameof(SaveService.Price), s => s with { Price = 10.005m } },
        { "unknown currency", nameof(SaveService.Currency), s => s with { Currency = "XYZ" } },
        { "buffer before", nameof(SaveService.BufferBeforeMinutes), s => s with { BufferBeforeMinutes = 241 } },
        { "buffer after", nameof(SaveService.BufferAfterMinutes), s => s with { BufferAfterMinutes = -5 } },
        { "no capacity", nameof(SaveService.Capacity), s => s with { Capacity = 0 } },
        { "huge capacity", nameof(SaveService.Capacity), s => s with { Capacity = 501 } },
        { "notice", nameof(SaveService.MinimumNoticeMinutes), s => s with { MinimumNoticeMinutes = (60 * 24 * 60) + 1 } },
        { "no advance", nameof(SaveService.MaximumDaysInAdvance), s => s with { MaximumDaysInAdvance = 0 } },
        { "far advance", nameof(SaveService.MaximumDaysInAdvance), s => s with { MaximumDaysInAdvance = 731 } },
        { "cancellation", nameof(SaveService.CancellationWindowHours), s => s with { CancellationWindowHours = 721 } },
        { "tiny interval", nameof(SaveService.SlotIntervalMinutes), s => s with { SlotIntervalMinutes = 4 } },
        { "uneven interval", nameof(SaveService.SlotIntervalMinutes), s => s with { SlotIntervalMinutes = 7 } },
        { "long interval", nameof(SaveService.SlotIntervalMinutes), s => s with { SlotIntervalMinutes = 480 } },
        { "unknown provider", nameof(SaveService.ProviderIds), s => s with { ProviderIds = [Guid.NewGuid()] } },
    };

    [Theory]
    [MemberData(nameof(InvalidFields))]
    public async Task An_invalid_field_is_reported_by_name_and_nothing_is_written(string because, string field, Func<SaveService, SaveService> spoil)
    {
        var before = await app.CatalogCountsAsync();

        var created = await app.CatalogAsync("acme", c => c.CreateAsync(spoil(Valid())));

        Assert.False(created.Succeeded, because);
        var messages = Assert.Contains(field, created.Errors);
        Assert.All(messages, m => Assert.False(string.IsNullOrWhiteSpace(m)));
        Assert.Single(created.Errors);
        Assert.Equal(before, await app.CatalogCountsAsync());

        var (services, _) = await app.DemoCatalogAsync("acme");
        var updated = await app.CatalogAsync("acme", c => c.UpdateAsync(services["Initial assessment"], spoil(Valid() with { Name = "Initial assessment" })));
        Assert.False(updated.Succeeded, because);
        Assert.Contains(field, updated.Errors);
        var unchanged = await app.CatalogAsync("acme", c => c.FindAsync(services["Initial assessment"]));
        Assert.Equal((60, 95.00m, 1), (unchanged!.DurationMinutes, unchanged.Price.Amount, unchanged.Capacity));
        Assert.Equal(before, await app.CatalogCountsAsync());
    }

    [Fact]
    public async Task Another_tenants_provider_cannot_offer_a_service()
    {
        var (_, globexProviders) = await app.DemoCatalogAsync("globex");
        var before = await app.CatalogCountsAsync();

        var outcome = await app.CatalogAsync("acme", c => c.CreateAsync(Valid() with { ProviderIds = [globexProviders["Lena Vogel"]] }));

        Assert.Contains(nameof(SaveService.ProviderIds), outcome.Errors);
        Assert.Equal(before, await app.CatalogCountsAsync());
    }

    [Fact]
    public async Task A_service_round_trips_with_the_tenants_currency_by_default_and_its_providers()
    {
        var (_, providers) = await app.DemoCatalogAsync("acme");
        var command = Valid() with
        {
            Description = "Hands-on work on the back.",
            Price = 82.50m,
            BufferBeforeMinutes = 10,
            BufferAfterMinutes = 5,
            Capacity = 2,
            RequiresApproval = true,
            MinimumNoticeMinutes = 60 * 24,
            MaximumDaysInAdvance = 90,
            CancellationWindowHours = 48,
            SlotIntervalMinutes = 30,
            ProviderIds = [providers["Sam Rivera"]],
        };

        var created = await app.CatalogAsync("acme", c => c.CreateAsync(command));

        Assert.True(created.Succeeded, string.Join("; ", created.Errors.SelectMany(e => e.Value)));
        var read = (await app.CatalogAsync("acme", c => c.FindAsync(created.Value!.Id)))!;
        Assert.Equal(new Money(82.50m, "USD"), read.Price);
        Assert.Equal(command with { Currency = "USD" }, SaveService.From(read) with { ProviderIds = command.ProviderIds });
        Assert.Equal([providers["Sam Rivera"]], read.ProviderIds);

        var update = SaveService.From(read) with { Name = command.Name + " (long)", DurationMinutes = 90, Currency = "EUR", ProviderIds = [providers["Jo Chen"], providers["Sam Rivera"]] };
        var updated = await app.CatalogAsync("acme", c => c.UpdateAsync(read.Id, update));
        Assert.True(updated.Succeeded);
        var reread = (await app.CatalogAsync("acme", c => c.FindAsync(read.Id)))!;
        Assert.Equal((update.Name, 90, new Money(82.50m, "EUR")), (reread.Name, reread.DurationMinutes, reread.Price));
        Assert.Equal(update.ProviderIds.Order(), reread.ProviderIds.Order());

        var narrowed = await app.CatalogAsync("acme", c => c.SetProvidersAsync(read.Id, [providers["Jo Chen"]]));
        Assert.True(narrowed.Succeeded);
        Assert.Equal([providers["Jo Chen"]], (await app.CatalogAsync("acme", c => c.FindAsync(read.Id)))!.ProviderIds);
    }

    [Fact]
    public async Task Archived_services_leave_the_active_list_free_their_name_and_come_back()
    {
        var name = $"Dry needling {Guid.NewGuid():N}"[..24];
        var first = await app.CatalogAsync("acme", c => c.CreateAsync(Valid() with { Name = name }));
        Assert.True((await app.CatalogAsync("acme", c => c.SetArchivedAsync(first.Value!.Id, true))).Succeeded);

        var active = await app.CatalogAsync("acme", c => c.ListAsync(new ServiceQuery(PageRequest.Of(1, 100), name)).PageAsync());
        Assert.Empty(active.Items);
        var all = await app.CatalogAsync("acme", c => c.ListAsync(new ServiceQuery(PageRequest.Of(1, 100), name, IncludeArchived: true)).PageAsync());
        Assert.True(Assert.Single(all.Items).IsArchived);

        var second = await app.CatalogAsync("acme", c => c.CreateAsync(Valid() with { Name = name }));
        Assert.True(second.Succeeded); // the name is unique among active services only

        var back = await app.CatalogAsync("acme", c => c.SetArchivedAsync(first.Value!.Id, false));
        Assert.Equal(ErrorCodes.Conflict, back.Code);
        Assert.Contains(nameof(SaveService.Name), back.Errors);
    }

    [Fact]
    public async Task The_list_is_searched_paged_and_counts_providers()
    {
        var page = await app.CatalogAsync("acme", c => c.ListAsync(new ServiceQuery(PageRequest.Of(1, 100), "ASSESS")).PageAsync());
        var assessment = Assert.Single(page.Items);
        Assert.Equal(("Initial assessment", 60, new Money(95.00m, "USD"), 1, 2), (assessment.Name, assessment.DurationMinutes, assessment.Price, assessment.Capacity, assessment.ProviderCount));

        var first = await app.CatalogAsync("acme", c => c.ListAsync(new ServiceQuery(PageRequest.Of(1, 2), null)).PageAsync());
        Assert.Equal(2, first.Items.Count);
        Assert.True(first.Total >= 3);
    }

    public static TheoryData<string> LesserActors => ["staff", "customer", "anonymous", "key"];

    [Theory]
    [MemberData(nameof(LesserActors))]
    public async Task Only_managers_change_services(string who)
    {
        var actor = CatalogActors.Lesser(who);
        var (services, providers) = await app.DemoCatalogAsync("acme");
        var id = services["Initial assessment"];
        var before = await app.CatalogCountsAsync();

        var outcomes = await app.AsActorAsync("acme", actor, async sp =>
        {
            var catalog = sp.GetRequiredService<ServiceCatalog>();
            return new[]
            {
                await catalog.CreateAsync(Valid()),
                await catalog.UpdateAsync(id, Valid() with { Name = "Initial assessment", DurationMinutes = 30 }),
                await catalog.SetProvidersAsync(id, [providers["Jo Chen"]]),
                await catalog.SetArchivedAsync(id, true),
            };
        });

        Assert.All(outcomes, o => Assert.Equal(ErrorCodes.Forbidden, o.Code));
        Assert.Equal(before, await app.CatalogCountsAsync());
        var unchanged = (await app.CatalogAsync("acme", c => c.FindAsync(id)))!;
        Assert.Equal((60, false, 2), (unchanged.DurationMinutes, unchanged.IsArchived, unchanged.ProviderIds.Count));
    }

    [Theory]
    [InlineData("staff", true)]
    [InlineData("key", true)]
    [InlineData("key without catalog scope", false)]
    [InlineData("customer", false)]
    [InlineData("anonymous", false)]
    public async Task Staff_and_catalog_keys_read_the_catalog_and_nobody_else(string who, bool reads)
    {
        var (services, providers) = await app.DemoCatalogAsync("acme");
        var outcomes = await app.AsActorAsync("acme", CatalogActors.Lesser(who), async sp =>
        {
            var catalog = sp.GetRequiredService<ServiceCatalog>();
            var directory = sp.GetRequiredService<ProviderDirectory>();
            return (Service: await catalog.GetAsync(services["Initial assessment"]), Services: await catalog.ListAsync(new ServiceQuery(PageRequest.First)),
                Provider: await directory.GetAsync(providers["Sam Rivera"]), Providers: await directory.ListAsync(new ProviderQuery(PageRequest.First)));
        });

        string?[] codes = [outcomes.Service.Code, outcomes.Services.Code, outcomes.Provider.Code, outcomes.Providers.Code];
        Assert.All(codes, code => Assert.Equal(reads ? null : ErrorCodes.Forbidden, code));
        Assert.Equal(reads, outcomes.Service.Value is { Name: "Initial assessment" } && outcomes.Services.Value?.Items.Count > 0);
        Assert.Equal(reads, outcomes.Provider.Value is { DisplayName: "Sam Rivera" } && outcomes.Providers.Value?.Items.Count > 0);
    }

    [Fact]
    public async Task A_manager_changes_services()
    {
        var created = await app.AsActorAsync("acme", Actor.Manager(Guid.NewGuid()), sp => sp.GetRequiredService<ServiceCatalog>().CreateAsync(Valid()));
        Assert.True(created.Succeeded);
        var archived = await app.AsActorAsync("acme", Actor.TenantAdmin(Guid.NewGuid()), sp => sp.GetRequiredService<ServiceCatalog>().SetArchivedAsync(created.Value!.Id, true));
        Assert.True(archived.Value!.IsArchived);
    }

    [Fact]
    public async Task Another_tenants_service_is_not_found()
    {
        var (globex, _) = await app.DemoCatalogAsync("globex");
        var id = globex["Colour"];
        Assert.Equal(ErrorCodes.NotFound, (await app.CatalogAsync("acme", c => c.GetAsync(id))).Code);
        var before = await app.CatalogCountsAsync();
        Assert.Equal(ErrorCodes.NotFound, (await app.CatalogAsync("acme", c => c.UpdateAsync(id, Valid()))).Code);
        Assert.Equal(ErrorCodes.NotFound, (await app.CatalogAsync("acme", c => c.SetArchivedAsync(id, true))).Code);
        Assert.Equal(before, await app.CatalogCountsAsync());
        Assert.False((await app.CatalogAsync("globex", c => c.FindAsync(id)))!.IsArchived);
    }

    private static SaveService Valid() => new()
    {
        Name = $"Sports massage {Guid.NewGuid():N}"[..30],
        DurationMinutes = 60,
        Price = 80m,
        Capacity = 1,
    };
}
