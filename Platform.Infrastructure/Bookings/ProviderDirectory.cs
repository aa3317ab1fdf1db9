using Microsoft.EntityFrameworkCore;
using Platform.Core.Access;
using Platform.Core.Bookings;
using Platform.Core.Common;
using Platform.Core.Errors;
using Platform.Core.Identity;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Data;

namespace Platform.Infrastructure.Bookings;

/// <summary>Which providers to list: a page of them by name, optionally searched, the inactive ones too if asked.</summary>
public sealed record ProviderQuery(PageRequest Page, string? Search = null, bool IncludeInactive = false)
{
    public const int MaxSearchLength = 100;
}

public sealed record ProviderSummary(Guid Id, string DisplayName, string TimeZone, bool IsActive, Guid? UserId, int ServiceCount);

/// <summary>A date's own hours; no periods means closed all day.</summary>
public sealed record DateHours(DateOnly Date, IReadOnlyList<LocalPeriod> Periods)
{
    public bool IsClosed => Periods.Count == 0;
}

/// <summary>A pending or confirmed booking that falls in time off being added: it stays booked until someone moves or cancels it.</summary>
public sealed record BookingInTimeOff(Guid Id, DateTimeOffset StartUtc, DateTime StartLocal, string Service, string Customer);

/// <summary>Time off in UTC and as the provider reads it, in their zone.</summary>
public sealed record TimeOffEntry(Guid Id, DateTimeOffset StartUtc, DateTimeOffset EndUtc, DateTime StartLocal, DateTime EndLocal, string Reason);

public sealed record ProviderDetails(
    Guid Id,
    string DisplayName,
    string Bio,
    string TimeZone,
    bool IsActive,
    Guid? UserId,
    IReadOnlyList<WorkingPeriod> WeeklyHours,
    IReadOnlyList<DateHours> Overrides,
    IReadOnlyList<TimeOffEntry> TimeOff);

/// <summary>A provider as a form or the API submits it; property names are the field names of its problems.</summary>
public sealed record SaveProvider
{
    public string DisplayName { get; set; } = "";

    public string Bio { get; set; } = "";

    public string TimeZone { get; set; } = "";

    /// <summary>The staff account of this provider, if any.</summary>
    public Guid? UserId { get; set; }

    public static SaveProvider From(ProviderDetails p) => new() { DisplayName = p.DisplayName, Bio = p.Bio, TimeZone = p.TimeZone, UserId = p.UserId };
}

/// <summary>A staff account a provider may be linked to.</summary>
public sealed record StaffAccount(Guid UserId, string DisplayName, string Email);

/// <summary>
/// The current tenant's providers: who they are, their weekly hours (breaks are the gaps between
/// periods), dates with their own hours, and time off. Invalid input writes nothing; another tenant's
/// id is simply not found. A context per call. The current actor decides: staff read (see
/// <see cref="CatalogAccess"/>), managers change; anyone else gets <see cref="ErrorCodes.Forbidden"/>. The rules
/// of hours and time off are Core's <see cref="WorkingHours"/>.
/// </summary>
public sealed class ProviderDirectory(IDbContextFactory<PlatformDbContext> contexts, ICurrentActor currentActor)
{
    public const string ProviderField = "Provider";
    public const string WeeklyHoursField = WorkingHours.WeeklyHoursField;
    public const string PeriodsField = WorkingHours.PeriodsField;
    public const string DateField = "Date";
    public const string StartField = WorkingHours.StartField;
    public const string EndField = WorkingHours.EndField;
    public const string ReasonField = WorkingHours.ReasonField;
    public const string TimeOffField = "TimeOff";
    public const int MaxNameLength = 120;
    public const int MaxBioLength = 2000;
    public const int MaxReasonLength = WorkingHours.MaxReasonLength;

    private static readonly string[] StaffRoles = [PlatformRoles.TenantAdmin, PlatformRoles.Manager, PlatformRoles.Staff];

