using System.Security.Cryptography;
using System.Text;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Logging;
using Platform.Core.Access;
using Platform.Core.Bookings;
using Platform.Core.Common;
using Platform.Core.Errors;
using Platform.Core.Identity;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Data;

namespace Platform.Infrastructure.Bookings;

/// <summary>Whether the signed-in person has bookings to subscribe to (they are a provider) and since when their feed exists, if it does.</summary>
public sealed record CalendarFeedStatus(bool IsProvider, DateTimeOffset? Since);

/// <summary>
/// The personal calendar feeds of staff: made, replaced and revoked by the signed-in member of staff for themselves
/// only (never for someone else: no user id comes in), and read by whoever holds the token, as a calendar of that
/// person's bookings from <see cref="CalendarFeed.Past"/> ago to <see cref="CalendarFeed.Ahead"/> ahead. The feed names
/// the customer and the service, never their e-mail address or phone. Each event's UID is the booking's id and its
/// SEQUENCE the number of changes since it was made, as in the invitations customers get (<see cref="BookingCalendarFile"/>).
/// </summary>
public sealed class CalendarFeeds(
    IDbContextFactory<PlatformDbContext> contexts,
    ICurrentActor actors,
    ITenantContext tenantContext,
    TimeProvider clock,
    ILogger<CalendarFeeds> logger)
{
    /// <summary>The path of a feed, relative to the tenant's address.</summary>
    public static string PathOf(string token) => $"calendar/feed/{token}.ics";

    /// <summary>The longest token the feed's address is looked up with; anything longer is no token of ours.</summary>
    public const int MaxTokenLength = 100;

    public const string Field = "Feed";

    public async Task<CalendarFeedStatus> StatusAsync(CancellationToken ct = default)
    {
        var actor = await actors.GetAsync(ct);
        if (!MayHaveFeed(actor))
        {
            return new CalendarFeedStatus(false, null);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var isProvider = await db.Providers.AnyAsync(p => p.UserId == actor.UserId, ct);
        var since = await db.Set<CalendarFeed>().Where(f => f.UserId == actor.UserId).Select(f => (DateTimeOffset?)f.CreatedAt).FirstOrDefaultAsync(ct);
        return new CalendarFeedStatus(isProvider, since);
    }

    /// <summary>
    /// Makes the actor's feed, replacing the one they had (its URL stops working), and returns the new token: the only
    /// time it is seen. Refused to anyone who is not staff of the tenant (customers, API keys) and to staff who are no provider.
    /// </summary>
    public async Task<Outcome<string>> CreateAsync(CancellationToken ct = default)
    {
        var actor = await actors.GetAsync(ct);
        if (!MayHaveFeed(actor))
        {
            return Outcome<string>.Fail(ErrorCodes.Forbidden, Field, "Only staff can subscribe to their calendar.");
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        if (!await db.Providers.AnyAsync(p => p.UserId == actor.UserId, ct))
        {
            return Outcome<string>.Fail(ErrorCodes.Forbidden, Field, "Your account is not a provider here, so it has no bookings to subscribe to.");
        }

        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        await db.Set<CalendarFeed>().Where(f => f.UserId == actor.UserId).ExecuteDeleteAsync(ct);
        db.Add(new CalendarFeed { UserId = actor.UserId!.Value, TokenHash = Hash(token), CreatedAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Calendar feed made for user {UserId}", actor.UserId);
        return Outcome<string>.Ok(token);
    }

    /// <summary>Deletes the actor's feed: its URL answers 404 from now on. Whether there was one.</summary>
    public async Task<Outcome<bool>> RevokeAsync(CancellationToken ct = default)
    {
        var actor = await actors.GetAsync(ct);
        if (!MayHaveFeed(actor))
        {
            return Outcome<bool>.Fail(ErrorCodes.Forbidden, Field, "Only staff can subscribe to their calendar.");
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var deleted = await db.Set<CalendarFeed>().Where(f => f.UserId == actor.UserId).ExecuteDeleteAsync(ct);
        logger.LogInformation("Calendar feed of user {UserId} revoked", actor.UserId);
        return Outcome<bool>.Ok(deleted > 0);
    }

    /// <summary>
    /// The calendar a token opens, in the current tenant only; null when the token is unknown, revoked or another
    /// tenant's, or its owner is no longer staff here.
    /// </summary>
    public async Task<byte[]?> CalendarAsync(string? token, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength || tenantContext.Tenant is not { } tenant)
        {
            return null;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var hash = Hash(token);
        var feed = await db.Set<CalendarFeed>().AsNoTracking().FirstOrDefaultAsync(f => f.TokenHash == hash, ct);
        if (feed is null || !await IsStaffAsync(db, feed.UserId, ct))
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var (earliest, latest) = (now - CalendarFeed.Past, now + CalendarFeed.Ahead);
        var rows = await (from b in db.Bookings.AsNoTracking()
                          join p in db.Providers on b.ProviderId equals p.Id
                          join s in db.Services on b.ServiceId equals s.Id
                          join c in db.Customers on b.CustomerId equals c.Id
                          where p.UserId == feed.UserId && Booking.Occupying.Contains(b.Status) && b.StartUtc >= earliest && b.StartUtc < latest
                          orderby b.StartUtc
                          select new
                          {
                              b.Id,
                              b.StartUtc,
                              b.EndUtc,
                              b.Status,
                              b.CreatedAt,
                              Customer = c.Name,
                              Service = s.Name,
                              Provider = p.DisplayName,
                              Changes = db.BookingChanges.Count(h => h.BookingId == b.Id),
                          })
            .Take(CalendarFeed.MaxEvents)
            .ToListAsync(ct);

        var calendar = new Ical.Net.Calendar();
        calendar.AddProperty("METHOD", "PUBLISH");
        calendar.AddProperty("X-WR-CALNAME", $"{tenant.Name}: my bookings");
        calendar.AddProperty("X-PUBLISHED-TTL", "PT15M");
        foreach (var row in rows)
        {
            calendar.Events.Add(new CalendarEvent
            {
                Uid = row.Id.ToString("D"),
                Sequence = Math.Max(0, row.Changes - 1),
                Status = row.Status == BookingStatus.Pending ? EventStatus.Tentative : EventStatus.Confirmed,
                Summary = $"{row.Customer}: {row.Service}",
                Description = $"{row.Service} with {row.Provider}, {row.Customer}" + (row.Status == BookingStatus.Pending ? " (waiting for approval)" : ""),
                Location = tenant.Name,
                Start = new CalDateTime(row.StartUtc.UtcDateTime, "UTC"),
                End = new CalDateTime(row.EndUtc.UtcDateTime, "UTC"),
                DtStamp = new CalDateTime(now.UtcDateTime, "UTC"),
            });
        }

        return Encoding.UTF8.GetBytes(new CalendarSerializer().SerializeToString(calendar)!);
    }

    /// <summary>Staff of the tenant with a user id: members of staff, managers and admins; not customers, API keys or operators.</summary>
    /// <summary>Whether the person still holds a staff role here (staff, manager or admin): a feed dies with the role, not only with the account.</summary>
    private static Task<bool> IsStaffAsync(PlatformDbContext db, Guid userId, CancellationToken ct) =>
        (from ur in db.UserRoles
         join r in db.Roles on ur.RoleId equals r.Id
         where ur.UserId == userId && PlatformRoles.InvitableStaff.Contains(r.Name!)
         select ur).AnyAsync(ct);

    private static bool MayHaveFeed(Actor actor) => (actor.Role is ActorRole.Staff or ActorRole.Manager or ActorRole.TenantAdmin) && actor.UserId is not null;

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}

internal sealed class CalendarFeedConfiguration : IEntityTypeConfiguration<CalendarFeed>
{
    public void Configure(EntityTypeBuilder<CalendarFeed> feed)
    {
        feed.ToTable("CalendarFeeds");
        feed.Property(f => f.TokenHash).HasMaxLength(64);
        feed.HasIndex(f => f.TokenHash).IsUnique();
        feed.HasIndex(f => new { f.TenantId, f.UserId }).IsUnique();
    }
}
