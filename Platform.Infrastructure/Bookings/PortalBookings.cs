using Microsoft.EntityFrameworkCore;
using Platform.Core.Access;
using Platform.Core.Bookings;
using Platform.Core.Common;
using Platform.Core.Errors;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Data;

namespace Platform.Infrastructure.Bookings;

/// <summary>A service as the booking page offers it: what it is, what it costs, how many it seats, who offers it and what it asks.</summary>
public sealed record BookableService(
    Guid Id, string Name, string Description, int DurationMinutes, Money Price, int MaximumDaysInAdvance, IReadOnlyList<BookableProvider> Providers)
{
    /// <summary>What the service asks whoever books it, in order.</summary>
    public IReadOnlyList<IntakeQuestion> Questions { get; init; } = [];

    /// <summary>How many customers one time takes: above 1 for a group class, whose page says how many seats are left.</summary>
    public int Capacity { get; init; } = 1;

    /// <summary>The service's name as a link names it, e.g. "initial-assessment" for "Initial assessment".</summary>
    public string Slug => ServiceSlugs.Of(Name);
}

/// <summary>A provider as the booking page shows them: name and the bio they wrote.</summary>
public sealed record BookableProvider(Guid Id, string DisplayName)
{
    public string Bio { get; init; } = "";
}

/// <summary>
/// The free times of one month of the visitor's zone, by local day: one query for the month, from which the page
/// disables the days without a time and lists a day's times without asking again.
/// </summary>
public sealed record BookingMonth(DateOnly First, IReadOnlyDictionary<DateOnly, IReadOnlyList<Slot>> Days)
{
    public IReadOnlyList<Slot> On(DateOnly day) => Days.TryGetValue(day, out var slots) ? slots : [];

    public bool IsFree(DateOnly day) => Days.ContainsKey(day);
}

/// <summary>A placed booking as its confirmation shows it, to whoever holds its signed link.</summary>
public sealed record BookingConfirmation(
    Guid Id, string Service, string Provider, DateTimeOffset StartUtc, DateTimeOffset EndUtc, Money Price, BookingStatus Status,
    string Email, string TimeZone, string Token);

