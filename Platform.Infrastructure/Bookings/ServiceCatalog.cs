using Microsoft.EntityFrameworkCore;
using Platform.Core.Access;
using Platform.Core.Bookings;
using Platform.Core.Common;
using Platform.Core.Errors;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Data;

namespace Platform.Infrastructure.Bookings;

/// <summary>Which services to list: a page of them by name, optionally searched, the archived ones too if asked.</summary>
public sealed record ServiceQuery(PageRequest Page, string? Search = null, bool IncludeArchived = false)
{
    public const int MaxSearchLength = 100;
}

public sealed record ServiceSummary(Guid Id, string Name, int DurationMinutes, Money Price, int Capacity, int ProviderCount, bool IsArchived);

public sealed record ServiceDetails(
    Guid Id,
    string Name,
    string Description,
    int DurationMinutes,
    Money Price,
    int BufferBeforeMinutes,
    int BufferAfterMinutes,
    int Capacity,
    bool RequiresApproval,
    int MinimumNoticeMinutes,
    int MaximumDaysInAdvance,
    int CancellationWindowHours,
    int SlotIntervalMinutes,
    bool IsArchived,
    IReadOnlyList<Guid> ProviderIds)
{
    /// <summary>What the service asks whoever books it, in order.</summary>
    public IReadOnlyList<IntakeQuestion> Questions { get; init; } = [];
}

/// <summary>A service as a form or the API submits it; property names are the field names of its problems.</summary>
public sealed record SaveService
{
    public string Name { get; set; } = "";

    public string Description { get; set; } = "";

    public int DurationMinutes { get; set; } = 60;

    public decimal Price { get; set; }

    /// <summary>ISO 4217; empty means the tenant's default currency.</summary>
    public string Currency { get; set; } = "";

    public int BufferBeforeMinutes { get; set; }

    public int BufferAfterMinutes { get; set; }

    public int Capacity { get; set; } = 1;

    public bool RequiresApproval { get; set; }

    public int MinimumNoticeMinutes { get; set; } = 120;

    public int MaximumDaysInAdvance { get; set; } = 60;

    public int CancellationWindowHours { get; set; } = 24;

    public int SlotIntervalMinutes { get; set; } = 15;

    public IReadOnlyList<Guid> ProviderIds { get; set; } = [];

    /// <summary>The intake questions, in order; problems name <c>Questions[i].Label</c> and the like (<see cref="IntakeQuestions"/>).</summary>
    public IReadOnlyList<IntakeQuestion> Questions { get; set; } = [];

    public static SaveService From(ServiceDetails s) => new()
    {
        Name = s.Name,
        Description = s.Description,
        DurationMinutes = s.DurationMinutes,
        Price = s.Price.Amount,
        Currency = s.Price.Currency,
        BufferBeforeMinutes = s.BufferBeforeMinutes,
        BufferAfterMinutes = s.BufferAfterMinutes,
        Capacity = s.Capacity,
        RequiresApproval = s.RequiresApproval,
        MinimumNoticeMinutes = s.MinimumNoticeMinutes,
        MaximumDaysInAdvance = s.MaximumDaysInAdvance,
        CancellationWindowHours = s.CancellationWindowHours,
        SlotIntervalMinutes = s.SlotIntervalMinutes,
        ProviderIds = s.ProviderIds,
        // No questions is the shared empty list, as a new command has, so a service without questions reads back equal to its command.
        Questions = s.Questions.Count == 0 ? [] : s.Questions,
    };
}

/// <summary>
/// The current tenant's services: what staff sell, with the rules that shape their slots and the
/// providers who offer them. Invalid input writes nothing; another tenant's id is simply not found.
/// A context per call, so interactive circuits never share one across operations. The current actor decides:
/// staff read (see <see cref="CatalogAccess"/>), managers change; anyone else gets <see cref="ErrorCodes.Forbidden"/>.
/// </summary>
public sealed class ServiceCatalog(IDbContextFactory<PlatformDbContext> contexts, ITenantContext tenantContext, ICurrentActor currentActor)
{
    public const string ServiceField = "Service";
    public const int MaxNameLength = 120;
    public const int MaxDescriptionLength = 2000;
    public const int MinDuration = 5;
    public const int MaxDuration = Booking.MaxLengthMinutes;
    public const int MaxBuffer = Booking.MaxBufferMinutes;
    public const int MaxCapacity = 500;
    public const int MaxNoticeMinutes = 60 * 24 * 60;
    public const int MaxDaysInAdvance = 730;
    public const int MaxCancellationHours = 720;
    public const int MinInterval = 5;
    public const int MaxInterval = 240;

