using Microsoft.EntityFrameworkCore;
using Platform.Core.Bookings;
using Platform.Core.Common;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Data;

namespace Platform.Infrastructure.Bookings;

/// <summary>Who looks at the calendar: managers see the team, staff only the provider that is them.</summary>
public sealed record CalendarViewer(Guid UserId, bool IsManager);

/// <summary>Local days <paramref name="FirstDay"/> to <paramref name="FirstDay"/> + <paramref name="Days"/> - 1, for one provider or the team.</summary>
public sealed record CalendarQuery(DateOnly FirstDay, int Days, Guid? ProviderId, bool IncludeCancelled = false);

public sealed record CalendarProvider(Guid Id, string DisplayName, string TimeZone);

public sealed record CalendarBooking(
    Guid Id,
    Guid ServiceId,
    Guid ProviderId,
    string ProviderName,
    string ServiceName,
    string CustomerName,
    DateTimeOffset StartUtc,
    DateTimeOffset EndUtc,
    BookingStatus Status,
    Money Price);

/// <summary>The bookings of a range of local days, and the zone those days are in.</summary>
public sealed record CalendarView(string TimeZone, DateTimeOffset FromUtc, DateTimeOffset ToUtc, IReadOnlyList<CalendarBooking> Bookings);

public sealed record CalendarBookingChange(BookingChangeKind Kind, DateTimeOffset At, string? By, string? Reason, DateTimeOffset? PreviousStartUtc);

public sealed record CalendarBookingDetails(
    CalendarBooking Booking,
    string CustomerEmail,
    string? CustomerPhone,
    string Notes,
    IReadOnlyList<CalendarBookingChange> History);

/// <summary>Which bookings a list shows: those still to come (soonest first), those past (latest first), or all (latest first).</summary>
public enum BookingListScope
{
    Upcoming,
    Past,
    All,
}

/// <summary>A page of the bookings list, filtered by time, status, provider and customer name or e-mail.</summary>
public sealed record BookingListQuery(BookingListScope Scope, BookingStatus? Status, Guid? ProviderId, string? Search, int Page, int PageSize)
{
    public const int MaxPageSize = 100;
    public const int MaxSearchLength = 100;
}

public sealed record BookingListPage(IReadOnlyList<CalendarBooking> Items, int Total, string TimeZone);

/// <summary>Reads the staff calendar of the current tenant; staff who are not managers see only their own bookings.</summary>
public sealed class StaffCalendar(PlatformDbContext db, ITenantContext tenantContext)
{
    public const int MaxDays = 31;

    private static readonly BookingStatus[] Hidden = [BookingStatus.Cancelled, BookingStatus.Rejected];

    public async Task<IReadOnlyList<CalendarProvider>> ProvidersAsync(CalendarViewer viewer, CancellationToken ct = default) =>
        await Visible(viewer).Where(p => p.IsActive).OrderBy(p => p.DisplayName)
            .Select(p => new CalendarProvider(p.Id, p.DisplayName, p.TimeZone)).ToListAsync(ct);

    public async Task<CalendarView> BookingsAsync(CalendarQuery query, CalendarViewer viewer, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Days, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Days, MaxDays);

        var providers = Visible(viewer);
        if (query.ProviderId is { } one)
        {
            providers = providers.Where(p => p.Id == one);
        }

        var zoneId = query.ProviderId is { } id
            ? await providers.Where(p => p.Id == id).Select(p => p.TimeZone).FirstOrDefaultAsync(ct)
            : null;
        zoneId ??= tenantContext.Tenant?.TimeZone ?? "UTC";
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var from = LocalDays.StartUtc(query.FirstDay, zone);
        var to = LocalDays.StartUtc(query.FirstDay.AddDays(query.Days), zone);

        var providerIds = providers.Select(p => p.Id);
        var bookings = db.Bookings.AsNoTracking()
            .Where(b => providerIds.Contains(b.ProviderId) && b.StartUtc < to && b.EndUtc > from);
        if (!query.IncludeCancelled)
        {
            bookings = bookings.Where(b => !Hidden.Contains(b.Status));
        }

