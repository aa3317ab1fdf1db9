using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Platform.Core.Access;
using Platform.Core.Bookings;
using Platform.Core.Common;
using Platform.Core.Errors;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Identity;

namespace Platform.Infrastructure.Bookings;

/// <summary>
/// Writes bookings so that no provider is ever booked beyond a service's capacity, on every
/// database and under any number of concurrent requests: each booking transaction first bumps the
/// provider's <see cref="Provider.BookingSequence"/>, which takes that row's write lock, and only then
/// counts the overlapping bookings (buffers included) it may add to. Concurrent bookings of one
/// provider therefore queue; bookings of different providers do not wait for each other.
/// What the current actor may do is decided here and by <see cref="Booking.Check"/>, never by the caller.
/// </summary>
public sealed class BookingLedger(
    IDbContextFactory<PlatformDbContext> contexts,
    ICurrentActor actors,
    BookingLinks links,
    TimeProvider clock,
    SqliteWriteGate writeGate,
    ILogger<BookingLedger> logger)
{
    /// <summary>
    /// Books a slot for a customer. Staff who are not managers book only on their own calendar; a signed-in customer only
    /// for their own customer record; a guest only for the customer whose e-mail address they gave. The answers to the
    /// service's intake questions must pass <see cref="IntakeQuestions.Answer"/>, whoever books; a copy is kept on the booking. With an idempotency key,
    /// a repeat of the same request answers with the booking it made; a different request under the same key is refused.
    /// </summary>
    public async Task<Outcome<Booking>> PlaceAsync(PlaceBooking command, CancellationToken ct = default)
    {
        if (command.Problem() is { } invalid)
        {
            return invalid.ToOutcome<Booking>();
        }

        var actor = await actors.GetAsync(ct);
        if (!actor.Holds(ApiKeyScopes.BookingsWrite) || actor.Role == ActorRole.HostOperator)
        {
            return Outcome<Booking>.Fail(ErrorCodes.Forbidden, "Actor", "You may not make bookings.");
        }

        await using var db = await contexts.CreateDbContextAsync(ct);

        // One connection for the whole booking, not one per query: EF Core leaves open a connection it did not open.
        await db.Database.OpenConnectionAsync(ct);
        if (command.IdempotencyKey is { } key && await FindByKeyAsync(db, key, ct) is { } earlier)
        {
            return Repeated(command, earlier);
        }

        var service = await db.Services.AsNoTracking().Include(s => s.Offerings)
            .FirstOrDefaultAsync(s => s.Id == command.ServiceId && !s.IsArchived, ct);
        if (service is null)
        {
            return Outcome<Booking>.Fail(ErrorCodes.NotFound, nameof(command.ServiceId), "There is no such service.");
        }

        var answers = IntakeQuestions.Answer(service.Questions, command.Answers);
        if (!answers.Succeeded)
        {
            return new Outcome<Booking>(null, answers.Errors, ErrorCodes.ValidationFailed);
        }

        var customer = await db.Customers.AsNoTracking().Where(c => c.Id == command.CustomerId).Select(c => new { c.UserId, c.EmailKey }).FirstOrDefaultAsync(ct);
        var mayBookFor = customer is not null && (actor.IsTenantStaff
            || (actor.IsCustomer && customer.UserId == actor.UserId)
            || (actor.IsAnonymous && customer.EmailKey is not null && customer.EmailKey == CustomerEmail.Key(command.GuestEmail)));
        if (!mayBookFor)
        {
            return Outcome<Booking>.Fail(ErrorCodes.NotFound, nameof(command.CustomerId), "There is no such customer.");
        }

        var offeredBy = service.Offerings.Select(o => o.ProviderId).ToList();
        if (actor.Role == ActorRole.Staff)
        {
            var own = await db.Providers.AsNoTracking().Where(p => p.UserId == actor.UserId).Select(p => p.Id).ToListAsync(ct);
            offeredBy = [.. offeredBy.Where(own.Contains)];
        }

        if (command.ProviderId is { } chosen && !offeredBy.Contains(chosen))
        {
            return Outcome<Booking>.Fail(ErrorCodes.NotFound, nameof(command.ProviderId), "This provider does not offer the service.");
        }

        var rules = service.ToSlotRules();
        var candidates = await CandidatesAsync(db, command.ProviderId is { } one ? [one] : offeredBy, rules, command.StartUtc, ct);
        foreach (var providerId in candidates)
        {
            var outcome = await TryPlaceWithAsync(db, providerId, service, command, answers.Value!, actor, ct);
            if (outcome is not null)
            {
                return outcome;
            }
        }

        // A concurrent request with the same key may have taken the time this one asked for: it answers this one too.
        if (command.IdempotencyKey is { } sameKey && await FindByKeyAsync(db, sameKey, ct) is { } concurrent)
        {
            return Repeated(command, concurrent);
        }

        return Outcome<Booking>.Fail(ErrorCodes.SlotUnavailable, nameof(command.StartUtc), "This time is no longer available. Please choose another.");
    }

    /// <summary>Confirms, rejects, cancels, completes or marks a no-show, keeping the history.</summary>
    public Task<Outcome<Booking>> ChangeAsync(Guid bookingId, BookingAction action, string? reason, CancellationToken ct = default) =>
        ChangeAsync(bookingId, heldByLink: false, action, reason, expected: null, ct);

    /// <summary>
    /// The same, only while the booking is still as the actor saw it when they chose (<paramref name="expected"/>): if
    /// someone changed its status or time meanwhile, nothing changes and the answer is a conflict.
    /// </summary>
    public Task<Outcome<Booking>> ChangeIfUnchangedAsync(Guid bookingId, BookingState expected, BookingAction action, string? reason, CancellationToken ct = default) =>
        ChangeAsync(bookingId, heldByLink: false, action, reason, expected, ct);

    /// <summary>The same for whoever holds the booking's signed link (a guest or the customer): cancel, within the window.</summary>
    public Task<Outcome<Booking>> ChangeByLinkAsync(string? token, BookingAction action, string? reason, CancellationToken ct = default) =>
        links.BookingIdFrom(token) is { } id ? ChangeAsync(id, heldByLink: true, action, reason, expected: null, ct) : Task.FromResult(NoSuchBooking);

    /// <summary>Moves a booking to a new start with the same provider, under the same lock as a new booking; it keeps its length.</summary>
    public Task<Outcome<Booking>> RescheduleAsync(Guid bookingId, DateTimeOffset newStartUtc, CancellationToken ct = default) =>
        RescheduleAsync(bookingId, heldByLink: false, newStartUtc, length: null, expected: null, ct);

    /// <summary>
    /// Moves a booking and gives it a new length (the calendar's drag of a booking or of its bottom edge); a null length keeps
    /// the one it has. Only staff who may move the booking change its length (<see cref="Booking.CheckLength"/>), and the
    /// longer or shorter time must fit the provider's working hours and be free, as for a move.
    /// </summary>
    public Task<Outcome<Booking>> RescheduleAsync(Guid bookingId, DateTimeOffset newStartUtc, TimeSpan? length, CancellationToken ct = default) =>
        RescheduleAsync(bookingId, heldByLink: false, newStartUtc, length, expected: null, ct);

    /// <summary>A move (and new length) only while the booking is still as the actor saw it (<see cref="ChangeIfUnchangedAsync"/>).</summary>
    public Task<Outcome<Booking>> RescheduleIfUnchangedAsync(Guid bookingId, BookingState expected, DateTimeOffset newStartUtc, TimeSpan? length, CancellationToken ct = default) =>
        RescheduleAsync(bookingId, heldByLink: false, newStartUtc, length, expected, ct);

    /// <summary>The same for whoever holds the booking's signed link, within the cancellation window.</summary>
    public Task<Outcome<Booking>> RescheduleByLinkAsync(string? token, DateTimeOffset newStartUtc, CancellationToken ct = default) =>
        links.BookingIdFrom(token) is { } id ? RescheduleAsync(id, heldByLink: true, newStartUtc, length: null, expected: null, ct) : Task.FromResult(NoSuchBooking);

    private static Outcome<Booking> NoSuchBooking => Outcome<Booking>.Fail(ErrorCodes.NotFound, "BookingId", "There is no such booking.");

    private static Outcome<Booking> ChangedMeanwhile => Outcome<Booking>.Fail(ErrorCodes.Conflict, "BookingId",
        "Someone else changed this booking while you had it open. Look at it again before you change it.");

    private async Task<Outcome<Booking>> ChangeAsync(Guid bookingId, bool heldByLink, BookingAction action, string? reason, BookingState? expected, CancellationToken ct)
    {
        if (action == BookingAction.Reschedule)
        {
            throw new ArgumentOutOfRangeException(nameof(action), action, "Rescheduling needs a new start: use RescheduleAsync.");
        }

        var actor = await actors.GetAsync(ct);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var booking = await db.Bookings.FirstOrDefaultAsync(b => b.Id == bookingId, ct);
        if (booking is null)
        {
            return NoSuchBooking;
        }

        if (expected is not null && booking.State != expected)
        {
            return ChangedMeanwhile;
        }

        var now = clock.GetUtcNow();
        var window = await WindowAsync(db, booking.ServiceId, ct);
        var party = await PartyAsync(db, booking, actor, heldByLink, ct);
        if (booking.Check(action, party, now, window) is { } refused)
        {
            return refused.ToOutcome<Booking>();
        }

        if (expected is null)
        {
            if (booking.Apply(action, now, actor.UserId, reason) is { } problem)
            {
                return problem.ToOutcome<Booking>();
            }

            await db.SaveChangesAsync(ct);
        }
        else
        {
            // "Only while unchanged" holds to the commit: under the provider's lock, which every change made this way and
            // every move takes, the booking is read again and checked once more.
            var strategy = db.Database.CreateExecutionStrategy();
            var outcome = await strategy.ExecuteAsync(async token =>
            {
                db.ChangeTracker.Clear();
                await using var turn = await writeGate.EnterAsync(db, token);
                await using var transaction = await db.Database.BeginTransactionAsync(token);
                await LockProviderAsync(db, booking.ProviderId, token);
                booking = await db.Bookings.SingleAsync(b => b.Id == bookingId, token);
                if (booking.State != expected)
                {
                    await transaction.RollbackAsync(token);
                    return ChangedMeanwhile;
                }

                if ((booking.Check(action, party, now, window) ?? booking.Apply(action, now, actor.UserId, reason)) is { } problem)
                {
                    await transaction.RollbackAsync(token);
                    return problem.ToOutcome<Booking>();
                }

                await db.SaveChangesAsync(token);
                await transaction.CommitAsync(token);
                return Outcome<Booking>.Ok(booking);
            }, ct);
            if (!outcome.Succeeded)
            {
                return outcome;
            }
        }

        logger.LogInformation("Booking {BookingId} {Action} by {ActorRole} {UserId}", booking.Id, action, actor.Role, actor.UserId);
        return Outcome<Booking>.Ok(booking);
    }

    private async Task<Outcome<Booking>> RescheduleAsync(Guid bookingId, bool heldByLink, DateTimeOffset newStartUtc, TimeSpan? length, BookingState? expected, CancellationToken ct)
    {
        var actor = await actors.GetAsync(ct);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var current = await db.Bookings.AsNoTracking().FirstOrDefaultAsync(b => b.Id == bookingId, ct);
        if (current is null)
        {
            return NoSuchBooking;
        }

        if (expected is not null && current.State != expected)
        {
            return ChangedMeanwhile;
        }

        var service = await db.Services.AsNoTracking().SingleAsync(s => s.Id == current.ServiceId, ct);
        var party = await PartyAsync(db, current, actor, heldByLink, ct);
        if (current.Check(BookingAction.Reschedule, party, clock.GetUtcNow(), service.CancellationWindowHours) is { } refused)
        {
            return refused.ToOutcome<Booking>();
        }

        if (current.CheckLength(party, length ?? current.Length) is { } badLength)
        {
            return badLength.ToOutcome<Booking>();
        }

        var rules = service.ToSlotRules() with { Duration = length ?? current.Length };
        if ((await CandidatesAsync(db, [current.ProviderId], rules, newStartUtc, ct)).Count == 0)
        {
            return Outcome<Booking>.Fail(ErrorCodes.SlotUnavailable, "StartUtc", "This time is not available. Please choose another.");
        }

        var occupied = rules.Occupied(newStartUtc);
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async token =>
        {
            db.ChangeTracker.Clear();
            await using var turn = await writeGate.EnterAsync(db, token);
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            await LockProviderAsync(db, current.ProviderId, token);
            var booking = await db.Bookings.SingleAsync(b => b.Id == bookingId, token);
            if (expected is not null && booking.State != expected)
            {
                // Changed between the first read and the provider's lock.
                await transaction.RollbackAsync(token);
                return ChangedMeanwhile;
            }

            if (!await HasRoomAsync(db, booking.ProviderId, booking.ServiceId, occupied, rules.Capacity, bookingId, token))
            {
                await transaction.RollbackAsync(token);
                return Outcome<Booking>.Fail(ErrorCodes.SlotUnavailable, "StartUtc", "This time is no longer available. Please choose another.");
            }

            if (booking.Reschedule(clock.GetUtcNow(), actor.UserId, newStartUtc, rules) is { } problem)
            {
                await transaction.RollbackAsync(token);
                return problem.ToOutcome<Booking>();
            }

            await db.SaveChangesAsync(token);
            await transaction.CommitAsync(token);
            logger.LogInformation("Booking {BookingId} rescheduled to {StartUtc}–{EndUtc}", booking.Id, booking.StartUtc, booking.EndUtc);
            return Outcome<Booking>.Ok(booking);
        }, ct);
    }

    /// <summary>How the actor stands to the booking: its provider (staff), its customer (signed in), or the holder of its link.</summary>
    internal static async Task<BookingParty> PartyAsync(PlatformDbContext db, Booking booking, Actor actor, bool heldByLink, CancellationToken ct)
    {
        var providesIt = actor.Role == ActorRole.Staff
                         && await db.Providers.AnyAsync(p => p.Id == booking.ProviderId && p.UserId == actor.UserId, ct);
        var bookedIt = heldByLink
                       || (actor.IsCustomer && await db.Customers.AnyAsync(c => c.Id == booking.CustomerId && c.UserId == actor.UserId, ct));
        return new BookingParty(actor, providesIt, bookedIt);
    }

    private static Task<int> WindowAsync(PlatformDbContext db, Guid serviceId, CancellationToken ct) =>
        db.Services.Where(s => s.Id == serviceId).Select(s => s.CancellationWindowHours).SingleAsync(ct);

    /// <summary>The answer to a repeat under an idempotency key: the earlier booking, or 422 when the request differs from the one that made it.</summary>
    private static Outcome<Booking> Repeated(PlaceBooking command, Booking earlier) =>
        command.IsAnsweredBy(earlier)
            ? Outcome<Booking>.Ok(earlier)
            : Outcome<Booking>.Fail(ErrorCodes.IdempotencyKeyReused, nameof(command.IdempotencyKey),
                "This idempotency key was used for a different request. Send a new key for a new booking.");

    /// <summary>Providers whose schedule has a slot at the start (working hours, time off, notice, grid), fewest bookings that day first.</summary>
    private async Task<List<Guid>> CandidatesAsync(PlatformDbContext db, IReadOnlyList<Guid> providerIds, SlotRules rules, DateTimeOffset start, CancellationToken ct)
    {
        var providers = await Schedules.ProvidersAsync(db, providerIds, start.AddDays(-1), start.AddDays(1), ct);
        var now = clock.GetUtcNow();
        var free = new List<(Guid Id, int Load)>();
        foreach (var provider in providers)
        {
            // Bookings are left out here on purpose: they are counted under the provider's lock.
            var schedule = Schedules.Of(provider, bookings: []);
            if (SlotFinder.Find(rules, schedule, start, start.AddTicks(1), now).Count == 0)
            {
                continue;
            }

            if (providers.Count == 1)
            {
                // Nothing to choose between: no need to count the day's bookings.
                free.Add((provider.Id, 0));
                continue;
            }

            var dayStart = start.AddHours(-12);
            var dayEnd = start.AddHours(12);
            var load = await db.Bookings.CountAsync(b => b.ProviderId == provider.Id && b.StartUtc >= dayStart && b.StartUtc < dayEnd, ct);
            free.Add((provider.Id, load));
        }

        return [.. free.OrderBy(f => f.Load).ThenBy(f => f.Id).Select(f => f.Id)];
    }

    /// <summary>Places the booking with one provider under its lock; null when that provider has no room at the time.</summary>
    private async Task<Outcome<Booking>?> TryPlaceWithAsync(
        PlatformDbContext db, Guid providerId, Service service, PlaceBooking command, IReadOnlyList<IntakeAnswer> answers, Actor actor, CancellationToken ct)
    {
        var rules = service.ToSlotRules();
        var occupied = rules.Occupied(command.StartUtc);
        var strategy = db.Database.CreateExecutionStrategy();
        try
        {
            return await strategy.ExecuteAsync(async token =>
            {
                db.ChangeTracker.Clear();
                await using var turn = await writeGate.EnterAsync(db, token);
                await using var transaction = await db.Database.BeginTransactionAsync(token);
                await LockProviderAsync(db, providerId, token);

                // Under the lock, a request with the same key that got here first has committed: answer with its booking.
                if (command.IdempotencyKey is { } key && await FindByKeyAsync(db, key, token) is { } earlier)
                {
                    await transaction.RollbackAsync(token);
                    return Repeated(command, earlier);
                }

                if (!await HasRoomAsync(db, providerId, service.Id, occupied, rules.Capacity, exceptBookingId: null, token))
                {
                    await transaction.RollbackAsync(token);
                    return null;
                }

                var booking = Booking.Place(command, service, providerId, clock.GetUtcNow(), actor.UserId, answers, BookingChannels.Of(actor));
                db.Bookings.Add(booking);
                await db.SaveChangesAsync(token);
                await transaction.CommitAsync(token);
                logger.LogInformation("Booking {BookingId} placed with provider {ProviderId} at {StartUtc}", booking.Id, providerId, booking.StartUtc);
                return Outcome<Booking>.Ok(booking);
            }, ct);
        }
        catch (DbUpdateException) when (command.IdempotencyKey is { } key)
        {
            // A concurrent request with the same key (at another provider) won the unique index: answer with its booking.
            db.ChangeTracker.Clear();
            return await FindByKeyAsync(db, key, ct) is { } earlier
                ? Repeated(command, earlier)
                : throw new InvalidOperationException("Idempotency key conflict without a booking.");
        }
    }

    /// <summary>
    /// Under the provider's lock: whether a booking of the service may occupy this time. Bookings of other services
    /// must not overlap it at all; bookings of the same service share it up to the service's capacity.
    /// </summary>
    private static async Task<bool> HasRoomAsync(PlatformDbContext db, Guid providerId, Guid serviceId, UtcRange occupied, int capacity, Guid? exceptBookingId, CancellationToken ct)
    {
        var earliest = occupied.Start - Booking.MaxOccupiedSpan;
        var overlapping = db.Bookings.Where(b =>
            b.ProviderId == providerId && b.Id != exceptBookingId &&
            Booking.Occupying.Contains(b.Status) &&
            b.OccupiedStartUtc >= earliest && b.OccupiedStartUtc < occupied.End && occupied.Start < b.OccupiedEndUtc);
        var counts = await overlapping.GroupBy(b => b.ServiceId == serviceId).Select(g => new { Same = g.Key, Count = g.Count() }).ToListAsync(ct);
        return !counts.Any(c => !c.Same) && counts.Where(c => c.Same).Sum(c => c.Count) < capacity;
    }

    /// <summary>Takes the provider row's write lock until the transaction ends; see the class summary.</summary>
    private static Task<int> LockProviderAsync(PlatformDbContext db, Guid providerId, CancellationToken ct) =>
        db.Providers.Where(p => p.Id == providerId)
            .ExecuteUpdateAsync(p => p.SetProperty(x => x.BookingSequence, x => x.BookingSequence + 1), ct);

    private static Task<Booking?> FindByKeyAsync(PlatformDbContext db, string key, CancellationToken ct) =>
        db.Bookings.AsNoTracking().FirstOrDefaultAsync(b => b.IdempotencyKey == key, ct);
}

