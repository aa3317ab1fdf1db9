using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Platform.Core.Bookings;
using Platform.Core.Common;
using Platform.Core.Errors;
using Platform.Infrastructure.Data;

namespace Platform.Infrastructure.Bookings;

public sealed record PlaceBooking(Guid ServiceId, Guid? ProviderId, Guid CustomerId, DateTimeOffset StartUtc)
{
    public string Notes { get; init; } = "";

    public string? IdempotencyKey { get; init; }

    public Guid? ByUserId { get; init; }
}

public enum BookingAction
{
    Confirm,
    Reject,
    Cancel,
    Complete,
    NoShow,
}

/// <summary>What an actor may do to bookings: customers their own within the window, staff their own calendar, managers everything.</summary>
public enum BookingActorRole
{
    Customer,
    Staff,
    Manager,
}

/// <summary>
/// Who acts on a booking. Customers may only cancel or reschedule, within the cancellation window; staff who are not
/// managers change only bookings on their own calendar and cannot approve or reject; managers (and admins, and the
/// tenant's API keys) may do everything the status allows.
/// </summary>
public sealed record BookingActor(Guid? UserId, BookingActorRole Role)
{
    public static BookingActor Customer(Guid? userId) => new(userId, BookingActorRole.Customer);

    public static BookingActor Staff(Guid userId) => new(userId, BookingActorRole.Staff);

    public static BookingActor Manager(Guid? userId) => new(userId, BookingActorRole.Manager);

    public bool IsCustomer => Role == BookingActorRole.Customer;
}

/// <summary>
/// Writes bookings so that no provider is ever booked beyond a service's capacity, on every
/// database and under any number of concurrent requests: each booking transaction first bumps the
/// provider's <see cref="Provider.BookingSequence"/>, which takes that row's write lock, and only then
/// counts the overlapping bookings (buffers included) it may add to. Concurrent bookings of one
/// provider therefore queue; bookings of different providers do not wait for each other.
/// </summary>
public sealed class BookingLedger(PlatformDbContext db, TimeProvider clock, ILogger<BookingLedger> logger)
{
    public const int MaxNotesLength = 2000;
    public const int MaxIdempotencyKeyLength = 100;

    public async Task<Outcome<Booking>> PlaceAsync(PlaceBooking command, CancellationToken ct = default)
    {
        if (command.IdempotencyKey is { Length: 0 or > MaxIdempotencyKeyLength })
        {
            return Outcome<Booking>.Fail(ErrorCodes.ValidationFailed, "IdempotencyKey", $"An idempotency key has 1 to {MaxIdempotencyKeyLength} characters.");
        }

        if (command.Notes.Length > MaxNotesLength)
        {
            return Outcome<Booking>.Fail(ErrorCodes.ValidationFailed, nameof(command.Notes), $"Notes have at most {MaxNotesLength} characters.");
        }

        if (command.IdempotencyKey is { } key && await FindByKeyAsync(key, ct) is { } earlier)
        {
            return Outcome<Booking>.Ok(earlier);
        }

        var service = await db.Services.AsNoTracking().Include(s => s.Offerings)
            .FirstOrDefaultAsync(s => s.Id == command.ServiceId && !s.IsArchived, ct);
        if (service is null)
        {
            return Outcome<Booking>.Fail(ErrorCodes.NotFound, nameof(command.ServiceId), "There is no such service.");
        }

        if (!await db.Customers.AnyAsync(c => c.Id == command.CustomerId, ct))
        {
            return Outcome<Booking>.Fail(ErrorCodes.NotFound, nameof(command.CustomerId), "There is no such customer.");
        }

        var offeredBy = service.Offerings.Select(o => o.ProviderId).ToList();
        if (command.ProviderId is { } chosen && !offeredBy.Contains(chosen))
        {
            return Outcome<Booking>.Fail(ErrorCodes.NotFound, nameof(command.ProviderId), "This provider does not offer the service.");
        }

        var rules = service.ToSlotRules();
        var candidates = await CandidatesAsync(command.ProviderId is { } one ? [one] : offeredBy, rules, command.StartUtc, ct);
        foreach (var providerId in candidates)
        {
            var booking = await TryPlaceWithAsync(providerId, service, rules, command, ct);
            if (booking is not null)
            {
                return Outcome<Booking>.Ok(booking);
            }
        }

        return Outcome<Booking>.Fail(ErrorCodes.SlotUnavailable, nameof(command.StartUtc), "This time is no longer available. Please choose another.");
    }