        var rows = await Project(bookings).ToListAsync(ct);
        return new CalendarView(zoneId, from, to, [.. rows.OrderBy(b => b.StartUtc).ThenBy(b => b.ProviderName)]);
    }

    /// <summary>The bookings list, paged in the database; staff who are not managers see their own calendar's bookings only.</summary>
    public async Task<BookingListPage> ListAsync(BookingListQuery query, CalendarViewer viewer, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.PageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.PageSize, BookingListQuery.MaxPageSize);

        var providers = Visible(viewer);
        if (query.ProviderId is { } one)
        {
            providers = providers.Where(p => p.Id == one);
        }

        var providerIds = providers.Select(p => p.Id);
        var bookings = db.Bookings.AsNoTracking().Where(b => providerIds.Contains(b.ProviderId));
        bookings = query.Scope switch
        {
            BookingListScope.Upcoming => bookings.Where(b => b.EndUtc > now),
            BookingListScope.Past => bookings.Where(b => b.EndUtc <= now),
            _ => bookings,
        };
        if (query.Status is { } status)
        {
            bookings = bookings.Where(b => b.Status == status);
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var term = query.Search.Trim();
            term = (term.Length > BookingListQuery.MaxSearchLength ? term[..BookingListQuery.MaxSearchLength] : term).ToUpperInvariant();
#pragma warning disable CA1862 // ToUpper on both sides translates on every provider
            var customers = db.Customers.Where(c => c.Name.ToUpper().Contains(term) || c.Email.ToUpper().Contains(term)).Select(c => c.Id);
#pragma warning restore CA1862
            bookings = bookings.Where(b => customers.Contains(b.CustomerId));
        }

        var total = await bookings.CountAsync(ct);
        var ordered = query.Scope == BookingListScope.Upcoming
            ? bookings.OrderBy(b => b.StartUtc).ThenBy(b => b.Id)
            : bookings.OrderByDescending(b => b.StartUtc).ThenBy(b => b.Id);
        var page = ordered.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize);
        var rows = await Project(page).ToListAsync(ct);
        var sorted = query.Scope == BookingListScope.Upcoming ? rows.OrderBy(b => b.StartUtc) : rows.OrderByDescending(b => b.StartUtc);
        return new BookingListPage([.. sorted.ThenBy(b => b.Id)], total, tenantContext.Tenant?.TimeZone ?? "UTC");
    }

    public async Task<CalendarBookingDetails?> DetailsAsync(Guid bookingId, CalendarViewer viewer, CancellationToken ct = default)
    {
        var providerIds = Visible(viewer).Select(p => p.Id);
        var bookings = db.Bookings.AsNoTracking().Where(b => b.Id == bookingId && providerIds.Contains(b.ProviderId));
        var booking = await Project(bookings).FirstOrDefaultAsync(ct);
        if (booking is null)
        {
            return null;
        }

        var extra = await bookings.Join(db.Customers, b => b.CustomerId, c => c.Id, (b, c) => new { c.Email, c.Phone, b.Notes }).SingleAsync(ct);
        var changes = await db.BookingChanges.AsNoTracking().Where(c => c.BookingId == bookingId).ToListAsync(ct);
        var userIds = changes.Where(c => c.ByUserId != null).Select(c => c.ByUserId!.Value).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var history = changes.OrderBy(c => c.At)
            .Select(c => new CalendarBookingChange(c.Kind, c.At, c.ByUserId is { } by ? names.GetValueOrDefault(by) : null, c.Reason, c.PreviousStartUtc))
            .ToList();
        return new CalendarBookingDetails(booking, extra.Email, extra.Phone, extra.Notes, history);
    }

    private IQueryable<Provider> Visible(CalendarViewer viewer) =>
        viewer.IsManager ? db.Providers.AsNoTracking() : db.Providers.AsNoTracking().Where(p => p.UserId == viewer.UserId);

    private IQueryable<CalendarBooking> Project(IQueryable<Booking> bookings) =>
        from b in bookings
        join s in db.Services on b.ServiceId equals s.Id
        join p in db.Providers on b.ProviderId equals p.Id
        join c in db.Customers on b.CustomerId equals c.Id
        select new CalendarBooking(b.Id, b.ServiceId, b.ProviderId, p.DisplayName, s.Name, c.Name, b.StartUtc, b.EndUtc, b.Status, b.Price);
}
