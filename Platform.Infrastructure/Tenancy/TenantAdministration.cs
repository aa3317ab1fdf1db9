using System.Linq.Expressions;
using System.Net.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Core.Access;
using Platform.Core.Common;
using Platform.Core.Errors;
using Platform.Core.Features;
using Platform.Core.Identity;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Access;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Identity;

namespace Platform.Infrastructure.Tenancy;

public enum TenantSort
{
    CreatedDescending = 0,
    CreatedAscending = 1,
    NameAscending = 2,
    NameDescending = 3,
}

/// <summary>A page of the tenant list; the first page of <see cref="PageRequest.DefaultSize"/> when <see cref="Page"/> is null.</summary>
public sealed record TenantListQuery(PageRequest? Page = null, string? Search = null, TenantStatus? Status = null, TenantSort Sort = TenantSort.CreatedDescending);

public sealed record TenantRow(Guid Id, string Slug, string Name, PlanTier Plan, string Region, TenantStatus Status, DateTimeOffset CreatedAt);

public sealed record TenantOverview(
    int Total,
    IReadOnlyDictionary<TenantStatus, int> ByStatus,
    IReadOnlyDictionary<PlanTier, int> ByPlan,
    IReadOnlyList<TenantRow> Recent);

public sealed record TenantDomainRow(Guid Id, string Host, DateTimeOffset CreatedAt);

/// <summary>One platform feature for one tenant: what the plan gives, the host's override (null: none) and the result.</summary>
public sealed record TenantFeatureRow(FeatureDescription Feature, bool PlanDefault, bool? Override, bool Effective);

public sealed record TenantDetails(
    Guid Id,
    string Slug,
    string Name,
    TenantStatus Status,
    PlanTier Plan,
    string Region,
    string DefaultCurrency,
    string TimeZone,
    DateTimeOffset CreatedAt,
    IReadOnlyList<TenantDomainRow> Domains,
    IReadOnlyList<TenantFeatureRow> Features)
{
    public string Culture { get; init; } = TenantCultures.Default;
}

public sealed record CreateTenant(
    string Slug,
    string Name,
    PlanTier Plan,
    string Region,
    string Currency,
    string TimeZone,
    string AdminEmail,
    string AdminName,
    string Culture = TenantCultures.Default);

/// <summary>A change to a tenant's settings; a null <paramref name="Culture"/> keeps the one it has.</summary>
public sealed record UpdateTenant(string Name, PlanTier Plan, string Region, string Currency, string TimeZone, string? Culture = null);