/// <summary>Builds the SlotFinder's view of a provider from the stored rows.</summary>
public static class Schedules
{
    /// <summary>
    /// The active providers among <paramref name="ids"/> with their weekly hours, and only the dated hours and time off
    /// that touch <paramref name="from"/>–<paramref name="to"/> (a day of margin either side for time zones): what a
    /// schedule of that range needs, however long the provider's history. One query: the rows it joins are a week's
    /// hours times the few dated hours and time off of the range.
    /// </summary>
    public static Task<List<Provider>> ProvidersAsync(PlatformDbContext db, IReadOnlyCollection<Guid> ids, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var firstDay = DateOnly.FromDateTime(from.UtcDateTime).AddDays(-1);
        var lastDay = DateOnly.FromDateTime(to.UtcDateTime).AddDays(1);
        return db.Providers.AsNoTracking()
            .Where(p => ids.Contains(p.Id) && p.IsActive)
            .Include(p => p.WeeklyHours)
            .Include(p => p.Overrides.Where(o => o.Date >= firstDay && o.Date <= lastDay))
            .Include(p => p.TimeOff.Where(t => t.StartUtc < to && t.EndUtc > from))
            .AsSingleQuery()
            .ToListAsync(ct);
    }

    /// <param name="bookings">Time occupied by bookings of the service asked about, which share up to its capacity.</param>
    /// <param name="busy">Time occupied by bookings of other services, which nothing may overlap.</param>
    public static ProviderSchedule Of(Provider provider, IReadOnlyList<UtcRange> bookings, IReadOnlyList<UtcRange>? busy = null) => new(
        provider.Id,
        TimeZoneInfo.FindSystemTimeZoneById(provider.TimeZone),
        [.. provider.WeeklyHours.Select(h => new WorkingPeriod(h.Day, h.StartMinute, h.EndMinute))],
        [.. provider.Overrides.GroupBy(o => o.Date).Select(g => new DateOverride(g.Key,
            [.. g.Where(o => o.StartMinute is not null && o.EndMinute is not null).Select(o => new LocalPeriod(o.StartMinute!.Value, o.EndMinute!.Value))]))],
        [.. provider.TimeOff.Select(t => new UtcRange(t.StartUtc, t.EndUtc))],
        bookings)
    {
        Busy = busy ?? [],
    };
}
