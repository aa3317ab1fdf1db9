using Microsoft.EntityFrameworkCore;
using Platform.Core.Access;
using Platform.Core.Bookings;
using Platform.Core.Common;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Data;

namespace Platform.Infrastructure.Bookings;

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
    Money Price)
{
    /// <summary>The booking's status and time as shown, which a change chosen on it carries to the ledger.</summary>
    public BookingState State => new(Status, StartUtc, EndUtc);
}

/// <summary>The bookings of a range of local days, and the zone those days are in.</summary>
public sealed record CalendarView(string TimeZone, DateTimeOffset FromUtc, DateTimeOffset ToUtc, IReadOnlyList<CalendarBooking> Bookings);

public sealed record CalendarBookingChange(BookingChangeKind Kind, DateTimeOffset At, string? By, string? Reason, DateTimeOffset? PreviousStartUtc);

/// <summary>One booking as staff open it, with what the viewer may do to it now (<see cref="Booking.AllowedActions"/>).</summary>
public sealed record CalendarBookingDetails(
    CalendarBooking Booking,
    string CustomerEmail,
    string? CustomerPhone,
    string Notes,
    IReadOnlyList<CalendarBookingChange> History,
    IReadOnlyList<BookingAction> Allowed)
{
    /// <summary>The answers to the service's intake questions, as given when it was booked.</summary>
    public IReadOnlyList<IntakeAnswer> Answers { get; init; } = [];
}

/// <summary>
/// The dashboard's agenda: the rest of today's bookings, bookings waiting for approval, and bookings that have ended
/// but are still marked confirmed (to mark as completed or a no-show), each list soonest (or latest, for the last) first.
/// </summary>
public sealed record CalendarAgenda(string TimeZone, IReadOnlyList<CalendarBooking> Today, IReadOnlyList<CalendarBooking> AwaitingApproval, IReadOnlyList<CalendarBooking> ToMark)
{
    /// <summary>How far back an ended booking still asks to be marked.</summary>
    public static readonly TimeSpan MarkWithin = TimeSpan.FromDays(7);
}

/// <summary>Which bookings a list shows: those still to come (soonest first), those past (latest first), or all (latest first).</summary>
public enum BookingListScope
{
    Upcoming,
    Past,
    All,
}

/// <summary>The bookings list, filtered by time, status, provider and customer name or e-mail.</summary>
public sealed record BookingListQuery(BookingListScope Scope, BookingStatus? Status, Guid? ProviderId, string? Search)
{
    public const int MaxSearchLength = 100;
}

/// <summary>A page of the bookings list and the zone its times are shown in.</summary>
public sealed record BookingListPage(Page<CalendarBooking> Page, string TimeZone);

/// <summary>The API's filter of bookings: start from (inclusive) and to (exclusive), status, provider, customer.</summary>
public sealed record BookingFilter(DateTimeOffset? From, DateTimeOffset? To, BookingStatus? Status, Guid? ProviderId, Guid? CustomerId);

/// <summary>
/// Reads the bookings of the current tenant for the current actor: managers, admins and the tenant's integration see
/// the team; staff who are not managers their own calendar; anyone else nothing.
/// </summary>
public sealed class StaffCalendar(IDbContextFactory<PlatformDbContext> contexts, ICurrentActor actors, ITenantContext tenantContext, TimeProvider clock)
{
    public const int MaxDays = 31;

    private static readonly BookingStatus[] Hidden = [BookingStatus.Cancelled, BookingStatus.Rejected];

    /// <summary>Whether the actor sees the whole team (and may approve), rather than only their own calendar.</summary>
    public async Task<bool> SeesTeamAsync(CancellationToken ct = default) => (await actors.GetAsync(ct)).ManagesTenant;

