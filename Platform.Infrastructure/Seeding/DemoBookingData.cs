using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Bookings;
using Platform.Core.Common;
using Platform.Core.Identity;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Tenancy;

namespace Platform.Infrastructure.Seeding;

/// <summary>The demo tenants' providers, services and customer records, so the booking pages have something to show.</summary>
public static class DemoBookingData
{
    private sealed record DemoProvider(string Email, DayOfWeek[] Days, int Open, int BreakStart, int BreakEnd, int Close);

    private sealed record DemoService(string Name, string Description, int Minutes, decimal Price)
    {
        public int Capacity { get; init; } = 1;

        public int BufferAfter { get; init; }

        public bool RequiresApproval { get; init; }
    }

    private static readonly DayOfWeek[] MondayToFriday = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];
    private static readonly DayOfWeek[] TuesdayToSaturday = [DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday];

    private static readonly Dictionary<string, (DemoProvider[] Providers, DemoService[] Services)> ByTenant = new()
    {
        ["acme"] = (
            [
                new("sam@acme.test", MondayToFriday, 9 * 60, 12 * 60, 13 * 60, 17 * 60),
                new("jo@acme.test", MondayToFriday, 9 * 60, 12 * 60, 13 * 60, 17 * 60),
            ],
            [
                new("Initial assessment", "A first, thorough look at what brings you in, and a plan.", 60, 95.00m) { BufferAfter = 15 },
                new("Follow-up session", "Treatment and exercises, building on your plan.", 45, 70.00m),
                new("Group mobility class", "Gentle strength and mobility in a small group.", 60, 25.00m) { Capacity = 6 },
            ]),
        ["globex"] = (
            [
                new("lena@globex.test", TuesdayToSaturday, 10 * 60, 13 * 60, 14 * 60, 19 * 60),
                new("tom@globex.test", TuesdayToSaturday, 10 * 60, 13 * 60, 14 * 60, 19 * 60),
            ],
            [
                new("Cut & style", "Wash, cut and style.", 45, 48.00m),
                new("Colour", "Full colour; we confirm your booking after a short consultation.", 120, 120.00m) { RequiresApproval = true },
            ]),
    };

    /// <summary>Seeds one demo tenant's booking data, after its users exist; every row is written in that tenant's scope.</summary>
    public static async Task SeedAsync(TenantScopeFactory scopes, Guid tenantId, DemoTenant demo, TimeProvider clock, CancellationToken ct = default)
    {
        await using var scope = await scopes.CreateAsync(tenantId, ct);
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var users = await db.Users.AsNoTracking().ToDictionaryAsync(u => u.Email!, u => u.Id, StringComparer.OrdinalIgnoreCase, ct);

        if (ByTenant.TryGetValue(demo.Slug, out var data))
        {
            var providers = data.Providers.Select(p => NewProvider(p, demo, users)).ToList();
            db.Providers.AddRange(providers);
            foreach (var s in data.Services)
            {
                var service = new Service
                {
                    Name = s.Name,
                    Description = s.Description,
                    DurationMinutes = s.Minutes,
                    Price = new Money(s.Price, demo.Currency),
                    Capacity = s.Capacity,
                    BufferAfterMinutes = s.BufferAfter,
                    RequiresApproval = s.RequiresApproval,
                };
                service.Offerings.AddRange(providers.Select(p => new ServiceOffering { ServiceId = service.Id, ProviderId = p.Id }));
                db.Services.Add(service);
            }
        }

        foreach (var person in demo.Users.Where(u => u.Role == PlatformRoles.Customer))
        {
            db.Customers.Add(new Customer
            {
                UserId = users[person.Email],
                Name = person.DisplayName,
                Email = person.Email,
                TimeZone = demo.TimeZone,
                CreatedAt = clock.GetUtcNow(),
            });
        }

        await db.SaveChangesAsync(ct);
    }

    private static Provider NewProvider(DemoProvider p, DemoTenant demo, Dictionary<string, Guid> users)
    {
        var provider = new Provider
        {
            DisplayName = demo.Users.Single(u => u.Email == p.Email).DisplayName,
            TimeZone = demo.TimeZone,
            UserId = users[p.Email],
        };
        foreach (var day in p.Days)
        {
            provider.WeeklyHours.Add(new WeeklyHours { ProviderId = provider.Id, Day = day, StartMinute = p.Open, EndMinute = p.BreakStart });
            provider.WeeklyHours.Add(new WeeklyHours { ProviderId = provider.Id, Day = day, StartMinute = p.BreakEnd, EndMinute = p.Close });
        }

        return provider;
    }
}