    /// <summary>Confirms, rejects, cancels, completes or marks a no-show, keeping the history.</summary>
    public async Task<Outcome<Booking>> ChangeAsync(Guid bookingId, BookingAction action, string? reason, BookingActor actor, CancellationToken ct = default)
    {
        var booking = await db.Bookings.FirstOrDefaultAsync(b => b.Id == bookingId, ct);
        if (booking is null)
        {
            return Outcome<Booking>.Fail(ErrorCodes.NotFound, "BookingId", "There is no such booking.");
        }

        if (await RefuseStaffAsync(booking.ProviderId, actor, ct) is { } refused)
        {
            return refused;
        }

        if (action is BookingAction.Confirm or BookingAction.Reject && actor.Role != BookingActorRole.Manager)
        {
            return Outcome<Booking>.Fail(ErrorCodes.Forbidden, "Action", "Only managers can approve or reject bookings.");
        }

        var now = clock.GetUtcNow();
        if (actor.IsCustomer)
        {
            if (action != BookingAction.Cancel)
            {
                return Outcome<Booking>.Fail(ErrorCodes.Forbidden, "Action", "Customers can cancel or reschedule their bookings, nothing else.");
            }

            var window = await db.Services.Where(s => s.Id == booking.ServiceId).Select(s => s.CancellationWindowHours).SingleAsync(ct);
            if (!booking.IsWithinCancellationWindow(now, window))
            {
                return Outcome<Booking>.Fail(ErrorCodes.OutsideCancellationWindow, "StartUtc",
                    $"Bookings can be cancelled online until {window} hours before they start. Please contact us.");
            }
        }

        var problem = action switch
        {
            BookingAction.Confirm => booking.Confirm(now, actor.UserId),
            BookingAction.Reject => booking.Reject(now, actor.UserId, reason ?? ""),
            BookingAction.Cancel => booking.Cancel(now, actor.UserId, reason ?? ""),
            BookingAction.Complete => booking.Complete(now, actor.UserId),
            BookingAction.NoShow => booking.MarkNoShow(now, actor.UserId),
            _ => throw new ArgumentOutOfRangeException(nameof(action)),
        };
        if (problem is not null)
        {
            var isReasonProblem = action is BookingAction.Reject or BookingAction.Cancel && (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > Booking.MaxReasonLength);
            return isReasonProblem
                ? Outcome<Booking>.Fail(ErrorCodes.ValidationFailed, "Reason", problem)
                : Outcome<Booking>.Fail(ErrorCodes.InvalidTransition, "Status", problem);
        }

        await db.SaveChangesAsync(ct);
        logger.LogInformation("Booking {BookingId} {Action} by {UserId}", booking.Id, action, actor.UserId);
        return Outcome<Booking>.Ok(booking);
    }

