using Microsoft.EntityFrameworkCore;
using Platform.Core.Bookings;
using Platform.Infrastructure.Data;

namespace Platform.Infrastructure.Reminders;

/// <summary>
/// When a booking's reminder goes out (ADR 0034): at its start minus the tenant's offset, for a confirmed booking that
/// was booked before that moment and has had no reminder for this start. Nothing is scheduled per booking: every pass of
/// <see cref="ReminderSweepService"/> asks which reminders are due, so a booking that is moved or cancelled, or a tenant
/// that changes its offset, needs nothing done, and a booking writes nothing to the job store.
/// </summary>
public static class ReminderRule
{
    /// <summary>When the reminder of a booking with <paramref name="startUtc"/>, booked at <paramref name="bookedAt"/>, goes out; null for none.</summary>
    public static DateTimeOffset? DueAt(BookingStatus status, DateTimeOffset startUtc, DateTimeOffset bookedAt, int offsetHours)
    {
        var due = startUtc - TimeSpan.FromHours(offsetHours);
        // Booked later than the offset before the start: the confirmation has just gone out, no reminder.
        return status == BookingStatus.Confirmed && bookedAt <= due ? due : null;
    }
}

/// <summary>The reminder of one booking of the current tenant, as the sweep will see it.</summary>
public sealed class BookingReminders(PlatformDbContext db, ReminderSettingsStore settings)
{
    /// <summary>When the booking's reminder goes out (in the past when it is due and not yet sent); null when it gets none, or had it.</summary>
    public async Task<DateTimeOffset?> DueAtAsync(Guid bookingId, CancellationToken ct = default)
    {
        var booking = await db.Bookings.AsNoTracking().Where(b => b.Id == bookingId)
            .Select(b => new { b.Status, b.StartUtc, b.CreatedAt }).FirstOrDefaultAsync(ct);
        if (booking is null || await db.Set<SentReminder>().AnyAsync(s => s.BookingId == bookingId && s.StartUtc == booking.StartUtc, ct))
        {
            return null;
        }

        return ReminderRule.DueAt(booking.Status, booking.StartUtc, booking.CreatedAt, await settings.OffsetHoursAsync(ct));
    }
}
