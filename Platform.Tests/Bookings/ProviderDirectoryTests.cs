using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Access;
using Platform.Core.Bookings;
using Platform.Core.Common;
using Platform.Core.Errors;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Data;
using Platform.Tests.Support;

namespace Platform.Tests.Bookings;

/// <summary>Providers, their hours, date overrides and time off, through the real service on a real database.</summary>
public class ProviderDirectoryTests(ProviderDirectoryTests.App app) : IClassFixture<ProviderDirectoryTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);

    [Fact]
    public async Task The_demo_providers_work_weekdays_with_a_lunch_break()
    {
        var (_, providers) = await app.DemoCatalogAsync("acme");
        var sam = (await app.ProvidersAsync("acme", p => p.FindAsync(providers["Sam Rivera"])))!;
        Assert.Equal("America/New_York", sam.TimeZone);
        Assert.NotNull(sam.UserId);
        Assert.Equal(10, sam.WeeklyHours.Count);
        Assert.Equal([new WorkingPeriod(DayOfWeek.Monday, 540, 720), new WorkingPeriod(DayOfWeek.Monday, 780, 1020)], sam.WeeklyHours.Take(2));
        Assert.DoesNotContain(sam.WeeklyHours, h => h.Day is DayOfWeek.Saturday or DayOfWeek.Sunday);

        var customers = await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().Customers.AsNoTracking().ToListAsync());
        Assert.Equal(["carla@example.com", "dan@example.com", "erin@example.com"], customers.Select(c => c.Email).Order());
        Assert.All(customers, c => Assert.Equal(("America/New_York", true), (c.TimeZone, c.UserId.HasValue)));
    }

    public static TheoryData<string, string, Func<SaveProvider, SaveProvider>> InvalidFields => new()
    {
        { "empty name", nameof(SaveProvider.DisplayName), p => p with { DisplayName = "" } },
        { "long name", nameof(SaveProvider.DisplayName), p => p with { DisplayName = new string('n', 121) } },
        { "long bio", nameof(SaveProvider.Bio), p => p with { Bio = new string('b', 2001) } },
        { "not a zone", nameof(SaveProvider.TimeZone), p => p with { TimeZone = "Mars/Olympus" } },
        { "unknown user", nameof(SaveProvider.UserId), p => p with { UserId = Guid.NewGuid() } },
    };

    [Theory]
    [MemberData(nameof(InvalidFields))]
    public async Task An_invalid_field_is_reported_by_name_and_nothing_is_written(string because, string field, Func<SaveProvider, SaveProvider> spoil)
    {
        var before = await app.CatalogCountsAsync();
        var outcome = await app.ProvidersAsync("acme", p => p.CreateAsync(spoil(Valid())));
        Assert.False(outcome.Succeeded, because);
        Assert.Equal([field], outcome.Errors.Keys);
        Assert.Equal(before, await app.CatalogCountsAsync());
    }

    [Theory]
    [InlineData("carla@example.com", "customer")]
    [InlineData("lena@globex.test", "another tenant's staff")]
    [InlineData("sam@acme.test", "already linked")]
    public async Task Only_an_unlinked_staff_account_of_this_tenant_can_be_linked(string email, string because)
    {
        var userId = await app.InTenantAsync(email.EndsWith("globex.test", StringComparison.Ordinal) ? "globex" : "acme", sp =>
            sp.GetRequiredService<PlatformDbContext>().Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        var before = await app.CatalogCountsAsync();
        var outcome = await app.ProvidersAsync("acme", p => p.CreateAsync(Valid() with { UserId = userId }));
        Assert.False(outcome.Succeeded, because);
        Assert.Contains(nameof(SaveProvider.UserId), outcome.Errors);
        Assert.Equal(before, await app.CatalogCountsAsync());
    }

    [Fact]
    public async Task A_provider_round_trips_and_can_be_deactivated()
    {
        var managerId = await app.InTenantAsync("acme", sp =>
            sp.GetRequiredService<PlatformDbContext>().Users.Where(u => u.Email == "manager@acme.test").Select(u => u.Id).SingleAsync());
        var command = Valid() with { Bio = "Sports physio.", UserId = managerId };
        var created = await app.ProvidersAsync("acme", p => p.CreateAsync(command));
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.SelectMany(e => e.Value)));
        var read = (await app.ProvidersAsync("acme", p => p.FindAsync(created.Value!.Id)))!;
        Assert.Equal((command.DisplayName, "Sports physio.", "Europe/London", managerId, true), (read.DisplayName, read.Bio, read.TimeZone, read.UserId, read.IsActive));

        var updated = await app.ProvidersAsync("acme", p => p.UpdateAsync(read.Id, SaveProvider.From(read) with { TimeZone = "America/Chicago", UserId = null }));
        Assert.True(updated.Succeeded);
        Assert.Equal(("America/Chicago", (Guid?)null), (updated.Value!.TimeZone, updated.Value.UserId));

        Assert.False((await app.ProvidersAsync("acme", p => p.SetActiveAsync(read.Id, false))).Value!.IsActive);
        var active = await app.ProvidersAsync("acme", p => p.ListAsync(new ProviderQuery(PageRequest.Of(1, 100), null)).PageAsync());
        Assert.DoesNotContain(active.Items, p => p.Id == read.Id);
        var service = await app.CatalogAsync("acme", c => c.CreateAsync(new SaveService { Name = $"Solo {Guid.NewGuid():N}", Price = 1, ProviderIds = [read.Id] }));
        Assert.Contains(nameof(SaveService.ProviderIds), service.Errors); // inactive providers offer nothing new
    }

    [Fact]
    public async Task Weekly_hours_are_replaced_and_overlapping_periods_are_refused()
    {
        var id = (await app.ProvidersAsync("acme", p => p.CreateAsync(Valid()))).Value!.Id;
        WorkingPeriod[] week = [new(DayOfWeek.Monday, 480, 720), new(DayOfWeek.Monday, 780, 1020), new(DayOfWeek.Wednesday, 0, 1440)];
        var saved = await app.ProvidersAsync("acme", p => p.ReplaceWeeklyHoursAsync(id, week));
        Assert.True(saved.Succeeded);
        Assert.Equal(week, saved.Value!.WeeklyHours);

        var before = await app.CatalogCountsAsync();
        var overlapping = await app.ProvidersAsync("acme", p => p.ReplaceWeeklyHoursAsync(id,
            [new(DayOfWeek.Tuesday, 540, 600), new(DayOfWeek.Friday, 540, 720), new(DayOfWeek.Friday, 700, 800)]));
        Assert.Equal(["WeeklyHours.Friday"], overlapping.Errors.Keys);
        Assert.Contains("overlap", overlapping.Errors["WeeklyHours.Friday"][0], StringComparison.Ordinal);
        Assert.Equal(before, await app.CatalogCountsAsync());

        foreach (var bad in new WorkingPeriod[] { new(DayOfWeek.Monday, 600, 600), new(DayOfWeek.Monday, -10, 60), new(DayOfWeek.Monday, 1000, 1441) })
        {
            Assert.False((await app.ProvidersAsync("acme", p => p.ReplaceWeeklyHoursAsync(id, [bad]))).Succeeded);
        }

        Assert.Equal(week, (await app.ProvidersAsync("acme", p => p.FindAsync(id)))!.WeeklyHours);
    }

    [Fact]
    public async Task Date_overrides_give_a_date_its_own_hours_or_close_it()
    {
        var id = (await app.ProvidersAsync("acme", p => p.CreateAsync(Valid()))).Value!.Id;
        var christmas = new DateOnly(2026, 12, 24);
        var saturday = new DateOnly(2026, 12, 5);
        await app.ProvidersAsync("acme", p => p.SetDateHoursAsync(id, christmas, []));
        var outcome = await app.ProvidersAsync("acme", p => p.SetDateHoursAsync(id, saturday, [new LocalPeriod(600, 840)]));
        Assert.Equal([(saturday, false), (christmas, true)], outcome.Value!.Overrides.Select(o => (o.Date, o.IsClosed)));
        Assert.Equal([new LocalPeriod(600, 840)], outcome.Value.Overrides[0].Periods);

        var before = await app.CatalogCountsAsync();
        var bad = await app.ProvidersAsync("acme", p => p.SetDateHoursAsync(id, saturday, [new LocalPeriod(600, 840), new LocalPeriod(800, 900)]));
        Assert.Contains(ProviderDirectory.PeriodsField, bad.Errors);
        Assert.Equal(before, await app.CatalogCountsAsync());

        var removed = await app.ProvidersAsync("acme", p => p.RemoveDateHoursAsync(id, christmas));
        Assert.Equal([saturday], removed.Value!.Overrides.Select(o => o.Date));
    }

    [Fact]
    public async Task Time_off_is_entered_in_the_providers_zone_and_stored_in_utc()
    {
        var id = (await app.ProvidersAsync("acme", p => p.CreateAsync(Valid() with { TimeZone = "Europe/Berlin" }))).Value!.Id;
        var added = await app.ProvidersAsync("acme", p => p.AddTimeOffAsync(id, new DateTime(2026, 7, 1, 9, 0, 0), new DateTime(2026, 7, 3, 18, 0, 0), "Course"));
        var entry = Assert.Single(added.Value!.TimeOff);
        Assert.Equal(new DateTimeOffset(2026, 7, 1, 7, 0, 0, TimeSpan.Zero), entry.StartUtc); // CEST is UTC+2
        Assert.Equal(new DateTime(2026, 7, 3, 18, 0, 0), entry.EndLocal);

        var before = await app.CatalogCountsAsync();
        var backwards = await app.ProvidersAsync("acme", p => p.AddTimeOffAsync(id, new DateTime(2026, 7, 3, 9, 0, 0), new DateTime(2026, 7, 1, 9, 0, 0), ""));
        Assert.Contains(ProviderDirectory.EndField, backwards.Errors);
        var tooLong = await app.ProvidersAsync("acme", p => p.AddTimeOffAsync(id, new DateTime(2026, 1, 1), new DateTime(2027, 1, 3), ""));
        Assert.Contains(ProviderDirectory.EndField, tooLong.Errors);
        Assert.Equal(before, await app.CatalogCountsAsync());

        Assert.Empty((await app.ProvidersAsync("acme", p => p.RemoveTimeOffAsync(id, entry.Id))).Value!.TimeOff);
        Assert.Equal(ErrorCodes.NotFound, (await app.ProvidersAsync("acme", p => p.RemoveTimeOffAsync(id, entry.Id))).Code);
    }

    [Theory]
    [MemberData(nameof(ServiceCatalogTests.LesserActors), MemberType = typeof(ServiceCatalogTests))]
    public async Task Only_managers_change_providers_hours_and_time_off(string who)
    {
        var id = (await app.ProvidersAsync("acme", p => p.CreateAsync(Valid()))).Value!.Id;
        await app.ProvidersAsync("acme", p => p.SetDateHoursAsync(id, new DateOnly(2026, 12, 24), []));
        var timeOff = (await app.ProvidersAsync("acme", p => p.AddTimeOffAsync(id, new DateTime(2026, 8, 1), new DateTime(2026, 8, 2), "Away"))).Value!.TimeOff[0].Id;
        var before = await app.CatalogCountsAsync();

        var (outcomes, accounts) = await app.AsActorAsync("acme", CatalogActors.Lesser(who), async sp =>
        {
            var directory = sp.GetRequiredService<ProviderDirectory>();
            var changes = new[]
            {
                await directory.CreateAsync(Valid()),
                await directory.UpdateAsync(id, Valid() with { DisplayName = "Renamed" }),
                await directory.SetActiveAsync(id, false),
                await directory.ReplaceWeeklyHoursAsync(id, [new(DayOfWeek.Monday, 540, 600)]),
                await directory.SetDateHoursAsync(id, new DateOnly(2026, 12, 31), []),
                await directory.RemoveDateHoursAsync(id, new DateOnly(2026, 12, 24)),
                await directory.AddTimeOffAsync(id, new DateTime(2026, 9, 1), new DateTime(2026, 9, 2), ""),
                await directory.RemoveTimeOffAsync(id, timeOff),
            };
            return (changes, await directory.StaffAccountsAsync());
        });

        Assert.All(outcomes, o => Assert.Equal(ErrorCodes.Forbidden, o.Code));
        Assert.Equal(ErrorCodes.Forbidden, accounts.Code);
        Assert.Equal(before, await app.CatalogCountsAsync());
        var unchanged = (await app.ProvidersAsync("acme", p => p.FindAsync(id)))!;
        Assert.Equal((true, 0, 1, 1), (unchanged.IsActive, unchanged.WeeklyHours.Count, unchanged.Overrides.Count, unchanged.TimeOff.Count));
    }

    [Fact]
    public async Task A_staff_member_cannot_change_even_their_own_hours()
    {
        // The provider pages are for managers only: staff have never set their own hours or time off.
        var (_, providers) = await app.DemoCatalogAsync("acme");
        var sam = (await app.ProvidersAsync("acme", p => p.FindAsync(providers["Sam Rivera"])))!;
        var before = await app.CatalogCountsAsync();

        var (hours, timeOff, read) = await app.AsActorAsync("acme", Actor.Staff(sam.UserId!.Value), async sp =>
        {
            var directory = sp.GetRequiredService<ProviderDirectory>();
            return (await directory.ReplaceWeeklyHoursAsync(sam.Id, []),
                await directory.AddTimeOffAsync(sam.Id, new DateTime(2026, 8, 1), new DateTime(2026, 8, 2), ""),
                await directory.GetAsync(sam.Id));
        });

        Assert.Equal((ErrorCodes.Forbidden, ErrorCodes.Forbidden), (hours.Code, timeOff.Code));
        Assert.Equal(sam.WeeklyHours, read.Value!.WeeklyHours); // staff still read providers, their own and others
        Assert.Equal(before, await app.CatalogCountsAsync());
    }

    [Fact]
    public async Task Another_tenants_provider_is_not_found()
    {
        var (_, globex) = await app.DemoCatalogAsync("globex");
        var lena = globex["Lena Vogel"];
        Assert.Equal(ErrorCodes.NotFound, (await app.ProvidersAsync("acme", p => p.GetAsync(lena))).Code);
        var before = await app.CatalogCountsAsync();
        Assert.Equal(ErrorCodes.NotFound, (await app.ProvidersAsync("acme", p => p.UpdateAsync(lena, Valid()))).Code);
        Assert.Equal(ErrorCodes.NotFound, (await app.ProvidersAsync("acme", p => p.ReplaceWeeklyHoursAsync(lena, []))).Code);
        Assert.Equal(ErrorCodes.NotFound, (await app.ProvidersAsync("acme", p => p.SetActiveAsync(lena, false))).Code);
        Assert.Equal(before, await app.CatalogCountsAsync());
    }

    private static SaveProvider Valid() => new() { DisplayName = $"Robin {Guid.NewGuid():N}"[..20], TimeZone = "Europe/London" };
}
