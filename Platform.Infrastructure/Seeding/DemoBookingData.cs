using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Bookings;
using Platform.Core.Common;
using Platform.Core.Identity;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Tenancy;

namespace Platform.Infrastructure.Seeding;

/// <summary>The demo tenants' providers, services and customer records, so the booking pages have something to show.</summary>
public static class DemoBookingData
{
    private sealed record DemoProvider(string Email, DayOfWeek[] Days, int Open, int BreakStart, int BreakEnd, int Close, string Bio);

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
                new("sam@acme.test", MondayToFriday, 9 * 60, 12 * 60, 13 * 60, 17 * 60, "Sports physiotherapist; knees, shoulders and getting runners back on the road."),
                new("jo@acme.test", MondayToFriday, 9 * 60, 12 * 60, 13 * 60, 17 * 60, "Back and neck pain, posture, and gentle rehabilitation after surgery."),
            ],
            [
                new("Initial assessment", "A first, thorough look at what brings you in, and a plan.", 60, 95.00m) { BufferAfter = 15 },
                new("Follow-up session", "Treatment and exercises, building on your plan.", 45, 70.00m),
                new("Group mobility class", "Gentle strength and mobility in a small group.", 60, 25.00m) { Capacity = 6 },
            ]),
        ["globex"] = (
            [
                new("lena@globex.test", TuesdayToSaturday, 10 * 60, 13 * 60, 14 * 60, 19 * 60, "Precision cuts and short styles; ten years in the salon."),
                new("tom@globex.test", TuesdayToSaturday, 10 * 60, 13 * 60, 14 * 60, 19 * 60, "Colour specialist: balayage, highlights and colour corrections."),
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

    /// <summary>
    /// A lived-in calendar for the demo: bookings over the next ten days, placed through the ledger so they obey every rule,
    /// and six weeks behind of completed, missed and cancelled ones, made at the desk, on the portal and through the API,
    /// some days to weeks ahead, so that Insights has a past to show. Only for the running demo (tests keep empty calendars
    /// they can reason about).
    /// </summary>
    public static async Task SeedBookingsAsync(TenantScopeFactory scopes, Guid tenantId, TimeProvider clock, CancellationToken ct = default)
    {
        await using var scope = await scopes.CreateAsync(tenantId, ct);
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var ledger = scope.ServiceProvider.GetRequiredService<BookingLedger>();
        var availability = scope.ServiceProvider.GetRequiredService<AvailabilityQuery>();
        var services = await db.Services.AsNoTracking().OrderBy(s => s.Name).ToListAsync(ct);
        var customers = await db.Customers.AsNoTracking().OrderBy(c => c.Name).Select(c => c.Id).ToListAsync(ct);
        var staffOf = await db.Providers.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.UserId, ct);
        var today = new DateTimeOffset(clock.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero);
        var placed = 0;
        var history = new List<(Guid Provider, UtcRange Occupied)>();
        for (var day = -42; day <= 10; day++)
        {
            foreach (var (service, index) in services.Select((s, i) => (s, i)))
            {
                // Past days have no free slots to ask for; look them up on the same weekday two to three weeks ahead (clear
                // of the bookings placed for the next ten days), then write them as history.
                var weeksAhead = day < 0 ? 3 + ((-day - 1) / 7) : 0;
                var lookup = today.AddDays(day + (7 * weeksAhead));
                var found = await availability.FindAsync(new AvailabilityRequest(service.Id, null, lookup, lookup.AddDays(1)), ct);
                var slots = found.Value ?? [];
                for (var pick = 0; pick < 2 && slots.Count > 0; pick++)
                {
                    var slot = slots[(((day * 7) + (index * 5) + (pick * 11) + 100) % slots.Count + slots.Count) % slots.Count];
                    var customer = customers[placed++ % customers.Count];
                    if (day >= 0)
                    {
                        await ledger.PlaceAsync(new PlaceBooking(service.Id, slot.ProviderId, customer, slot.Start) { Notes = pick == 1 ? "Booked by phone" : "" }, ct);
                        continue;
                    }

                    var past = PastBooking(service, slot.ProviderId, customer, slot.Start.AddDays(-7 * weeksAhead), placed, clock.GetUtcNow(), staffOf.GetValueOrDefault(slot.ProviderId));
                    if (!history.Any(h => h.Provider == past.ProviderId && h.Occupied.Overlaps(past.Occupied)))
                    {
                        history.Add((past.ProviderId, past.Occupied));
                        db.Bookings.Add(past);
                        await db.SaveChangesAsync(ct); // now: the ledger clears the change tracker for each booking it places
                    }
                }
            }
        }
    }

    /// <summary>
    /// A booking of the past: the <paramref name="nth"/> decides how it was made and how it ended, the same way on every
    /// run. The provider (<paramref name="staff"/>) made those of the front desk, and closed or cancelled those that were.
    /// </summary>
    private static Booking PastBooking(Service service, Guid providerId, Guid customerId, DateTimeOffset start, int nth, DateTimeOffset now, Guid? staff)
    {
        var rules = service.ToSlotRules();
        var occupied = rules.Occupied(start);
        var booking = new Booking
        {
            ServiceId = service.Id,
            ProviderId = providerId,
            CustomerId = customerId,
            StartUtc = start,
            EndUtc = start + rules.Duration,
            OccupiedStartUtc = occupied.Start,
            OccupiedEndUtc = occupied.End,
            Status = BookingStatus.Confirmed,
            Price = service.Price,
            CreatedAt = start.AddHours(-(6 + (nth * 37 % 500))),
            Channel = (nth % 5) switch { 0 or 3 => BookingChannel.Portal, 4 => BookingChannel.Api, _ => BookingChannel.FrontDesk },
        };
        var atDesk = booking.Channel == BookingChannel.FrontDesk;
        booking.History.Add(new BookingChange { BookingId = booking.Id, Kind = BookingChangeKind.Created, At = booking.CreatedAt, ByUserId = atDesk ? staff : null });
        _ = (nth % 11) switch
        {
            0 => booking.MarkNoShow(start.Add(rules.Duration), staff),
            3 => booking.Apply(BookingAction.Cancel, booking.CreatedAt.AddHours(2), null, "Could not make it"),
            7 => booking.Apply(BookingAction.Cancel, booking.CreatedAt.AddHours(2), staff, "The customer called to cancel"),
            _ => booking.Complete(start.Add(rules.Duration), staff),
        };
        return booking;
    }

    private static Provider NewProvider(DemoProvider p, DemoTenant demo, Dictionary<string, Guid> users)
    {
        var provider = new Provider
        {
            DisplayName = demo.Users.Single(u => u.Email == p.Email).DisplayName,
            TimeZone = demo.TimeZone,
            UserId = users[p.Email],
            Bio = p.Bio,
        };
        foreach (var day in p.Days)
        {
            provider.WeeklyHours.Add(new WeeklyHours { ProviderId = provider.Id, Day = day, StartMinute = p.Open, EndMinute = p.BreakStart });
            provider.WeeklyHours.Add(new WeeklyHours { ProviderId = provider.Id, Day = day, StartMinute = p.BreakEnd, EndMinute = p.Close });
        }

        return provider;
    }
}
