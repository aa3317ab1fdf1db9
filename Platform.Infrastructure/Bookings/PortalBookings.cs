using Microsoft.EntityFrameworkCore;
using Platform.Core.Access;
using Platform.Core.Bookings;
using Platform.Core.Common;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Data;

namespace Platform.Infrastructure.Bookings;

public sealed record BookableService(Guid Id, string Name, string Description, int DurationMinutes, Money Price, int MaximumDaysInAdvance, IReadOnlyList<BookableProvider> Providers);

public sealed record BookableProvider(Guid Id, string DisplayName);

public sealed record GuestDetails(string Name, string Email, string? Phone, string Notes, string TimeZone);

public sealed record PlacedBooking(Guid Id, string Token, string Email, BookingStatus Status);

/// <summary>A customer's booking as the portal lists it, with the signed link that manages it.</summary>
public sealed record CustomerBooking(Guid Id, string Service, string Provider, DateTimeOffset StartUtc, BookingStatus Status, string TimeZone, string Token);

/// <summary>The booking a signed link names, as its holder sees it: whether it can still be changed online, and in which zone.</summary>
public sealed record ManagedBooking(
    Guid Id, Guid ServiceId, Guid ProviderId, string Service, string Provider, DateTimeOffset StartUtc, string TimeZone, BookingStatus Status, bool CanChange);