    public async Task<Outcome<Page<ProviderSummary>>> ListAsync(ProviderQuery query, CancellationToken ct = default)
    {
        if (!CatalogAccess.MayRead(await currentActor.GetAsync(ct)))
        {
            return Outcome<Page<ProviderSummary>>.Fail(ErrorCodes.Forbidden, CatalogAccess.Field, CatalogAccess.ReadRefused);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var providers = db.Providers.AsNoTracking();
        if (!query.IncludeInactive)
        {
            providers = providers.Where(p => p.IsActive);
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var term = query.Search.Trim().ToUpperInvariant();
#pragma warning disable CA1862 // upper-cased on both sides: providers translate ToUpper/Contains, not StringComparison overloads
            providers = providers.Where(p => p.DisplayName.ToUpper().Contains(term));
#pragma warning restore CA1862
        }

        var total = await providers.CountAsync(ct);
        var items = await providers
            .OrderByDescending(p => p.IsActive).ThenBy(p => p.DisplayName).ThenBy(p => p.Id)
            .Skip(query.Page.Skip).Take(query.Page.Size)
            .Select(p => new ProviderSummary(p.Id, p.DisplayName, p.TimeZone, p.IsActive, p.UserId,
                db.ServiceOfferings.Count(o => o.ProviderId == p.Id && db.Services.Any(s => s.Id == o.ServiceId && !s.IsArchived))))
            .ToListAsync(ct);
        return Outcome<Page<ProviderSummary>>.Ok(Page<ProviderSummary>.Of(items, query.Page, total));
    }

    /// <summary>The provider with hours, overrides and time off; not found when this tenant has no such provider.</summary>
    public async Task<Outcome<ProviderDetails>> GetAsync(Guid id, CancellationToken ct = default)
    {
        if (!CatalogAccess.MayRead(await currentActor.GetAsync(ct)))
        {
            return Forbidden(CatalogAccess.ReadRefused);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        return await LoadAsync(db, id, ct) is { } provider ? Outcome<ProviderDetails>.Ok(provider) : NotFound();
    }

    /// <summary>The tenant's staff accounts (admins, managers, staff) a provider may be linked to; for those who may link them.</summary>
    public async Task<Outcome<IReadOnlyList<StaffAccount>>> StaffAccountsAsync(CancellationToken ct = default)
    {
        if (!CatalogAccess.MayChange(await currentActor.GetAsync(ct)))
        {
            return Outcome<IReadOnlyList<StaffAccount>>.Fail(ErrorCodes.Forbidden, CatalogAccess.Field, CatalogAccess.ChangeRefused);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var roleIds = db.Roles.Where(r => StaffRoles.Contains(r.Name!)).Select(r => r.Id);
        return Outcome<IReadOnlyList<StaffAccount>>.Ok(await db.Users.AsNoTracking()
            .Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && roleIds.Contains(ur.RoleId)))
            .OrderBy(u => u.DisplayName)
            .Select(u => new StaffAccount(u.Id, u.DisplayName, u.Email ?? ""))
            .ToListAsync(ct));
    }

    public async Task<Outcome<ProviderDetails>> CreateAsync(SaveProvider command, CancellationToken ct = default)
    {
        if (await RefuseChangeAsync(ct) is { } refused)
        {
            return refused;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var errors = await ValidateAsync(db, command, null, ct);
        if (errors.Count > 0)
        {
            return Outcome<ProviderDetails>.Fail(errors);
        }

        var provider = new Provider { DisplayName = command.DisplayName.Trim(), TimeZone = command.TimeZone };
        Apply(provider, command);
        db.Providers.Add(provider);
        await db.SaveChangesAsync(ct);
        return Outcome<ProviderDetails>.Ok((await LoadAsync(db, provider.Id, ct))!);
    }

    public async Task<Outcome<ProviderDetails>> UpdateAsync(Guid id, SaveProvider command, CancellationToken ct = default)
    {
        if (await RefuseChangeAsync(ct) is { } refused)
        {
            return refused;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var provider = await db.Providers.FirstOrDefaultAsync(p => p.Id == id, ct);
        if (provider is null)
        {
            return NotFound();
        }

        var errors = await ValidateAsync(db, command, id, ct);
        if (errors.Count > 0)
        {
            return Outcome<ProviderDetails>.Fail(errors);
        }

        Apply(provider, command);
        await db.SaveChangesAsync(ct);
        return Outcome<ProviderDetails>.Ok((await LoadAsync(db, id, ct))!);
    }

    /// <summary>Inactive providers are no longer offered for new bookings; their bookings and hours stay.</summary>
    public async Task<Outcome<ProviderDetails>> SetActiveAsync(Guid id, bool active, CancellationToken ct = default)
    {
        if (await RefuseChangeAsync(ct) is { } refused)
        {
            return refused;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var provider = await db.Providers.FirstOrDefaultAsync(p => p.Id == id, ct);
        if (provider is null)
        {
            return NotFound();
        }

        provider.IsActive = active;
        await db.SaveChangesAsync(ct);
        return Outcome<ProviderDetails>.Ok((await LoadAsync(db, id, ct))!);
    }

    /// <summary>Replaces all weekly hours; a weekday without periods is a day off.</summary>
    public async Task<Outcome<ProviderDetails>> ReplaceWeeklyHoursAsync(Guid id, IReadOnlyList<WorkingPeriod> hours, CancellationToken ct = default)
    {
        if (await RefuseChangeAsync(ct) is { } refused)
        {
            return refused;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        if (!await db.Providers.AnyAsync(p => p.Id == id, ct))
        {
            return NotFound();
        }

        if (WorkingHours.CheckWeek(hours) is { Count: > 0 } problems)
        {
            return Outcome<ProviderDetails>.Fail(WorkingHours.ByField(problems));
        }

        // Removed and added in one SaveChanges: one transaction, so readers never see a half-replaced week.
        db.Set<WeeklyHours>().RemoveRange(await db.Set<WeeklyHours>().Where(h => h.ProviderId == id).ToListAsync(ct));
        db.Set<WeeklyHours>().AddRange(hours.Select(h => new WeeklyHours { ProviderId = id, Day = h.Day, StartMinute = h.StartMinute, EndMinute = h.EndMinute }));
        await db.SaveChangesAsync(ct);
        return Outcome<ProviderDetails>.Ok((await LoadAsync(db, id, ct))!);
    }

    /// <summary>Gives a date its own hours (replacing any it had); no periods closes the date.</summary>
    public async Task<Outcome<ProviderDetails>> SetDateHoursAsync(Guid id, DateOnly date, IReadOnlyList<LocalPeriod> periods, CancellationToken ct = default)
    {
        if (await RefuseChangeAsync(ct) is { } refused)
        {
            return refused;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        if (!await db.Providers.AnyAsync(p => p.Id == id, ct))
        {
            return NotFound();
        }

        if (WorkingHours.CheckDay(periods) is { } problem)
        {
            return Outcome<ProviderDetails>.Fail(ErrorCodes.ValidationFailed, problem.Field, problem.Message);
        }

        db.Set<HoursOverride>().RemoveRange(await db.Set<HoursOverride>().Where(h => h.ProviderId == id && h.Date == date).ToListAsync(ct));
        if (periods.Count == 0)
        {
            db.Set<HoursOverride>().Add(new HoursOverride { ProviderId = id, Date = date });
        }
        else
        {
            db.Set<HoursOverride>().AddRange(periods.Select(p => new HoursOverride { ProviderId = id, Date = date, StartMinute = p.StartMinute, EndMinute = p.EndMinute }));
        }

        await db.SaveChangesAsync(ct);
        return Outcome<ProviderDetails>.Ok((await LoadAsync(db, id, ct))!);
    }

    /// <summary>The date follows the weekly hours again.</summary>
    public async Task<Outcome<ProviderDetails>> RemoveDateHoursAsync(Guid id, DateOnly date, CancellationToken ct = default)
    {
        if (await RefuseChangeAsync(ct) is { } refused)
        {
            return refused;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        if (!await db.Providers.AnyAsync(p => p.Id == id, ct))
        {
            return NotFound();
        }

        await db.Set<HoursOverride>().Where(h => h.ProviderId == id && h.Date == date).ExecuteDeleteAsync(ct);
        return Outcome<ProviderDetails>.Ok((await LoadAsync(db, id, ct))!);
    }

    /// <summary>
    /// The pending and confirmed bookings of the provider within time off entered as wall-clock times in their zone,
    /// earliest first: what adding it would leave booked, to show before the manager decides.
    /// </summary>
    public async Task<Outcome<IReadOnlyList<BookingInTimeOff>>> BookingsInTimeOffAsync(Guid id, DateTime startLocal, DateTime endLocal, CancellationToken ct = default)
    {
        if (await RefuseChangeAsync(ct) is { } refused)
        {
            return new Outcome<IReadOnlyList<BookingInTimeOff>>(null, refused.Errors, refused.Code);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var provider = await db.Providers.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (provider is null)
        {
            return Outcome<IReadOnlyList<BookingInTimeOff>>.Fail(ErrorCodes.NotFound, ProviderField, "There is no such provider.");
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(provider.TimeZone);
        if (WorkingHours.CheckTimeOff(startLocal, endLocal, null, zone, out var span) is { Count: > 0 } problems)
        {
            return Outcome<IReadOnlyList<BookingInTimeOff>>.Fail(WorkingHours.ByField(problems));
        }

        return Outcome<IReadOnlyList<BookingInTimeOff>>.Ok(await BookingsWithinAsync(db, id, span, zone, ct));
    }

    /// <summary>
    /// Adds time off entered as wall-clock times in the provider's zone; stored in UTC. Time off over pending or
    /// confirmed bookings is refused (conflict, naming them) unless <paramref name="overBookings"/> says the manager saw
    /// them and wants it anyway; those bookings stay as they are.
    /// </summary>
    public async Task<Outcome<ProviderDetails>> AddTimeOffAsync(Guid id, DateTime startLocal, DateTime endLocal, string? reason, bool overBookings = false, CancellationToken ct = default)
    {
        if (await RefuseChangeAsync(ct) is { } refused)
        {
            return refused;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var provider = await db.Providers.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (provider is null)
        {
            return NotFound();
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(provider.TimeZone);
        if (WorkingHours.CheckTimeOff(startLocal, endLocal, reason, zone, out var span) is { Count: > 0 } problems)
        {
            return Outcome<ProviderDetails>.Fail(WorkingHours.ByField(problems));
        }

        if (!overBookings && await BookingsWithinAsync(db, id, span, zone, ct) is { Count: > 0 } booked)
        {
            return Outcome<ProviderDetails>.Fail(ErrorCodes.Conflict, TimeOffField,
                $"{booked.Count} booking{(booked.Count == 1 ? " falls" : "s fall")} in this time off: "
                + string.Join("; ", booked.Select(b => $"{b.StartLocal:yyyy-MM-dd HH:mm} {b.Service} with {b.Customer}"))
                + ". Move or cancel them, or confirm the time off over them.");
        }

        db.Set<TimeOff>().Add(new TimeOff
        {
            ProviderId = id,
            StartUtc = span.Start,
            EndUtc = span.End,
            Reason = (reason ?? "").Trim(),
        });
        await db.SaveChangesAsync(ct);
        return Outcome<ProviderDetails>.Ok((await LoadAsync(db, id, ct))!);
    }

    private static async Task<IReadOnlyList<BookingInTimeOff>> BookingsWithinAsync(PlatformDbContext db, Guid providerId, UtcRange span, TimeZoneInfo zone, CancellationToken ct)
    {
        var start = span.Start;
        var end = span.End;
        var earliest = start - Booking.MaxLength;
        var rows = await db.Bookings.AsNoTracking()
            .Where(b => b.ProviderId == providerId && (b.Status == BookingStatus.Pending || b.Status == BookingStatus.Confirmed)
                        && b.StartUtc >= earliest && b.StartUtc < end && b.EndUtc > start)
            .Select(b => new
            {
                b.Id,
                b.StartUtc,
                Service = db.Services.Where(s => s.Id == b.ServiceId).Select(s => s.Name).FirstOrDefault() ?? "",
                Customer = db.Customers.Where(c => c.Id == b.CustomerId).Select(c => c.Name).FirstOrDefault() ?? "",
            })
            .ToListAsync(ct);
        return [.. rows.OrderBy(b => b.StartUtc).Select(b => new BookingInTimeOff(b.Id, b.StartUtc, TimeZoneInfo.ConvertTime(b.StartUtc, zone).DateTime, b.Service, b.Customer))];
    }

    public async Task<Outcome<ProviderDetails>> RemoveTimeOffAsync(Guid id, Guid timeOffId, CancellationToken ct = default)
    {
        if (await RefuseChangeAsync(ct) is { } refused)
        {
            return refused;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        if (!await db.Providers.AnyAsync(p => p.Id == id, ct))
        {
            return NotFound();
        }

        var removed = await db.Set<TimeOff>().Where(t => t.ProviderId == id && t.Id == timeOffId).ExecuteDeleteAsync(ct);
        return removed == 0
            ? Outcome<ProviderDetails>.Fail(ErrorCodes.NotFound, TimeOffField, "There is no such time off.")
            : Outcome<ProviderDetails>.Ok((await LoadAsync(db, id, ct))!);
    }

    private static Outcome<ProviderDetails> NotFound() =>
        Outcome<ProviderDetails>.Fail(ErrorCodes.NotFound, ProviderField, "There is no such provider.");

    private static Outcome<ProviderDetails> Forbidden(string message) =>
        Outcome<ProviderDetails>.Fail(ErrorCodes.Forbidden, CatalogAccess.Field, message);

    /// <summary>The refusal when the current actor may not change providers, or null when they may.</summary>
    private async Task<Outcome<ProviderDetails>?> RefuseChangeAsync(CancellationToken ct) =>
        CatalogAccess.MayChange(await currentActor.GetAsync(ct)) ? null : Forbidden(CatalogAccess.ChangeRefused);

    private static async Task<Dictionary<string, string[]>> ValidateAsync(PlatformDbContext db, SaveProvider c, Guid? existing, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var name = (c.DisplayName ?? "").Trim();
        if (name.Length is 0 or > MaxNameLength)
        {
            errors[nameof(SaveProvider.DisplayName)] = [$"Enter a name of 1 to {MaxNameLength} characters."];
        }

        if ((c.Bio ?? "").Length > MaxBioLength)
        {
            errors[nameof(SaveProvider.Bio)] = [$"The bio has at most {MaxBioLength} characters."];
        }

        if (!TimeZones.IsValidIana(c.TimeZone))
        {
            errors[nameof(SaveProvider.TimeZone)] = ["Choose a time zone such as Europe/Berlin."];
        }

        if (c.UserId is { } userId)
        {
            var roleIds = db.Roles.Where(r => StaffRoles.Contains(r.Name!)).Select(r => r.Id);
            // Users are tenant-filtered: another tenant's account is not found.
            var isStaff = await db.Users.AnyAsync(u => u.Id == userId && db.UserRoles.Any(ur => ur.UserId == u.Id && roleIds.Contains(ur.RoleId)), ct);
            if (!isStaff)
            {
                errors[nameof(SaveProvider.UserId)] = ["Choose a staff account of this business."];
            }
            else if (await db.Providers.AnyAsync(p => p.UserId == userId && p.Id != existing, ct))
            {
                errors[nameof(SaveProvider.UserId)] = ["This account is already linked to another provider."];
            }
        }

        return errors;
    }

    private static void Apply(Provider provider, SaveProvider c)
    {
        provider.DisplayName = c.DisplayName.Trim();
        provider.Bio = (c.Bio ?? "").Trim();
        provider.TimeZone = c.TimeZone;
        provider.UserId = c.UserId;
    }

    private static async Task<ProviderDetails?> LoadAsync(PlatformDbContext db, Guid id, CancellationToken ct)
    {
        var provider = await db.Providers.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (provider is null)
        {
            return null;
        }

        // Read through their own filtered sets: the tenant filter does not reach Include.
        var weekly = await db.Set<WeeklyHours>().AsNoTracking().Where(h => h.ProviderId == id).ToListAsync(ct);
        var overrides = await db.Set<HoursOverride>().AsNoTracking().Where(h => h.ProviderId == id).ToListAsync(ct);
        var timeOff = await db.Set<TimeOff>().AsNoTracking().Where(t => t.ProviderId == id).ToListAsync(ct);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(provider.TimeZone);
        return new ProviderDetails(
            provider.Id,
            provider.DisplayName,
            provider.Bio,
            provider.TimeZone,
            provider.IsActive,
            provider.UserId,
            [.. weekly.OrderBy(h => ((int)h.Day + 6) % 7).ThenBy(h => h.StartMinute).Select(h => new WorkingPeriod(h.Day, h.StartMinute, h.EndMinute))],
            [.. overrides.GroupBy(h => h.Date).OrderBy(g => g.Key).Select(g => new DateHours(g.Key,
                [.. g.Where(h => h.StartMinute is not null && h.EndMinute is not null).OrderBy(h => h.StartMinute).Select(h => new LocalPeriod(h.StartMinute!.Value, h.EndMinute!.Value))]))],
            [.. timeOff.OrderBy(t => t.StartUtc).Select(t => new TimeOffEntry(t.Id, t.StartUtc, t.EndUtc,
                TimeZoneInfo.ConvertTime(t.StartUtc, zone).DateTime, TimeZoneInfo.ConvertTime(t.EndUtc, zone).DateTime, t.Reason))]);
    }
}