public sealed record GuestDetails(string Name, string Email, string? Phone, string Notes, string TimeZone)
{
    /// <summary>Answers to the service's intake questions by question id; refused answers book nothing.</summary>
    public IReadOnlyDictionary<Guid, string?> Answers { get; init; } = new Dictionary<Guid, string?>();
}

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
            .Select(p => new BookableProvider(p.Id, p.DisplayName) { Bio = p.Bio }).ToDictionaryAsync(p => p.Id, ct);
        return [.. services
            .Select(s => new BookableService(s.Id, s.Name, s.Description, s.DurationMinutes, s.Price, s.MaximumDaysInAdvance,
                [.. s.Offerings.Where(o => providers.ContainsKey(o.ProviderId)).Select(o => providers[o.ProviderId]).OrderBy(p => p.DisplayName)])
            {
                Questions = s.Questions,
                Capacity = s.Capacity,
            })
            .Where(s => s.Providers.Count > 0)];
    }

    /// <summary>
    /// The free times of the month starting at <paramref name="first"/> (a first of a month) in <paramref name="zone"/>, by
    /// local day, in one availability query. A time several providers have is listed once, with the most seats any of them has left.
    /// </summary>
    public async Task<Outcome<BookingMonth>> MonthAsync(Guid serviceId, Guid? providerId, DateOnly first, TimeZoneInfo zone, CancellationToken ct = default)
    {
        first = new DateOnly(first.Year, first.Month, 1);
        var outcome = await availability.FindAsync(
            new AvailabilityRequest(serviceId, providerId, LocalDays.StartUtc(first, zone), LocalDays.StartUtc(first.AddMonths(1), zone)), ct);
        if (!outcome.Succeeded)
        {
            return new Outcome<BookingMonth>(null, outcome.Errors, outcome.Code);
        }

        var days = outcome.Value!
            .GroupBy(s => s.Start)
            .Select(g => g.MaxBy(s => s.RemainingCapacity))
            .OrderBy(s => s.Start)
            .GroupBy(s => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(s.Start, zone).DateTime))
            .ToDictionary(g => g.Key, g => (IReadOnlyList<Slot>)[.. g]);
        return Outcome<BookingMonth>.Ok(new BookingMonth(first, days));
    }

    /// <summary>Free start times on one local date of the visitor's zone, once each even when several providers have them.</summary>
    public async Task<Outcome<IReadOnlyList<Slot>>> SlotsAsync(Guid serviceId, Guid? providerId, DateOnly date, TimeZoneInfo zone, CancellationToken ct = default)
    {
        var outcome = await availability.FindAsync(new AvailabilityRequest(serviceId, providerId, LocalDays.StartUtc(date, zone), LocalDays.StartUtc(date.AddDays(1), zone)), ct);
        return outcome.Succeeded ? Outcome<IReadOnlyList<Slot>>.Ok([.. outcome.Value!.DistinctBy(s => s.Start)]) : outcome;
    }

    /// <summary>
    /// Books for the signed-in customer (their record, made on their first booking) or for a guest; the confirmation e-mail
    /// follows from the booking's event. A guest whose e-mail address is already a customer's books as that customer,
    /// without changing them: a name or phone that differs from the record is written at the top of the booking's notes
    /// for staff to see (see docs/decisions/0021-one-customer-per-person.md).
    /// </summary>
    public async Task<Outcome<PlacedBooking>> PlaceAsync(Guid serviceId, Guid? providerId, DateTimeOffset start, GuestDetails details, CancellationToken ct = default)
    {
        // Answers are checked before a customer is looked up or made, so refused answers change nothing.
        if (await AnswerProblemsAsync(serviceId, details.Answers, ct) is { } refused)
        {
            return refused;
        }

        var customer = await CustomerForAsync(details, ct);
        if (!customer.Succeeded)
        {
            return new Outcome<PlacedBooking>(null, customer.Errors, customer.Code);
        }

        var notes = details.Notes.Trim();
        if (customer.Value!.Given is { } given)
        {
            if (notes.Length + given.Length + 1 > PlaceBooking.MaxNotesLength)
            {
                return Outcome<PlacedBooking>.Fail(ErrorCodes.ValidationFailed, nameof(GuestDetails.Notes),
                    $"Notes have at most {PlaceBooking.MaxNotesLength - given.Length - 1} characters here.");
            }

            notes = notes.Length == 0 ? given : given + "\n" + notes;
        }

        var booked = customer.Value.Customer;
        var placed = await ledger.PlaceAsync(new PlaceBooking(serviceId, providerId, booked.Id, start) { Notes = notes, GuestEmail = details.Email, Answers = details.Answers }, ct);
        if (!placed.Succeeded)
        {
            return new Outcome<PlacedBooking>(null, placed.Errors, placed.Code);
        }

        return Outcome<PlacedBooking>.Ok(new PlacedBooking(placed.Value!.Id, links.TokenFor(placed.Value), booked.Email, placed.Value.Status));
    }

    /// <summary>The problems with the answers to the service's intake questions, or null (also when there is no such service: the ledger says so).</summary>
    private async Task<Outcome<PlacedBooking>?> AnswerProblemsAsync(Guid serviceId, IReadOnlyDictionary<Guid, string?> answers, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var service = await db.Services.AsNoTracking().FirstOrDefaultAsync(s => s.Id == serviceId && !s.IsArchived, ct);
        if (service is null)
        {
            return null;
        }

        var checkedAnswers = IntakeQuestions.Answer(service.Questions, answers);
        return checkedAnswers.Succeeded ? null : new Outcome<PlacedBooking>(null, checkedAnswers.Errors, ErrorCodes.ValidationFailed);
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

    /// <summary>The booking a signed link names, as its confirmation shows it; null when the link is not genuine, has expired or is another tenant's.</summary>
    public async Task<BookingConfirmation?> ConfirmationAsync(string? token, CancellationToken ct = default)
    {
        if (links.BookingIdFrom(token) is not { } id)
        {
            return null;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var row = await (from b in db.Bookings.AsNoTracking()
                         join s in db.Services on b.ServiceId equals s.Id
                         join p in db.Providers on b.ProviderId equals p.Id
                         join c in db.Customers on b.CustomerId equals c.Id
                         where b.Id == id
                         select new { Booking = b, Service = s.Name, Provider = p.DisplayName, c.Email, c.TimeZone })
            .FirstOrDefaultAsync(ct);
        return row is null
            ? null
            : new BookingConfirmation(row.Booking.Id, row.Service, row.Provider, row.Booking.StartUtc, row.Booking.EndUtc, row.Booking.Price, row.Booking.Status,
                row.Email, row.TimeZone, token!);
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
        return row is null ? null : BookingCalendarFile.Create(row.Booking, $"{row.Service} with {row.Provider}", tenantContext.Tenant!.Name, null, tenantContext.Tenant.Address);
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

    /// <summary>
    /// The customer a booking is for: the signed-in customer's record; else the customer with the e-mail address given
    /// (a guest joins them; a signed-in customer without a record yet takes over a guest record of their own account's
    /// address); else a new customer. For a guest who joins, what they gave that differs from the record, for the notes.
    /// </summary>
    private async Task<Outcome<BookingCustomer>> CustomerForAsync(GuestDetails details, CancellationToken ct)
    {
        var actor = await actors.GetAsync(ct);
        var account = actor.IsCustomer ? actor.UserId : null;
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (account is not null && await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.UserId == account, ct) is { } existing)
        {
            return Outcome<BookingCustomer>.Ok(new BookingCustomer(existing, null));
        }

        var match = await customers.FindOrAddAsync(new NewCustomer(details.Name, details.Email, details.Phone, details.TimeZone, null), account, ct);
        if (!match.Succeeded)
        {
            return new Outcome<BookingCustomer>(null, match.Errors, match.Code);
        }

        var (customer, known) = match.Value!;
        if (!known)
        {
            return Outcome<BookingCustomer>.Ok(new BookingCustomer(customer, null));
        }

        if (account is null)
        {
            return Outcome<BookingCustomer>.Ok(new BookingCustomer(customer, GivenDifferently(customer, details)));
        }

        // Their account's address is confirmed, so a guest record of that address is theirs; another address is someone else's.
        var accountEmail = await db.Users.AsNoTracking().Where(u => u.Id == account).Select(u => u.Email).FirstOrDefaultAsync(ct);
        if (customer.UserId is not null || CustomerEmail.Key(accountEmail) != customer.EmailKey)
        {
            return Outcome<BookingCustomer>.Fail(ErrorCodes.ValidationFailed, nameof(GuestDetails.Email),
                "This e-mail address belongs to another customer here. Book with your account's address, or ask us to join your records.");
        }

        await db.Customers.Where(c => c.Id == customer.Id && c.UserId == null).ExecuteUpdateAsync(u => u.SetProperty(c => c.UserId, account), ct);
        customer.UserId = account;
        return Outcome<BookingCustomer>.Ok(new BookingCustomer(customer, null));
    }

    /// <summary>A line for the booking's notes naming what a guest gave that differs from the customer's record; null when nothing does.</summary>
    internal static string? GivenDifferently(Customer customer, GuestDetails details)
    {
        var name = details.Name.Trim();
        var phone = string.IsNullOrWhiteSpace(details.Phone) ? null : details.Phone.Trim();
        var parts = new List<string>();
        if (!string.Equals(name, customer.Name, StringComparison.OrdinalIgnoreCase))
        {
            parts.Add($"name “{name}”");
        }

        if (phone is not null && phone != customer.Phone)
        {
            parts.Add($"phone “{phone}”");
        }

        return parts.Count == 0 ? null : $"Booked online with this customer's e-mail, giving {string.Join(" and ", parts)}.";
    }

    private sealed record BookingCustomer(Customer Customer, string? Given);
}
