using Microsoft.EntityFrameworkCore;
using Platform.Core.Bookings;
using Platform.Core.Common;
using Platform.Core.Errors;
using Platform.Infrastructure.Data;

namespace Platform.Infrastructure.Bookings;

public sealed record AvailabilityRequest(Guid ServiceId, Guid? ProviderId, DateTimeOffset From, DateTimeOffset To);

/// <summary>The free slots of a service with one provider or with any who offer it, read from the database in a few queries.</summary>
public sealed class AvailabilityQuery(IDbContextFactory<PlatformDbContext> contexts, TimeProvider clock)
{
    public const int MaxRangeDays = 62;

    /// <summary>The era availability is asked of; beyond it the day of margin and the time-zone offsets would leave the calendar.</summary>
    public static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <inheritdoc cref="Earliest"/>
    public static readonly DateTimeOffset Latest = new(2200, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public async Task<Outcome<IReadOnlyList<Slot>>> FindAsync(AvailabilityRequest request, CancellationToken ct = default)
    {
        if (request.From < Earliest || request.From > Latest)
        {
            return Outcome<IReadOnlyList<Slot>>.Fail(ErrorCodes.ValidationFailed, "From", $"Ask for times between the years {Earliest.Year} and {Latest.Year}.");
        }

        if (request.To < Earliest || request.To > Latest)
        {
            return Outcome<IReadOnlyList<Slot>>.Fail(ErrorCodes.ValidationFailed, "To", $"Ask for times between the years {Earliest.Year} and {Latest.Year}.");
        }

        if (request.To <= request.From)
        {
            return Outcome<IReadOnlyList<Slot>>.Fail(ErrorCodes.ValidationFailed, "To", "The end of the range must be after its start.");
        }

        if (request.To - request.From > TimeSpan.FromDays(MaxRangeDays))
        {
            return Outcome<IReadOnlyList<Slot>>.Fail(ErrorCodes.ValidationFailed, "To", $"Ask for at most {MaxRangeDays} days at a time.");
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        await db.Database.OpenConnectionAsync(ct);
        var service = await db.Services.AsNoTracking().Include(s => s.Offerings)
            .FirstOrDefaultAsync(s => s.Id == request.ServiceId && !s.IsArchived, ct);
        if (service is null)
        {
            return Outcome<IReadOnlyList<Slot>>.Fail(ErrorCodes.NotFound, "ServiceId", "There is no such service.");
        }

        var offeredBy = service.Offerings.Select(o => o.ProviderId).ToList();
        if (request.ProviderId is { } chosen && !offeredBy.Contains(chosen))
        {
            return Outcome<IReadOnlyList<Slot>>.Fail(ErrorCodes.NotFound, "ProviderId", "This provider does not offer the service.");
        }

        var ids = request.ProviderId is { } one ? [one] : offeredBy;

        // Bookings, time off and dated hours that can touch the range, buffers and a day of time-zone margin included:
        // both ends bounded, so the reads cost the same however long the history before the range is.
        var from = request.From.AddDays(-1);
        var to = request.To.AddMinutes(service.DurationMinutes).AddDays(1);
        var providers = await Schedules.ProvidersAsync(db, ids, from, to, ct);
        var earliest = from - Booking.MaxOccupiedSpan;
        var occupied = await db.Bookings.AsNoTracking()
            .Where(b => ids.Contains(b.ProviderId) && Booking.Occupying.Contains(b.Status)
                        && b.OccupiedStartUtc >= earliest && b.OccupiedStartUtc < to && from < b.OccupiedEndUtc)
            .Select(b => new { b.ProviderId, b.ServiceId, b.OccupiedStartUtc, b.OccupiedEndUtc })
            .ToListAsync(ct);
        var sharing = occupied.Where(b => b.ServiceId == service.Id).ToLookup(b => b.ProviderId, b => new UtcRange(b.OccupiedStartUtc, b.OccupiedEndUtc));
        var busy = occupied.Where(b => b.ServiceId != service.Id).ToLookup(b => b.ProviderId, b => new UtcRange(b.OccupiedStartUtc, b.OccupiedEndUtc));

        var schedules = providers.Select(p => Schedules.Of(p, [.. sharing[p.Id]], [.. busy[p.Id]]));
        var slots = SlotFinder.FindForTeam(service.ToSlotRules(), schedules, request.From, request.To, clock.GetUtcNow());
        return Outcome<IReadOnlyList<Slot>>.Ok(slots);
    }

    /// <summary>Free start times of a service with one provider on a local day of <paramref name="zone"/>, each once, in order; none when the service or provider is gone.</summary>
    public async Task<IReadOnlyList<DateTimeOffset>> FreeStartsAsync(Guid serviceId, Guid providerId, DateOnly day, string zone, CancellationToken ct = default)
    {
        var timeZone = TimeZoneInfo.FindSystemTimeZoneById(zone);
        var found = await FindAsync(new AvailabilityRequest(serviceId, providerId, LocalDays.StartUtc(day, timeZone), LocalDays.StartUtc(day.AddDays(1), timeZone)), ct);
        return found.Succeeded ? [.. found.Value!.Select(s => s.Start).Distinct().Order()] : [];
    }
}