/// <summary>
/// What a tenant's portal reads and does for its visitors: the services on offer, free times, booking as a guest or as
/// the signed-in customer, the customer's own bookings, and the booking a signed link names.
/// </summary>
public sealed class PortalBookings(
    IDbContextFactory<PlatformDbContext> contexts,
    ICurrentActor actors,
    AvailabilityQuery availability,
    BookingLedger ledger,
    CustomerDirectory customers,
    BookingLinks links,
    ITenantContext tenantContext,
    TimeProvider clock)
{
    /// <summary>The most bookings a customer's list shows.</summary>
    public const int MaxListed = 200;

    public async Task<IReadOnlyList<BookableService>> ServicesAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var services = await db.Services.AsNoTracking().Where(s => !s.IsArchived).Include(s => s.Offerings).OrderBy(s => s.Name).ToListAsync(ct);
        var providerIds = services.SelectMany(s => s.Offerings.Select(o => o.ProviderId)).Distinct().ToList();
        var providers = await db.Providers.AsNoTracking().Where(p => providerIds.Contains(p.Id) && p.IsActive)
            .Select(p => new BookableProvider(p.Id, p.DisplayName)).ToDictionaryAsync(p => p.Id, ct);
        return [.. services
            .Select(s => new BookableService(s.Id, s.Name, s.Description, s.DurationMinutes, s.Price, s.MaximumDaysInAdvance,
                [.. s.Offerings.Where(o => providers.ContainsKey(o.ProviderId)).Select(o => providers[o.ProviderId]).OrderBy(p => p.DisplayName)]))
            .Where(s => s.Providers.Count > 0)];
    }

    /// <summary>Free start times on one local date of the visitor's zone, once each even when several providers have them.</summary>
    public async Task<Outcome<IReadOnlyList<Slot>>> SlotsAsync(Guid serviceId, Guid? providerId, DateOnly date, TimeZoneInfo zone, CancellationToken ct = default)
    {
        var outcome = await availability.FindAsync(new AvailabilityRequest(serviceId, providerId, LocalDays.StartUtc(date, zone), LocalDays.StartUtc(date.AddDays(1), zone)), ct);
        return outcome.Succeeded ? Outcome<IReadOnlyList<Slot>>.Ok([.. outcome.Value!.DistinctBy(s => s.Start)]) : outcome;
    }

    /// <summary>Books for the signed-in customer (their record, made on their first booking) or for a guest; the confirmation e-mail follows from the booking's event.</summary>
    public async Task<Outcome<PlacedBooking>> PlaceAsync(Guid serviceId, Guid? providerId, DateTimeOffset start, GuestDetails details, CancellationToken ct = default)
    {
        var customer = await CustomerForAsync(details, ct);
        if (!customer.Succeeded)
        {
            return Outcome<PlacedBooking>.Fail(customer.Errors);
        }

        var placed = await ledger.PlaceAsync(new PlaceBooking(serviceId, providerId, customer.Value!.Id, start) { Notes = details.Notes.Trim() }, ct);
        if (!placed.Succeeded)
        {
            return new Outcome<PlacedBooking>(null, placed.Errors, placed.Code);
        }

        return Outcome<PlacedBooking>.Ok(new PlacedBooking(placed.Value!.Id, links.TokenFor(placed.Value), customer.Value.Email, placed.Value.Status));
    }

    /// <summary>The signed-in customer's bookings, soonest first; nobody else's, and none for anyone who is not a customer.</summary>
    public async Task<IReadOnlyList<CustomerBooking>> MineAsync(CancellationToken ct = default)
    {
        var actor = await actors.GetAsync(ct);
        if (!actor.IsCustomer)
        {
            return [];
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = await (from b in db.Bookings.AsNoTracking()
                          join c in db.Customers on b.CustomerId equals c.Id
                          join s in db.Services on b.ServiceId equals s.Id
                          join p in db.Providers on b.ProviderId equals p.Id
                          where c.UserId == actor.UserId
                          orderby b.StartUtc
                          select new { Booking = b, Service = s.Name, Provider = p.DisplayName, c.TimeZone })
            .Take(MaxListed)
            .ToListAsync(ct);
        return [.. rows.Select(r => new CustomerBooking(r.Booking.Id, r.Service, r.Provider, r.Booking.StartUtc, r.Booking.Status, r.TimeZone, links.TokenFor(r.Booking)))];
    }

    /// <summary>The booking a signed link names, for whoever holds the link; null when the link is not genuine, has expired or is another tenant's.</summary>
    public async Task<ManagedBooking?> ManagedAsync(string? token, CancellationToken ct = default)
    {
        if (links.BookingIdFrom(token) is not { } id)
        {
            return null;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await LinkedAsync(db, id, ct) is not { } row)
        {
            return null;
        }

        var holder = new BookingParty(await actors.GetAsync(ct), ProvidesIt: false, BookedIt: true);
        var canChange = row.Booking.AllowedActions(holder, clock.GetUtcNow(), row.Window).Contains(BookingAction.Cancel);
        return new ManagedBooking(row.Booking.Id, row.Booking.ServiceId, row.Booking.ProviderId, row.Service, row.Provider, row.Booking.StartUtc, row.TimeZone, row.Booking.Status, canChange);
    }

    /// <summary>The calendar invitation of the booking a signed link names.</summary>
    public async Task<byte[]?> CalendarFileAsync(string? token, CancellationToken ct = default)
    {
        if (links.BookingIdFrom(token) is not { } id)
        {
            return null;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var row = await LinkedAsync(db, id, ct);
        return row is null ? null : BookingCalendarFile.Create(row.Booking, $"{row.Service} with {row.Provider}", tenantContext.Tenant!.Name, null);
    }

    /// <summary>The booking a link names, with the names and the customer's zone the portal shows.</summary>
    private static Task<LinkedBooking?> LinkedAsync(PlatformDbContext db, Guid id, CancellationToken ct) =>
        (from b in db.Bookings.AsNoTracking()
         join s in db.Services on b.ServiceId equals s.Id
         join p in db.Providers on b.ProviderId equals p.Id
         join c in db.Customers on b.CustomerId equals c.Id
         where b.Id == id
         select new LinkedBooking(b, s.Name, s.CancellationWindowHours, p.DisplayName, c.TimeZone))
        .FirstOrDefaultAsync(ct);

    private sealed record LinkedBooking(Booking Booking, string Service, int Window, string Provider, string TimeZone);

    private async Task<Outcome<Customer>> CustomerForAsync(GuestDetails details, CancellationToken ct)
    {
        var actor = await actors.GetAsync(ct);
        var account = actor.IsCustomer ? actor.UserId : null;
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (account is not null && await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.UserId == account, ct) is { } existing)
        {
            return Outcome<Customer>.Ok(existing);
        }

        return await customers.AddAsync(db, new NewCustomer(details.Name, details.Email, details.Phone, details.TimeZone, null), account, ct);
    }
}
