using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Platform.Core.Bookings;
using Platform.Core.Common;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Tenancy;

namespace Platform.Web.Components.Pages.Portal;

public sealed record BookableService(Guid Id, string Name, string Description, int DurationMinutes, Money Price, int MaximumDaysInAdvance, IReadOnlyList<BookableProvider> Providers);

public sealed record BookableProvider(Guid Id, string DisplayName);

public sealed record GuestDetails(string Name, string Email, string? Phone, string Notes, string TimeZone);

public sealed record PlacedBooking(Guid Id, string Token, string Email, BookingStatus Status);

/// <summary>
/// What the portal's booking page does, each step in a scope of its own for the circuit's tenant
/// (a circuit lives long; a DbContext must not).
/// </summary>
public sealed class PortalBooking(TenantScopeFactory scopes, Platform.Core.Tenancy.ITenantContext tenantContext)
{
    private Guid TenantId => tenantContext.TenantId ?? throw new InvalidOperationException("The booking portal belongs to a tenant.");

    public async Task<IReadOnlyList<BookableService>> ServicesAsync()
    {
        await using var scope = await scopes.CreateAsync(TenantId);
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var services = await db.Services.AsNoTracking().Where(s => !s.IsArchived).Include(s => s.Offerings).OrderBy(s => s.Name).ToListAsync();
        var providerIds = services.SelectMany(s => s.Offerings.Select(o => o.ProviderId)).Distinct().ToList();
        var providers = await db.Providers.AsNoTracking().Where(p => providerIds.Contains(p.Id) && p.IsActive)
            .Select(p => new BookableProvider(p.Id, p.DisplayName)).ToDictionaryAsync(p => p.Id);
        return [.. services
            .Select(s => new BookableService(s.Id, s.Name, s.Description, s.DurationMinutes, s.Price, s.MaximumDaysInAdvance,
                [.. s.Offerings.Where(o => providers.ContainsKey(o.ProviderId)).Select(o => providers[o.ProviderId]).OrderBy(p => p.DisplayName)]))
            .Where(s => s.Providers.Count > 0)];
    }

    /// <summary>Free start times on one local date of the visitor's zone, once each even when several providers have them.</summary>
    public async Task<Outcome<IReadOnlyList<Slot>>> SlotsAsync(Guid serviceId, Guid? providerId, DateOnly date, TimeZoneInfo zone)
    {
        var from = LocalDays.StartUtc(date, zone);
        var to = LocalDays.StartUtc(date.AddDays(1), zone);
        await using var scope = await scopes.CreateAsync(TenantId);
        var outcome = await scope.ServiceProvider.GetRequiredService<AvailabilityQuery>().FindAsync(new AvailabilityRequest(serviceId, providerId, from, to));
        return outcome.Succeeded
            ? Outcome<IReadOnlyList<Slot>>.Ok([.. outcome.Value!.DistinctBy(s => s.Start)])
            : outcome;
    }

    /// <summary>Books for the signed-in customer (their record, created on first booking) or for a guest, then sends the confirmation.</summary>
    public async Task<Outcome<PlacedBooking>> PlaceAsync(Guid serviceId, Guid? providerId, DateTimeOffset start, GuestDetails details, ClaimsPrincipal user, string manageUrl)
    {
        await using var scope = await scopes.CreateAsync(TenantId);
        var services = scope.ServiceProvider;
        var customer = await CustomerForAsync(services, details, user);
        if (!customer.Succeeded)
        {
            return Outcome<PlacedBooking>.Fail(customer.Errors);
        }

        var placed = await services.GetRequiredService<BookingLedger>().PlaceAsync(new PlaceBooking(serviceId, providerId, customer.Value!.Id, start)
        {
            Notes = details.Notes.Trim(),
            ByUserId = UserId(user),
        });
        if (!placed.Succeeded)
        {
            return new Outcome<PlacedBooking>(null, placed.Errors, placed.Code);
        }

        return Outcome<PlacedBooking>.Ok(new PlacedBooking(placed.Value!.Id, services.GetRequiredService<BookingLinks>().TokenFor(placed.Value), customer.Value.Email, placed.Value.Status));
    }

    private static async Task<Outcome<Customer>> CustomerForAsync(IServiceProvider services, GuestDetails details, ClaimsPrincipal user)
    {
        if (UserId(user) is { } userId)
        {
            var db = services.GetRequiredService<PlatformDbContext>();
            if (await db.Customers.FirstOrDefaultAsync(c => c.UserId == userId) is { } existing)
            {
                return Outcome<Customer>.Ok(existing);
            }
        }

        var created = await services.GetRequiredService<CustomerDirectory>().CreateAsync(new NewCustomer(details.Name, details.Email, details.Phone, details.TimeZone, null));
        if (created.Succeeded && UserId(user) is { } owner)
        {
            var db = services.GetRequiredService<PlatformDbContext>();
            var customer = await db.Customers.SingleAsync(c => c.Id == created.Value!.Id);
            customer.UserId = owner;
            await db.SaveChangesAsync();
        }

        return created;
    }

    private static Guid? UserId(ClaimsPrincipal user) =>
        user.IsInRole(Platform.Core.Identity.PlatformRoles.Customer) && Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
}