    public async Task<Outcome<Page<ServiceSummary>>> ListAsync(ServiceQuery query, CancellationToken ct = default)
    {
        if (!CatalogAccess.MayRead(await currentActor.GetAsync(ct)))
        {
            return Outcome<Page<ServiceSummary>>.Fail(ErrorCodes.Forbidden, CatalogAccess.Field, CatalogAccess.ReadRefused);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var services = db.Services.AsNoTracking();
        if (!query.IncludeArchived)
        {
            services = services.Where(s => !s.IsArchived);
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var term = query.Search.Trim().ToUpperInvariant();
#pragma warning disable CA1862 // upper-cased on both sides: providers translate ToUpper/Contains, not StringComparison overloads
            services = services.Where(s => s.Name.ToUpper().Contains(term));
#pragma warning restore CA1862
        }

        var total = await services.CountAsync(ct);
        var items = await services
            .OrderBy(s => s.IsArchived).ThenBy(s => s.Name).ThenBy(s => s.Id)
            .Skip(query.Page.Skip).Take(query.Page.Size)
            .Select(s => new ServiceSummary(s.Id, s.Name, s.DurationMinutes, s.Price, s.Capacity,
                db.ServiceOfferings.Count(o => o.ServiceId == s.Id && db.Providers.Any(p => p.Id == o.ProviderId && p.IsActive)), s.IsArchived))
            .ToListAsync(ct);
        return Outcome<Page<ServiceSummary>>.Ok(Page<ServiceSummary>.Of(items, query.Page, total));
    }

    /// <summary>The service with its providers; not found when this tenant has no such service.</summary>
    public async Task<Outcome<ServiceDetails>> GetAsync(Guid id, CancellationToken ct = default)
    {
        if (!CatalogAccess.MayRead(await currentActor.GetAsync(ct)))
        {
            return Forbidden(CatalogAccess.ReadRefused);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var service = await db.Services.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        if (service is null)
        {
            return NotFound();
        }

        // Offerings are read through their own filtered set: the query filter does not reach Include.
        var providers = await db.ServiceOfferings.AsNoTracking().Where(o => o.ServiceId == id).Select(o => o.ProviderId).ToListAsync(ct);
        return Outcome<ServiceDetails>.Ok(ToDetails(service, providers));
    }

    public async Task<Outcome<ServiceDetails>> CreateAsync(SaveService command, CancellationToken ct = default)
    {
        if (!CatalogAccess.MayChange(await currentActor.GetAsync(ct)))
        {
            return Forbidden(CatalogAccess.ChangeRefused);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var errors = await ValidateAsync(db, command, null, ct);
        if (errors.Count > 0)
        {
            return Outcome<ServiceDetails>.Fail(errors);
        }

        var service = new Service { Name = command.Name.Trim(), Price = PriceOf(command) };
        Apply(service, command);
        db.Services.Add(service);
        AddOfferings(db, service.Id, command.ProviderIds);
        await db.SaveChangesAsync(ct);
        return Outcome<ServiceDetails>.Ok(ToDetails(service, command.ProviderIds.Distinct().ToList()));
    }

    public async Task<Outcome<ServiceDetails>> UpdateAsync(Guid id, SaveService command, CancellationToken ct = default)
    {
        if (!CatalogAccess.MayChange(await currentActor.GetAsync(ct)))
        {
            return Forbidden(CatalogAccess.ChangeRefused);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var service = await db.Services.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (service is null)
        {
            return NotFound();
        }

        var errors = await ValidateAsync(db, command, service, ct);
        if (errors.Count > 0)
        {
            return Outcome<ServiceDetails>.Fail(errors);
        }

        Apply(service, command);
        await ReplaceOfferingsAsync(db, id, command.ProviderIds, ct);
        await db.SaveChangesAsync(ct);
        return Outcome<ServiceDetails>.Ok(ToDetails(service, command.ProviderIds.Distinct().ToList()));
    }

    /// <summary>Replaces the providers who offer the service.</summary>
    public async Task<Outcome<ServiceDetails>> SetProvidersAsync(Guid id, IReadOnlyList<Guid> providerIds, CancellationToken ct = default)
    {
        if (!CatalogAccess.MayChange(await currentActor.GetAsync(ct)))
        {
            return Forbidden(CatalogAccess.ChangeRefused);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var service = await db.Services.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        if (service is null)
        {
            return NotFound();
        }

        var errors = new Dictionary<string, string[]>();
        await ValidateProvidersAsync(db, providerIds, id, errors, ct);
        if (errors.Count > 0)
        {
            return Outcome<ServiceDetails>.Fail(errors);
        }

        await ReplaceOfferingsAsync(db, id, providerIds, ct);
        await db.SaveChangesAsync(ct);
        return Outcome<ServiceDetails>.Ok(ToDetails(service, providerIds.Distinct().ToList()));
    }

    /// <summary>Archived services are no longer bookable; their bookings stay.</summary>
    public async Task<Outcome<ServiceDetails>> SetArchivedAsync(Guid id, bool archived, CancellationToken ct = default)
    {
        if (!CatalogAccess.MayChange(await currentActor.GetAsync(ct)))
        {
            return Forbidden(CatalogAccess.ChangeRefused);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var service = await db.Services.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (service is null)
        {
            return NotFound();
        }

        if (!archived && service.IsArchived && await NameTakenAsync(db, service.Name, service.Id, ct))
        {
            return Outcome<ServiceDetails>.Fail(ErrorCodes.Conflict, nameof(SaveService.Name),
                $"An active service is already called “{service.Name}”. Rename one of them first.");
        }

        service.IsArchived = archived;
        await db.SaveChangesAsync(ct);
        var providers = await db.ServiceOfferings.AsNoTracking().Where(o => o.ServiceId == id).Select(o => o.ProviderId).ToListAsync(ct);
        return Outcome<ServiceDetails>.Ok(ToDetails(service, providers));
    }

    private static Outcome<ServiceDetails> NotFound() =>
        Outcome<ServiceDetails>.Fail(ErrorCodes.NotFound, ServiceField, "There is no such service.");

    private static Outcome<ServiceDetails> Forbidden(string message) =>
        Outcome<ServiceDetails>.Fail(ErrorCodes.Forbidden, CatalogAccess.Field, message);

    private async Task<Dictionary<string, string[]>> ValidateAsync(PlatformDbContext db, SaveService c, Service? existing, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var name = (c.Name ?? "").Trim();
        if (name.Length is 0 or > MaxNameLength)
        {
            errors[nameof(SaveService.Name)] = [$"Enter a name of 1 to {MaxNameLength} characters."];
        }
        else if ((existing is null || !existing.IsArchived) && await NameTakenAsync(db, name, existing?.Id, ct))
        {
            errors[nameof(SaveService.Name)] = [$"Another active service is already called “{name}”."];
        }

        if ((c.Description ?? "").Length > MaxDescriptionLength)
        {
            errors[nameof(SaveService.Description)] = [$"The description has at most {MaxDescriptionLength} characters."];
        }

        if (c.DurationMinutes is < MinDuration or > MaxDuration || c.DurationMinutes % 5 != 0)
        {
            errors[nameof(SaveService.DurationMinutes)] = [$"The duration is {MinDuration} to {MaxDuration} minutes, in steps of 5."];
        }

        if (c.Price < 0 || decimal.Round(c.Price, 2) != c.Price || c.Price > 9_999_999_999_999_999m)
        {
            errors[nameof(SaveService.Price)] = ["The price is 0 or more, with at most 2 decimals."];
        }

        if (!string.IsNullOrEmpty(c.Currency) && !Currencies.IsSupported(c.Currency))
        {
            errors[nameof(SaveService.Currency)] = ["Choose one of the supported currencies."];
        }

        if (c.BufferBeforeMinutes is < 0 or > MaxBuffer)
        {
            errors[nameof(SaveService.BufferBeforeMinutes)] = [$"The buffer before is 0 to {MaxBuffer} minutes."];
        }

        if (c.BufferAfterMinutes is < 0 or > MaxBuffer)
        {
            errors[nameof(SaveService.BufferAfterMinutes)] = [$"The buffer after is 0 to {MaxBuffer} minutes."];
        }

        if (c.Capacity is < 1 or > MaxCapacity)
        {
            errors[nameof(SaveService.Capacity)] = [$"The capacity is 1 to {MaxCapacity} people."];
        }

        if (c.MinimumNoticeMinutes is < 0 or > MaxNoticeMinutes)
        {
            errors[nameof(SaveService.MinimumNoticeMinutes)] = [$"The minimum notice is 0 to {MaxNoticeMinutes} minutes (60 days)."];
        }

        if (c.MaximumDaysInAdvance is < 1 or > MaxDaysInAdvance)
        {
            errors[nameof(SaveService.MaximumDaysInAdvance)] = [$"Bookings open 1 to {MaxDaysInAdvance} days in advance."];
        }

        if (c.CancellationWindowHours is < 0 or > MaxCancellationHours)
        {
            errors[nameof(SaveService.CancellationWindowHours)] = [$"The cancellation window is 0 to {MaxCancellationHours} hours."];
        }

        // The slot grid restarts every day: an interval that divides the day keeps it the same every day.
        if (c.SlotIntervalMinutes is < MinInterval or > MaxInterval || 1440 % c.SlotIntervalMinutes != 0)
        {
            errors[nameof(SaveService.SlotIntervalMinutes)] = [$"The slot interval is {MinInterval} to {MaxInterval} minutes and divides a day evenly (5, 10, 15, 20, 30, 45, 60, 90, 120…)."];
        }

        foreach (var problem in IntakeQuestions.Check(c.Questions ?? []))
        {
            errors[problem.Field] = [.. errors.GetValueOrDefault(problem.Field) ?? [], problem.Message];
        }

        await ValidateProvidersAsync(db, c.ProviderIds ?? [], existing?.Id, errors, ct);
        return errors;
    }

    /// <summary>Providers must be this tenant's; new ones active (an inactive one may keep offering what it offered, so the form still saves).</summary>
    private static async Task ValidateProvidersAsync(PlatformDbContext db, IReadOnlyList<Guid> providerIds, Guid? serviceId, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        var wanted = providerIds.Distinct().ToList();
        if (wanted.Count == 0)
        {
            return;
        }

        var found = await db.Providers.AsNoTracking().CountAsync(p => wanted.Contains(p.Id)
            && (p.IsActive || db.ServiceOfferings.Any(o => o.ProviderId == p.Id && o.ServiceId == serviceId)), ct);
        if (found != wanted.Count)
        {
            errors[nameof(SaveService.ProviderIds)] = ["Choose active providers of this business."];
        }
    }

    private static Task<bool> NameTakenAsync(PlatformDbContext db, string name, Guid? except, CancellationToken ct)
    {
        var upper = name.Trim().ToUpperInvariant();
#pragma warning disable CA1862
        return db.Services.AnyAsync(s => !s.IsArchived && s.Id != except && s.Name.ToUpper() == upper, ct);
#pragma warning restore CA1862
    }

    private Money PriceOf(SaveService c) =>
        new(c.Price, string.IsNullOrEmpty(c.Currency) ? tenantContext.Tenant?.DefaultCurrency ?? "USD" : c.Currency);

    private void Apply(Service service, SaveService c)
    {
        service.Name = c.Name.Trim();
        service.Description = (c.Description ?? "").Trim();
        service.DurationMinutes = c.DurationMinutes;
        service.Price = PriceOf(c);
        service.BufferBeforeMinutes = c.BufferBeforeMinutes;
        service.BufferAfterMinutes = c.BufferAfterMinutes;
        service.Capacity = c.Capacity;
        service.RequiresApproval = c.RequiresApproval;
        service.MinimumNoticeMinutes = c.MinimumNoticeMinutes;
        service.MaximumDaysInAdvance = c.MaximumDaysInAdvance;
        service.CancellationWindowHours = c.CancellationWindowHours;
        service.SlotIntervalMinutes = c.SlotIntervalMinutes;
        service.Questions = IntakeQuestions.Normalized(c.Questions ?? []);
    }

    private static void AddOfferings(PlatformDbContext db, Guid serviceId, IEnumerable<Guid> providerIds)
    {
        foreach (var providerId in providerIds.Distinct())
        {
            db.ServiceOfferings.Add(new ServiceOffering { ServiceId = serviceId, ProviderId = providerId });
        }
    }

    private static async Task ReplaceOfferingsAsync(PlatformDbContext db, Guid serviceId, IReadOnlyList<Guid> providerIds, CancellationToken ct)
    {
        var wanted = providerIds.Distinct().ToHashSet();
        var current = await db.ServiceOfferings.Where(o => o.ServiceId == serviceId).ToListAsync(ct);
        db.ServiceOfferings.RemoveRange(current.Where(o => !wanted.Contains(o.ProviderId)));
        AddOfferings(db, serviceId, wanted.Except(current.Select(o => o.ProviderId)));
    }

    private static ServiceDetails ToDetails(Service s, IReadOnlyList<Guid> providerIds) => new(
        s.Id, s.Name, s.Description, s.DurationMinutes, s.Price, s.BufferBeforeMinutes, s.BufferAfterMinutes, s.Capacity,
        s.RequiresApproval, s.MinimumNoticeMinutes, s.MaximumDaysInAdvance, s.CancellationWindowHours, s.SlotIntervalMinutes,
        s.IsArchived, providerIds)
    {
        Questions = s.Questions,
    };
}