    /// <summary>Moves a booking to a new start with the same provider, under the same lock as a new booking.</summary>
    public async Task<Outcome<Booking>> RescheduleAsync(Guid bookingId, DateTimeOffset newStartUtc, BookingActor actor, CancellationToken ct = default)
    {
        var current = await db.Bookings.AsNoTracking().FirstOrDefaultAsync(b => b.Id == bookingId, ct);
        if (current is null)
        {
            return Outcome<Booking>.Fail(ErrorCodes.NotFound, "BookingId", "There is no such booking.");
        }

        if (await RefuseStaffAsync(current.ProviderId, actor, ct) is { } refused)
        {
            return refused;
        }

        var service = await db.Services.AsNoTracking().SingleAsync(s => s.Id == current.ServiceId, ct);
        var now = clock.GetUtcNow();
        if (actor.IsCustomer && !current.IsWithinCancellationWindow(now, service.CancellationWindowHours))
        {
            return Outcome<Booking>.Fail(ErrorCodes.OutsideCancellationWindow, "StartUtc",
                $"Bookings can be changed online until {service.CancellationWindowHours} hours before they start. Please contact us.");
        }

        var rules = service.ToSlotRules();
        if ((await CandidatesAsync([current.ProviderId], rules, newStartUtc, ct)).Count == 0)
        {
            return Outcome<Booking>.Fail(ErrorCodes.SlotUnavailable, "StartUtc", "This time is not available. Please choose another.");
        }

        var occupied = rules.Occupied(newStartUtc);
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async token =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            await LockProviderAsync(current.ProviderId, token);
            var booking = await db.Bookings.SingleAsync(b => b.Id == bookingId, token);
            if (!await HasRoomAsync(booking.ProviderId, booking.ServiceId, occupied, rules.Capacity, bookingId, token))
            {
                await transaction.RollbackAsync(token);
                return Outcome<Booking>.Fail(ErrorCodes.SlotUnavailable, "StartUtc", "This time is no longer available. Please choose another.");
            }

            if (booking.Reschedule(clock.GetUtcNow(), actor.UserId, newStartUtc, rules) is { } problem)
            {
                await transaction.RollbackAsync(token);
                return Outcome<Booking>.Fail(ErrorCodes.InvalidTransition, "Status", problem);
            }

            await db.SaveChangesAsync(token);
            await transaction.CommitAsync(token);
            logger.LogInformation("Booking {BookingId} rescheduled to {StartUtc}", booking.Id, booking.StartUtc);
            return Outcome<Booking>.Ok(booking);
        }, ct);
    }

    /// <summary>Staff who are not managers act only on their own calendar; another provider's booking is, to them, not there.</summary>
    private async Task<Outcome<Booking>?> RefuseStaffAsync(Guid providerId, BookingActor actor, CancellationToken ct)
    {
        if (actor.Role != BookingActorRole.Staff)
        {
            return null;
        }

        var own = await db.Providers.AnyAsync(p => p.Id == providerId && p.UserId == actor.UserId, ct);
        return own ? null : Outcome<Booking>.Fail(ErrorCodes.NotFound, "BookingId", "There is no such booking.");
    }

    /// <summary>Providers whose schedule has a slot at the start (working hours, time off, notice, grid), fewest bookings that day first.</summary>
    private async Task<List<Guid>> CandidatesAsync(IReadOnlyList<Guid> providerIds, SlotRules rules, DateTimeOffset start, CancellationToken ct)
    {
        var providers = await db.Providers.AsNoTracking()
            .Where(p => providerIds.Contains(p.Id) && p.IsActive)
            .Include(p => p.WeeklyHours).Include(p => p.Overrides).Include(p => p.TimeOff)
            .AsSplitQuery()
            .ToListAsync(ct);
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

            var dayStart = start.AddHours(-12);
            var dayEnd = start.AddHours(12);
            var load = await db.Bookings.CountAsync(b => b.ProviderId == provider.Id && b.StartUtc >= dayStart && b.StartUtc < dayEnd, ct);
            free.Add((provider.Id, load));
        }

        return [.. free.OrderBy(f => f.Load).ThenBy(f => f.Id).Select(f => f.Id)];
    }

    private async Task<Booking?> TryPlaceWithAsync(Guid providerId, Service service, SlotRules rules, PlaceBooking command, CancellationToken ct)
    {
        var occupied = rules.Occupied(command.StartUtc);
        var strategy = db.Database.CreateExecutionStrategy();
        try
        {
            return await strategy.ExecuteAsync(async token =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(token);
                await LockProviderAsync(providerId, token);

                if (!await HasRoomAsync(providerId, service.Id, occupied, rules.Capacity, exceptBookingId: null, token))
                {
                    await transaction.RollbackAsync(token);
                    return null;
                }

                var now = clock.GetUtcNow();
                var booking = new Booking
                {
                    ServiceId = service.Id,
                    ProviderId = providerId,
                    CustomerId = command.CustomerId,
                    StartUtc = command.StartUtc,
                    EndUtc = command.StartUtc + rules.Duration,
                    OccupiedStartUtc = occupied.Start,
                    OccupiedEndUtc = occupied.End,
                    Status = service.RequiresApproval ? BookingStatus.Pending : BookingStatus.Confirmed,
                    Price = service.Price,
                    Notes = command.Notes,
                    CreatedAt = now,
                    IdempotencyKey = command.IdempotencyKey,
                };
                booking.Placed(now, command.ByUserId);
                db.Bookings.Add(booking);
                await db.SaveChangesAsync(token);
                await transaction.CommitAsync(token);
                logger.LogInformation("Booking {BookingId} placed with provider {ProviderId} at {StartUtc}", booking.Id, providerId, booking.StartUtc);
                return booking;
            }, ct);
        }
        catch (DbUpdateException) when (command.IdempotencyKey is { } key)
        {
            // A concurrent request with the same key won the unique index: answer with its booking.
            db.ChangeTracker.Clear();
            return await FindByKeyAsync(key, ct) ?? throw new InvalidOperationException("Idempotency key conflict without a booking.");
        }
    }

    /// <summary>
    /// Under the provider's lock: whether a booking of the service may occupy this time. Bookings of other services
    /// must not overlap it at all; bookings of the same service share it up to the service's capacity.
    /// </summary>
    private async Task<bool> HasRoomAsync(Guid providerId, Guid serviceId, UtcRange occupied, int capacity, Guid? exceptBookingId, CancellationToken ct)
    {
        var overlapping = db.Bookings.Where(b =>
            b.ProviderId == providerId && b.Id != exceptBookingId &&
            Booking.Occupying.Contains(b.Status) &&
            b.OccupiedStartUtc < occupied.End && occupied.Start < b.OccupiedEndUtc);
        var counts = await overlapping.GroupBy(b => b.ServiceId == serviceId).Select(g => new { Same = g.Key, Count = g.Count() }).ToListAsync(ct);
        return !counts.Any(c => !c.Same) && counts.Where(c => c.Same).Sum(c => c.Count) < capacity;
    }

    /// <summary>Takes the provider row's write lock until the transaction ends; see the class summary.</summary>
    private Task<int> LockProviderAsync(Guid providerId, CancellationToken ct) =>
        db.Providers.Where(p => p.Id == providerId)
            .ExecuteUpdateAsync(p => p.SetProperty(x => x.BookingSequence, x => x.BookingSequence + 1), ct);

    private Task<Booking?> FindByKeyAsync(string key, CancellationToken ct) =>
        db.Bookings.AsNoTracking().FirstOrDefaultAsync(b => b.IdempotencyKey == key, ct);
}

/// <summary>Builds the SlotFinder's view of a provider from the stored rows.</summary>
public static class Schedules
{
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