/// <summary>
/// The platform operator's use cases on the tenant catalog: list, create (with the first admin's
/// invitation), edit, suspend, per-tenant feature overrides and custom domains. Host side only.
/// Invalid input changes nothing; every write drops the tenant from <see cref="TenantCatalog"/>'s
/// cache so resolution, themes and features see it on the next request. Only host operators (and the platform
/// itself) act here: anyone else reads nothing and is refused every change with <see cref="ErrorCodes.Forbidden"/>.
/// </summary>
public sealed class TenantAdministration(
    IDbContextFactory<PlatformDbContext> contexts,
    TenantCatalog catalog,
    TenantScopeFactory scopes,
    ITenantContext tenantContext,
    ICurrentActor actors,
    IOptions<TenancyOptions> tenancy,
    TimeProvider clock,
    ILogger<TenantAdministration> logger)
{
    /// <summary>The error key used when the tenant does not exist.</summary>
    public const string TenantField = "Tenant";

    public const int MaxNameLength = 120;

    private const string OperatorsOnly = "Only host operators administer tenants.";

    private static readonly Expression<Func<Tenant, TenantRow>> ToRow =
        t => new TenantRow(t.Id, t.Slug, t.Name, t.Plan, t.Region, t.Status, t.CreatedAt);

    /// <summary>Tenants live at {slug}.{BaseDomain}; custom domains must lie outside it. Same key as the web app's TenancyOptions.</summary>
    private string BaseDomain => tenancy.Value.NormalizedBaseDomain;

    public async Task<Page<TenantRow>> ListAsync(TenantListQuery query, CancellationToken ct = default)
    {
        EnsureHost();
        var request = query.Page ?? PageRequest.First;
        if (!await IsOperatorAsync(ct))
        {
            return Page<TenantRow>.Of([], request, 0);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var tenants = db.Tenants.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var term = query.Search.Trim().ToLowerInvariant();
            // lower(...) LIKE works on every provider; the StringComparison overload does not translate to SQL.
#pragma warning disable CA1862
            tenants = tenants.Where(t => t.Slug.Contains(term) || t.Name.ToLower().Contains(term));
#pragma warning restore CA1862
        }

        if (query.Status is { } status)
        {
            tenants = tenants.Where(t => t.Status == status);
        }

        var total = await tenants.CountAsync(ct);
        tenants = query.Sort switch
        {
            TenantSort.NameAscending => tenants.OrderBy(t => t.Name).ThenBy(t => t.Slug),
            TenantSort.NameDescending => tenants.OrderByDescending(t => t.Name).ThenByDescending(t => t.Slug),
            TenantSort.CreatedAscending => tenants.OrderBy(t => t.CreatedAt).ThenBy(t => t.Slug),
            _ => tenants.OrderByDescending(t => t.CreatedAt).ThenBy(t => t.Slug),
        };
        var items = await tenants.Skip(request.Skip).Take(request.Size).Select(ToRow).ToListAsync(ct);
        return Page<TenantRow>.Of(items, request, total);
    }

    public async Task<TenantOverview> OverviewAsync(int recent = 5, CancellationToken ct = default)
    {
        EnsureHost();
        if (!await IsOperatorAsync(ct))
        {
            return new TenantOverview(0, Enum.GetValues<TenantStatus>().ToDictionary(s => s, _ => 0), Enum.GetValues<PlanTier>().ToDictionary(p => p, _ => 0), []);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var groups = await db.Tenants.AsNoTracking()
            .GroupBy(t => new { t.Status, t.Plan })
            .Select(g => new { g.Key.Status, g.Key.Plan, Count = g.Count() })
            .ToListAsync(ct);
        var latest = await db.Tenants.AsNoTracking().OrderByDescending(t => t.CreatedAt).ThenBy(t => t.Slug)
            .Take(recent).Select(ToRow).ToListAsync(ct);
        return new TenantOverview(
            groups.Sum(g => g.Count),
            Enum.GetValues<TenantStatus>().ToDictionary(s => s, s => groups.Where(g => g.Status == s).Sum(g => g.Count)),
            Enum.GetValues<PlanTier>().ToDictionary(p => p, p => groups.Where(g => g.Plan == p).Sum(g => g.Count)),
            latest);
    }

    /// <summary>The tenant with its domains and feature table; null when there is no such tenant.</summary>
    public async Task<TenantDetails?> GetAsync(Guid id, CancellationToken ct = default)
    {
        EnsureHost();
        if (!await IsOperatorAsync(ct))
        {
            return null;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var tenant = await db.Tenants.AsNoTracking().AsSplitQuery()
            .Include(t => t.Domains).Include(t => t.FeatureOverrides)
            .FirstOrDefaultAsync(t => t.Id == id, ct);
        return tenant is null ? null : ToDetails(tenant);
    }

    /// <summary>True when a tenant already has this slug; lets a form say so while the operator types.</summary>
    public async Task<bool> SlugExistsAsync(string slug, CancellationToken ct = default)
    {
        EnsureHost();
        if (!await IsOperatorAsync(ct))
        {
            return false;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Tenants.AnyAsync(t => t.Slug == slug, ct);
    }

    /// <summary>
    /// Creates the tenant, then invites its first admin by e-mail from a scope of the new tenant.
    /// <paramref name="acceptUrl"/> turns the slug into the address of the invitation page.
    /// If the invitation cannot be made, the tenant is removed again.
    /// </summary>
    public async Task<Outcome<TenantDetails>> CreateAsync(CreateTenant command, Guid hostUserId, Func<string, string> acceptUrl, CancellationToken ct = default)
    {
        EnsureHost();
        if (!await IsOperatorAsync(ct))
        {
            return Refusals.Forbidden<TenantDetails>(OperatorsOnly);
        }

        var slug = (command.Slug ?? "").Trim();
        var errors = new Dictionary<string, string[]>();
        if (TenantSlug.Validate(slug) is { } slugProblem)
        {
            errors[nameof(CreateTenant.Slug)] = [slugProblem];
        }

        ValidateSettings(command.Name, command.Plan, command.Region, command.Currency, command.TimeZone, errors);
        ValidateCulture(command.Culture, errors);
        var adminEmail = (command.AdminEmail ?? "").Trim();
        if (!IsEmail(adminEmail))
        {
            errors[nameof(CreateTenant.AdminEmail)] = ["Enter the first admin's e-mail address."];
        }

        var adminName = (command.AdminName ?? "").Trim();
        if (adminName.Length is 0 or > MaxNameLength)
        {
            errors[nameof(CreateTenant.AdminName)] = [$"Enter the first admin's name, at most {MaxNameLength} characters."];
        }

        if (!errors.ContainsKey(nameof(CreateTenant.Slug)) && await SlugExistsAsync(slug, ct))
        {
            errors[nameof(CreateTenant.Slug)] = [SlugTaken(slug)];
        }

        if (errors.Count > 0)
        {
            return Outcome<TenantDetails>.Fail(errors);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var tenant = new Tenant
        {
            Slug = slug,
            Name = command.Name.Trim(),
            Plan = command.Plan,
            Region = command.Region,
            DefaultCurrency = command.Currency,
            TimeZone = command.TimeZone,
            Culture = command.Culture ?? TenantCultures.Default,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Tenants.Add(tenant);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another operator may have created the same slug between the check and the insert.
            await using var fresh = await contexts.CreateDbContextAsync(CancellationToken.None);
            if (await fresh.Tenants.AnyAsync(t => t.Slug == slug, CancellationToken.None))
            {
                return Outcome<TenantDetails>.Fail(nameof(CreateTenant.Slug), SlugTaken(slug));
            }

            throw;
        }

        // A lookup of this slug before it existed may have cached a miss.
        await catalog.InvalidateAsync(tenant.Id, ct);

        var invited = await InviteFirstAdminAsync(tenant, adminEmail, adminName, hostUserId, acceptUrl(slug), ct);
        if (!invited.Succeeded)
        {
            await RemoveAsync(tenant.Id);
            return Outcome<TenantDetails>.Fail(invited.Errors.ToDictionary(
                e => e.Key switch
                {
                    nameof(InviteStaff.Email) => nameof(CreateTenant.AdminEmail),
                    nameof(InviteStaff.DisplayName) => nameof(CreateTenant.AdminName),
                    _ => e.Key,
                },
                e => e.Value));
        }

        Log("create", tenant.Id, hostUserId, tenant.Slug);
        return Outcome<TenantDetails>.Ok(ToDetails(tenant));
    }

    public async Task<Outcome<TenantDetails>> UpdateAsync(Guid id, UpdateTenant command, Guid hostUserId, CancellationToken ct = default)
    {
        EnsureHost();
        if (!await IsOperatorAsync(ct))
        {
            return Refusals.Forbidden<TenantDetails>(OperatorsOnly);
        }

        var errors = new Dictionary<string, string[]>();
        ValidateSettings(command.Name, command.Plan, command.Region, command.Currency, command.TimeZone, errors);
        ValidateCulture(command.Culture, errors);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var tenant = await LoadAsync(db, id, ct);
        if (tenant is null)
        {
            return Missing();
        }

        if (errors.Count > 0)
        {
            return Outcome<TenantDetails>.Fail(errors);
        }

        tenant.Name = command.Name.Trim();
        tenant.Plan = command.Plan;
        tenant.Region = command.Region;
        tenant.DefaultCurrency = command.Currency;
        tenant.TimeZone = command.TimeZone;
        tenant.Culture = command.Culture ?? tenant.Culture;
        return await SaveAsync(db, tenant, "update", null, hostUserId, ct);
    }

    /// <summary>Suspends the tenant: its portal, app and API answer 403 until it is reactivated. Data is kept.</summary>
    public Task<Outcome<TenantDetails>> SuspendAsync(Guid id, Guid hostUserId, CancellationToken ct = default) =>
        SetStatusAsync(id, TenantStatus.Suspended, "suspend", hostUserId, ct);

    public Task<Outcome<TenantDetails>> ReactivateAsync(Guid id, Guid hostUserId, CancellationToken ct = default) =>
        SetStatusAsync(id, TenantStatus.Active, "reactivate", hostUserId, ct);

    /// <summary>Forces a feature on (true) or off (false) for this tenant, or returns it to its plan's default (null).</summary>
    public async Task<Outcome<TenantDetails>> SetFeatureOverrideAsync(Guid id, string feature, bool? enabled, Guid hostUserId, CancellationToken ct = default)
    {
        EnsureHost();
        if (!await IsOperatorAsync(ct))
        {
            return Refusals.Forbidden<TenantDetails>(OperatorsOnly);
        }

        if (!PlatformFeatures.IsKnown(feature))
        {
            return Outcome<TenantDetails>.Fail("Feature", $"There is no feature '{feature}'.");
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var tenant = await LoadAsync(db, id, ct);
        if (tenant is null)
        {
            return Missing();
        }

        var existing = tenant.FeatureOverrides.FirstOrDefault(o => o.Feature == feature);
        switch (enabled, existing)
        {
            case (null, not null):
                tenant.FeatureOverrides.Remove(existing);
                break;
            case ({ } on, null):
                db.TenantFeatureOverrides.Add(new TenantFeatureOverride { TenantId = tenant.Id, Feature = feature, Enabled = on });
                break;
            case ({ } on, not null):
                existing.Enabled = on;
                break;
        }

        var detail = $"{feature}={enabled switch { null => "plan", true => "on", false => "off" }}";
        return await SaveAsync(db, tenant, "feature-override", detail, hostUserId, ct);
    }

    /// <summary>Adds a custom domain such as book.acme-physio.com; a host name belongs to one tenant only.</summary>
    public async Task<Outcome<TenantDetails>> AddDomainAsync(Guid id, string host, Guid hostUserId, CancellationToken ct = default)
    {
        EnsureHost();
        if (!await IsOperatorAsync(ct))
        {
            return Refusals.Forbidden<TenantDetails>(OperatorsOnly);
        }

        var normalized = CustomDomainName.Normalize(host ?? "");
        if (CustomDomainName.Validate(normalized, BaseDomain) is { } problem)
        {
            return Outcome<TenantDetails>.Fail("Host", problem);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var tenant = await LoadAsync(db, id, ct);
        if (tenant is null)
        {
            return Missing();
        }

        if (await DomainTakenAsync(db, normalized, tenant.Id, ct) is { } taken)
        {
            return Outcome<TenantDetails>.Fail("Host", taken);
        }

        // Added through the set (fix-up puts it in tenant.Domains): a domain whose id is already set
        // would otherwise be taken for an existing row and updated.
        db.TenantDomains.Add(new TenantDomain { TenantId = tenant.Id, Host = normalized, CreatedAt = clock.GetUtcNow() });
        try
        {
            return await SaveAsync(db, tenant, "add-domain", normalized, hostUserId, ct);
        }
        catch (DbUpdateException)
        {
            await using var fresh = await contexts.CreateDbContextAsync(CancellationToken.None);
            if (await DomainTakenAsync(fresh, normalized, tenant.Id, CancellationToken.None) is { } race)
            {
                return Outcome<TenantDetails>.Fail("Host", race);
            }

            throw;
        }
    }

    public async Task<Outcome<TenantDetails>> RemoveDomainAsync(Guid id, Guid domainId, Guid hostUserId, CancellationToken ct = default)
    {
        EnsureHost();
        if (!await IsOperatorAsync(ct))
        {
            return Refusals.Forbidden<TenantDetails>(OperatorsOnly);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var tenant = await LoadAsync(db, id, ct);
        if (tenant is null)
        {
            return Missing();
        }

        var domain = tenant.Domains.FirstOrDefault(d => d.Id == domainId);
        if (domain is null)
        {
            return Outcome<TenantDetails>.Fail("Host", "This tenant has no such domain.");
        }

        tenant.Domains.Remove(domain);
        return await SaveAsync(db, tenant, "remove-domain", domain.Host, hostUserId, ct);
    }

    private async Task<Outcome<TenantDetails>> SetStatusAsync(Guid id, TenantStatus status, string action, Guid hostUserId, CancellationToken ct)
    {
        EnsureHost();
        if (!await IsOperatorAsync(ct))
        {
            return Refusals.Forbidden<TenantDetails>(OperatorsOnly);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var tenant = await LoadAsync(db, id, ct);
        if (tenant is null)
        {
            return Missing();
        }

        tenant.Status = status;
        return await SaveAsync(db, tenant, action, null, hostUserId, ct);
    }

    private async Task<Outcome<TenantDetails>> SaveAsync(PlatformDbContext db, Tenant tenant, string action, string? detail, Guid hostUserId, CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        await catalog.InvalidateAsync(tenant.Id, ct);
        Log(action, tenant.Id, hostUserId, detail);
        return Outcome<TenantDetails>.Ok(ToDetails(tenant));
    }

    private async Task<Outcome<StaffInvitation>> InviteFirstAdminAsync(Tenant tenant, string email, string name, Guid hostUserId, string acceptUrl, CancellationToken ct)
    {
        try
        {
            await using var scope = await scopes.CreateAsync(tenant.Id, ct);
            var invitations = scope.ServiceProvider.GetRequiredService<StaffInvitations>();
            return await invitations.InviteAsync(new InviteStaff(email, name, PlatformRoles.TenantAdmin), acceptUrl, hostUserId, ct);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Host action {Action} on tenant {TenantId} by {HostUserId} failed while inviting the first admin", "create", tenant.Id, hostUserId);
            await RemoveAsync(tenant.Id);
            throw;
        }
    }

    /// <summary>Takes back a tenant whose creation could not be completed, with any invitation already stored.</summary>
    private async Task RemoveAsync(Guid tenantId)
    {
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        // The host side reaches into the new tenant's rows on purpose: nothing of the tenant may stay behind.
        await db.StaffInvitations.IgnoreQueryFilters([PlatformDbContext.TenantFilter]).Where(i => i.TenantId == tenantId).ExecuteDeleteAsync(CancellationToken.None);
        await db.Tenants.Where(t => t.Id == tenantId).ExecuteDeleteAsync(CancellationToken.None);
        await catalog.InvalidateAsync(tenantId, CancellationToken.None);
    }

    private static void ValidateSettings(string? name, PlanTier plan, string? region, string? currency, string? timeZone, Dictionary<string, string[]> errors)
    {
        var trimmed = (name ?? "").Trim();
        if (trimmed.Length is 0 or > MaxNameLength)
        {
            errors[nameof(UpdateTenant.Name)] = [$"Enter a name of 1 to {MaxNameLength} characters."];
        }

        if (!Enum.IsDefined(plan))
        {
            errors[nameof(UpdateTenant.Plan)] = ["Choose Free, Premium or Enterprise."];
        }

        if (region is null || !Regions.All.Contains(region))
        {
            errors[nameof(UpdateTenant.Region)] = [$"Choose one of the regions: {string.Join(", ", Regions.All)}."];
        }

        if (!Currencies.IsSupported(currency))
        {
            errors[nameof(UpdateTenant.Currency)] = ["Choose a supported ISO 4217 currency such as EUR or USD."];
        }

        if (!TimeZones.IsValidIana(timeZone))
        {
            errors[nameof(UpdateTenant.TimeZone)] = ["Choose an IANA time zone such as Europe/Berlin."];
        }
    }

    private static void ValidateCulture(string? culture, Dictionary<string, string[]> errors)
    {
        if (culture is not null && !TenantCultures.IsValid(culture))
        {
            errors[nameof(UpdateTenant.Culture)] = ["Choose a language and region such as en-US or de-DE."];
        }
    }

    private static async Task<string?> DomainTakenAsync(PlatformDbContext db, string host, Guid tenantId, CancellationToken ct)
    {
        var owner = await db.TenantDomains.AsNoTracking().Where(d => d.Host == host)
            .Join(db.Tenants, d => d.TenantId, t => t.Id, (d, t) => new { t.Id, t.Slug })
            .FirstOrDefaultAsync(ct);
        return owner switch
        {
            null => null,
            _ when owner.Id == tenantId => $"{host} is already one of this tenant's domains.",
            _ => $"{host} is already in use by the tenant '{owner.Slug}'. A domain can belong to one tenant only.",
        };
    }

    private static string SlugTaken(string slug) => $"The slug '{slug}' is already taken by another tenant.";

    private static Task<Tenant?> LoadAsync(PlatformDbContext db, Guid id, CancellationToken ct) =>
        db.Tenants.AsSplitQuery().Include(t => t.Domains).Include(t => t.FeatureOverrides).FirstOrDefaultAsync(t => t.Id == id, ct);

    private static Outcome<TenantDetails> Missing() => Outcome<TenantDetails>.Fail(TenantField, "There is no such tenant.");

    private async Task<bool> IsOperatorAsync(CancellationToken ct) =>
        (await actors.GetAsync(ct)).Role is ActorRole.HostOperator or ActorRole.System;

    private void EnsureHost()
    {
        // Reading and changing every tenant is the operator's explicit cross-tenant path; never a tenant's.
        if (tenantContext.Tenant is not null)
        {
            throw new TenantMismatchException("Tenant administration runs on the host side only.");
        }
    }

    private void Log(string action, Guid tenantId, Guid hostUserId, string? detail) =>
        logger.LogInformation("Host action {Action} on tenant {TenantId} by {HostUserId}: {Detail}", action, tenantId, hostUserId, detail ?? "");

    private static bool IsEmail(string value) =>
        value.Length is > 3 and <= 256 && MailAddress.TryCreate(value, out var parsed) && parsed.Address == value;

    private static TenantDetails ToDetails(Tenant tenant)
    {
        var info = tenant.ToInfo();
        var features = PlatformFeatures.All.Select(f => new TenantFeatureRow(
            f,
            tenant.Plan >= f.MinimumPlan,
            info.FeatureOverrides.TryGetValue(f.Name, out var on) ? on : null,
            PlatformFeatures.IsEnabled(info, f.Name))).ToList();
        var domains = tenant.Domains.OrderBy(d => d.Host, StringComparer.Ordinal)
            .Select(d => new TenantDomainRow(d.Id, d.Host, d.CreatedAt)).ToList();
        return new TenantDetails(tenant.Id, tenant.Slug, tenant.Name, tenant.Status, tenant.Plan, tenant.Region,
            tenant.DefaultCurrency, tenant.TimeZone, tenant.CreatedAt, domains, features)
        {
            Culture = tenant.Culture,
        };
    }
}