    public async Task<IReadOnlyList<CalendarProvider>> ProvidersAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await Visible(db, await actors.GetAsync(ct)).Where(p => p.IsActive).OrderBy(p => p.DisplayName)
            .Select(p => new CalendarProvider(p.Id, p.DisplayName, p.TimeZone)).ToListAsync(ct);
    }

    public async Task<CalendarView> BookingsAsync(CalendarQuery query, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Days, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Days, MaxDays);

        await using var db = await contexts.CreateDbContextAsync(ct);
        var providers = Visible(db, await actors.GetAsync(ct));
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
        var earliest = from - Booking.MaxLength;
        var bookings = db.Bookings.AsNoTracking()
            .Where(b => providerIds.Contains(b.ProviderId) && b.StartUtc >= earliest && b.StartUtc < to && b.EndUtc > from);
        if (!query.IncludeCancelled)
        {
            bookings = bookings.Where(b => !Hidden.Contains(b.Status));
        }

        var rows = await Project(db, bookings).ToListAsync(ct);
        return new CalendarView(zoneId, from, to, [.. rows.OrderBy(b => b.StartUtc).ThenBy(b => b.ProviderName)]);
    }

    /// <summary>The agenda of the providers the actor sees, at most <paramref name="max"/> bookings a list.</summary>
    public async Task<CalendarAgenda> AgendaAsync(int max = 8, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var zoneId = tenantContext.Tenant?.TimeZone ?? "UTC";
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var endOfToday = LocalDays.StartUtc(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime).AddDays(1), zone);
        var markFrom = now - CalendarAgenda.MarkWithin;
        var runningFrom = now - Booking.MaxLength;

        await using var db = await contexts.CreateDbContextAsync(ct);
        var providerIds = Visible(db, await actors.GetAsync(ct)).Select(p => p.Id);
        var mine = db.Bookings.AsNoTracking().Where(b => providerIds.Contains(b.ProviderId));
        var today = await Project(db, mine
                .Where(b => (b.Status == BookingStatus.Pending || b.Status == BookingStatus.Confirmed) && b.StartUtc >= runningFrom && b.EndUtc > now && b.StartUtc < endOfToday)
                .OrderBy(b => b.StartUtc).Take(max))
            .ToListAsync(ct);
        var waiting = await Project(db, mine.Where(b => b.Status == BookingStatus.Pending && b.StartUtc > now).OrderBy(b => b.StartUtc).Take(max)).ToListAsync(ct);
        var toMark = await Project(db, mine
                .Where(b => b.Status == BookingStatus.Confirmed && b.StartUtc <= now && b.EndUtc <= now && b.StartUtc >= markFrom)
                .OrderByDescending(b => b.StartUtc).Take(max))
            .ToListAsync(ct);
        return new CalendarAgenda(
            zoneId,
            [.. today.OrderBy(b => b.StartUtc).ThenBy(b => b.ProviderName)],
            [.. waiting.OrderBy(b => b.StartUtc)],
            [.. toMark.OrderByDescending(b => b.StartUtc)]);
    }

    /// <summary>
    /// The bookings list, paged in the database and counted up to <see cref="PageRequest.MaxCounted"/>; staff who are not
    /// managers see their own calendar's bookings only.
    /// </summary>
    /// <param name="asOf">The instant that divides upcoming from past; now when not given.</param>
    public async Task<BookingListPage> ListAsync(BookingListQuery query, PageRequest request, DateTimeOffset? asOf = null, CancellationToken ct = default)
    {
        var now = asOf ?? clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var bookings = VisibleBookings(db, await actors.GetAsync(ct));
        if (query.ProviderId is { } one)
        {
            bookings = bookings.Where(b => b.ProviderId == one);
        }

        // Each scope bounds the start too, so the (tenant, start) index serves it: upcoming reads from the earliest start
        // still running, past from now downwards; neither reads the years of history on the other side.
        var runningFrom = now - Booking.MaxLength;
        bookings = query.Scope switch
        {
            BookingListScope.Upcoming => bookings.Where(b => b.StartUtc >= runningFrom && b.EndUtc > now),
            BookingListScope.Past => bookings.Where(b => b.StartUtc < now && b.EndUtc <= now),
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

        var counted = await bookings.Take(PageRequest.MaxCounted + 1).CountAsync(ct);
        var ordered = query.Scope == BookingListScope.Upcoming
            ? bookings.OrderBy(b => b.StartUtc).ThenBy(b => b.Id)
            : bookings.OrderByDescending(b => b.StartUtc).ThenBy(b => b.Id);
        var page = ordered.Skip(request.Skip).Take(request.Size);
        var rows = await Project(db, page).ToListAsync(ct);
        var sorted = query.Scope == BookingListScope.Upcoming ? rows.OrderBy(b => b.StartUtc) : rows.OrderByDescending(b => b.StartUtc);
        return new BookingListPage(Page<CalendarBooking>.OfCapped([.. sorted.ThenBy(b => b.Id)], request, counted), tenantContext.Tenant?.TimeZone ?? "UTC");
    }

    /// <summary>
    /// The API's list: bookings with their history, newest start first, of the providers the actor sees; counted up to
    /// <see cref="PageRequest.MaxCounted"/>.
    /// </summary>
    public async Task<Page<Booking>> FindAsync(BookingFilter filter, PageRequest request, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var query = VisibleBookings(db, await actors.GetAsync(ct));
        query = filter.From is { } f ? query.Where(b => b.StartUtc >= f) : query;
        query = filter.To is { } t ? query.Where(b => b.StartUtc < t) : query;
        query = filter.Status is { } s ? query.Where(b => b.Status == s) : query;
        query = filter.ProviderId is { } pid ? query.Where(b => b.ProviderId == pid) : query;
        query = filter.CustomerId is { } cid ? query.Where(b => b.CustomerId == cid) : query;
        var counted = await query.Take(PageRequest.MaxCounted + 1).CountAsync(ct);
        var items = await query.OrderByDescending(b => b.StartUtc).ThenBy(b => b.Id).Skip(request.Skip).Take(request.Size)
            .Include(b => b.History).AsSplitQuery().ToListAsync(ct);
        return Page<Booking>.OfCapped(items, request, counted);
    }

    /// <summary>Whether the actor sees the booking (it is of a provider whose calendar they see).</summary>
    public async Task<bool> SeesAsync(Guid bookingId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var providerIds = Visible(db, await actors.GetAsync(ct)).Select(p => p.Id);
        return await db.Bookings.AnyAsync(b => b.Id == bookingId && providerIds.Contains(b.ProviderId), ct);
    }

    /// <summary>One booking with its history, when the actor sees it.</summary>
    public async Task<Booking?> FindAsync(Guid bookingId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var providerIds = Visible(db, await actors.GetAsync(ct)).Select(p => p.Id);
        return await db.Bookings.AsNoTracking().Include(b => b.History).FirstOrDefaultAsync(b => b.Id == bookingId && providerIds.Contains(b.ProviderId), ct);
    }

    public async Task<CalendarBookingDetails?> DetailsAsync(Guid bookingId, CancellationToken ct = default)
    {
        var actor = await actors.GetAsync(ct);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var providerIds = Visible(db, actor).Select(p => p.Id);
        var bookings = db.Bookings.AsNoTracking().Where(b => b.Id == bookingId && providerIds.Contains(b.ProviderId));
        var booking = await Project(db, bookings).FirstOrDefaultAsync(ct);
        if (booking is null)
        {
            return null;
        }

        var entity = await bookings.SingleAsync(ct);
        var window = await db.Services.Where(s => s.Id == entity.ServiceId).Select(s => s.CancellationWindowHours).SingleAsync(ct);
        var party = await BookingLedger.PartyAsync(db, entity, actor, heldByLink: false, ct);
        var allowed = entity.AllowedActions(party, clock.GetUtcNow(), window);

        var extra = await bookings.Join(db.Customers, b => b.CustomerId, c => c.Id, (b, c) => new { c.Email, c.Phone, b.Notes }).SingleAsync(ct);
        var changes = await db.BookingChanges.AsNoTracking().Where(c => c.BookingId == bookingId).ToListAsync(ct);
        var userIds = changes.Where(c => c.ByUserId != null).Select(c => c.ByUserId!.Value).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var history = changes.OrderBy(c => c.At)
            .Select(c => new CalendarBookingChange(c.Kind, c.At, c.ByUserId is { } by ? names.GetValueOrDefault(by) : null, c.Reason, c.PreviousStartUtc))
            .ToList();
        return new CalendarBookingDetails(booking, extra.Email, extra.Phone, extra.Notes, history, allowed) { Answers = entity.Answers };
    }

    /// <summary>The providers whose bookings the actor sees: all for managers, their own for staff, none for anyone else.</summary>
    private static IQueryable<Provider> Visible(PlatformDbContext db, Actor actor) =>
        actor.ManagesTenant ? db.Providers.AsNoTracking()
            : actor.Role == ActorRole.Staff ? db.Providers.AsNoTracking().Where(p => p.UserId == actor.UserId)
            : db.Providers.AsNoTracking().Where(p => false);

    /// <summary>
    /// The bookings of the providers the actor sees. The team's are all the tenant's, read without the providers' subquery,
    /// so that a list in start order reads the (tenant, start) index from one end and stops after its page.
    /// </summary>
    private static IQueryable<Booking> VisibleBookings(PlatformDbContext db, Actor actor)
    {
        if (actor.ManagesTenant)
        {
            return db.Bookings.AsNoTracking();
        }

        var providerIds = Visible(db, actor).Select(p => p.Id);
        return db.Bookings.AsNoTracking().Where(b => providerIds.Contains(b.ProviderId));
    }

    private static IQueryable<CalendarBooking> Project(PlatformDbContext db, IQueryable<Booking> bookings) =>
        from b in bookings
        join s in db.Services on b.ServiceId equals s.Id
        join p in db.Providers on b.ProviderId equals p.Id
        join c in db.Customers on b.CustomerId equals c.Id
        select new CalendarBooking(b.Id, b.ServiceId, b.ProviderId, p.DisplayName, s.Name, c.Name, b.StartUtc, b.EndUtc, b.Status, b.Price);
}
