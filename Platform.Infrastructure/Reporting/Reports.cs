using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Core.Access;
using Platform.Core.Common;
using Platform.Core.Errors;
using Platform.Core.Reporting;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Access;
using Platform.Infrastructure.Data;

namespace Platform.Infrastructure.Reporting;

/// <summary>Who else sees a saved report: nobody, the managers and admins, or the whole team (staff see their own figures in it).</summary>
public enum ReportSharing
{
    Private = 0,
    Managers = 1,
    Team = 2,
}

/// <summary>A report a manager saved: its name, its definition as JSON (docs/reports.md), who made it and who it is shared with.</summary>
public sealed class SavedReport : ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    public string Name { get; set; } = "";

    public string Description { get; set; } = "";

    public string DefinitionJson { get; set; } = "";

    /// <summary>Who made it; null for a report made by the platform or an integration.</summary>
    public Guid? OwnerId { get; init; }

    public ReportSharing Sharing { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class SavedReportConfiguration : IEntityTypeConfiguration<SavedReport>
{
    public void Configure(EntityTypeBuilder<SavedReport> report)
    {
        report.ToTable("SavedReports");
        report.HasKey(r => r.Id);
        report.Property(r => r.Name).HasMaxLength(Reports.MaxNameLength);
        report.Property(r => r.Description).HasMaxLength(Reports.MaxDescriptionLength);
        report.Property(r => r.DefinitionJson).HasMaxLength(ReportDefinitions.MaxLength);
        report.Property(r => r.Sharing).HasConversion<string>().HasMaxLength(16);
        report.HasIndex(r => new { r.TenantId, r.Name });
    }
}

/// <summary>A saved report as a list shows it.</summary>
public sealed record ReportSummary(Guid Id, string Name, string Description, string Dataset, ReportVisual Visual, ReportSharing Sharing,
    Guid? OwnerId, string OwnerName, DateTimeOffset UpdatedAt, bool MayEdit);

/// <summary>A saved report with its definition.</summary>
public sealed record ReportDetail(ReportSummary Summary, ReportDefinition Definition);

/// <summary>
/// What a reader's reports may choose from: the datasets they may read, and the services, providers (staff: their own),
/// team members (admins) and currencies a filter names.
/// </summary>
public sealed record ReportChoices(
    IReadOnlyList<ReportDataset> Datasets,
    IReadOnlyList<InsightsChoice> Services,
    IReadOnlyList<InsightsChoice> Providers,
    IReadOnlyList<InsightsChoice> Members,
    IReadOnlyList<string> Currencies,
    bool MaySave);

/// <summary>What a manager saves: the name, a description, who it is shared with, and the definition as JSON.</summary>
public sealed record SaveReport(string? Name, string? Description, ReportSharing Sharing, string? Definition);

/// <summary>
/// The tenant's saved reports (issue 15): managers and admins build, save and share them; each reader sees their own and
/// those shared with their role; a run reads only what the runner lets the reader see. The definition is checked whole
/// by <see cref="ReportDefinitions.Parse"/> before anything is saved.
/// </summary>
public sealed class Reports(IDbContextFactory<PlatformDbContext> contexts, ICurrentActor actors, ReportRunner runner, TimeProvider clock)
{
    public const int MaxNameLength = 100;
    public const int MaxDescriptionLength = 500;
    public const string ReportField = "Report";
    public const string Refused = "Reports are for the team of the business.";
    public const string SaveRefused = "Only managers and admins build and save reports.";
    public const string EditRefused = "Only the report's author, or an admin for a shared report, may change it.";

    public async Task<Outcome<Page<ReportSummary>>> ListAsync(PageRequest page, CancellationToken ct = default)
    {
        var actor = await actors.GetAsync(ct);
        if (!actor.IsTenantStaff)
        {
            return Refusals.Forbidden<Page<ReportSummary>>(Refused);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var visible = Visible(db.SavedReports.AsNoTracking(), actor);
        var total = await visible.CountAsync(ct);
        var reports = await visible.OrderBy(r => r.Name).ThenBy(r => r.Id).Skip(page.Skip).Take(page.Size).ToListAsync(ct);
        var owners = await OwnersAsync(db, reports, ct);
        return Outcome<Page<ReportSummary>>.Ok(Page<ReportSummary>.Of([.. reports.Select(r => Summary(r, owners, actor))], page, total));
    }

    public async Task<Outcome<ReportDetail>> GetAsync(Guid id, CancellationToken ct = default)
    {
        var actor = await actors.GetAsync(ct);
        if (!actor.IsTenantStaff)
        {
            return Refusals.Forbidden<ReportDetail>(Refused);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var report = await Visible(db.SavedReports.AsNoTracking(), actor).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (report is null)
        {
            return NotFound<ReportDetail>();
        }

        var owners = await OwnersAsync(db, [report], ct);
        return Outcome<ReportDetail>.Ok(new ReportDetail(Summary(report, owners, actor), ReportDefinitions.Parse(report.DefinitionJson).Value!));
    }

    public async Task<Outcome<ReportChoices>> ChoicesAsync(CancellationToken ct = default)
    {
        var actor = await actors.GetAsync(ct);
        if (!actor.IsTenantStaff)
        {
            return Refusals.Forbidden<ReportChoices>(Refused);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var services = await db.Services.AsNoTracking().OrderBy(s => s.Name).Select(s => new InsightsChoice(s.Id, s.Name)).ToListAsync(ct);
        var providers = db.Providers.AsNoTracking();
        providers = actor.ManagesTenant ? providers : providers.Where(p => p.UserId == actor.UserId);
        var members = actor.IsTenantAdmin
            ? await TeamMembers.Of(db).OrderBy(u => u.DisplayName).Select(u => new InsightsChoice(u.Id, u.DisplayName)).ToListAsync(ct)
            : [];
        var currencies = await db.Services.AsNoTracking().Select(s => s.Price.Currency).Distinct().OrderBy(c => c).ToListAsync(ct);
        return Outcome<ReportChoices>.Ok(new ReportChoices(
            [.. ReportCatalog.All.Where(d => d.Key != ReportFields.StaffActivity || actor.IsTenantAdmin)],
            services,
            await providers.OrderBy(p => p.DisplayName).Select(p => new InsightsChoice(p.Id, p.DisplayName)).ToListAsync(ct),
            members,
            currencies,
            actor.Role is ActorRole.Manager or ActorRole.TenantAdmin));
    }

    /// <summary>A new report (<paramref name="id"/> null) or a change to one the actor may edit; nothing is saved unless everything is valid.</summary>
    public async Task<Outcome<ReportDetail>> SaveAsync(Guid? id, SaveReport command, CancellationToken ct = default)
    {
        var actor = await actors.GetAsync(ct);
        if (actor.Role is not (ActorRole.Manager or ActorRole.TenantAdmin))
        {
            return Refusals.Forbidden<ReportDetail>(SaveRefused);
        }

        var errors = new Dictionary<string, string[]>();
        var name = (command.Name ?? "").Trim();
        var description = (command.Description ?? "").Trim();
        if (name.Length is 0 or > MaxNameLength)
        {
            errors[nameof(SaveReport.Name)] = [$"Enter a name of 1 to {MaxNameLength} characters."];
        }

        if (description.Length > MaxDescriptionLength)
        {
            errors[nameof(SaveReport.Description)] = [$"A description is at most {MaxDescriptionLength} characters."];
        }

        if (!Enum.IsDefined(command.Sharing))
        {
            errors[nameof(SaveReport.Sharing)] = ["Share the report with nobody (private), the managers, or the team."];
        }

        var parsed = ReportDefinitions.Parse(command.Definition);
        foreach (var (field, messages) in parsed.Errors)
        {
            errors[field == "definition" ? nameof(SaveReport.Definition) : $"{nameof(SaveReport.Definition)}.{field}"] = messages;
        }

        if (parsed.Succeeded && parsed.Value!.Dataset == ReportFields.StaffActivity && !actor.IsTenantAdmin)
        {
            errors[$"{nameof(SaveReport.Definition)}.dataset"] = [ReportRunner.ActivityRefused];
        }

        if (errors.Count > 0)
        {
            return Outcome<ReportDetail>.Fail(errors);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        SavedReport report;
        if (id is { } existing)
        {
            var found = await Visible(db.SavedReports, actor).FirstOrDefaultAsync(r => r.Id == existing, ct);
            if (found is null)
            {
                return NotFound<ReportDetail>();
            }

            if (!MayEdit(found, actor))
            {
                return Refusals.Forbidden<ReportDetail>(EditRefused);
            }

            report = found;
        }
        else
        {
            report = new SavedReport { OwnerId = actor.UserId, CreatedAt = now };
            db.SavedReports.Add(report);
        }

        report.Name = name;
        report.Description = description;
        report.Sharing = command.Sharing;
        report.DefinitionJson = ReportDefinitions.ToJson(parsed.Value!);
        report.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        var owners = await OwnersAsync(db, [report], ct);
        return Outcome<ReportDetail>.Ok(new ReportDetail(Summary(report, owners, actor), parsed.Value!));
    }

    public async Task<Outcome<bool>> DeleteAsync(Guid id, CancellationToken ct = default)
    {
        var actor = await actors.GetAsync(ct);
        if (actor.Role is not (ActorRole.Manager or ActorRole.TenantAdmin))
        {
            return Refusals.Forbidden<bool>(SaveRefused);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var report = await Visible(db.SavedReports, actor).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (report is null)
        {
            return NotFound<bool>();
        }

        if (!MayEdit(report, actor))
        {
            return Refusals.Forbidden<bool>(EditRefused);
        }

        db.SavedReports.Remove(report);
        await db.SaveChangesAsync(ct);
        return Outcome<bool>.Ok(true);
    }

    /// <summary>Runs a saved report the actor sees, with what the runner lets them see of its data.</summary>
    public async Task<Outcome<ReportResult>> RunAsync(Guid id, CancellationToken ct = default)
    {
        var detail = await GetAsync(id, ct);
        if (!detail.Succeeded)
        {
            return Outcome<ReportResult>.Fail(detail.Errors) with { Code = detail.Code };
        }

        var run = await runner.RunAsync(detail.Value!.Definition, ct);
        return run.Succeeded ? Outcome<ReportResult>.Ok(run.Value! with { Title = detail.Value.Summary.Name }) : run;
    }

    /// <summary>Runs a definition that is not saved (the builder's preview): checked first, like one that is.</summary>
    public async Task<Outcome<ReportResult>> PreviewAsync(string? definitionJson, CancellationToken ct = default)
    {
        var parsed = ReportDefinitions.Parse(definitionJson);
        return parsed.Succeeded ? await runner.RunAsync(parsed.Value!, ct) : Outcome<ReportResult>.Fail(parsed.Errors);
    }

    /// <summary>The reports the actor sees: their own, and those shared with their role; an integration sees the shared ones.</summary>
    private static IQueryable<SavedReport> Visible(IQueryable<SavedReport> reports, Actor actor) => actor.Role switch
    {
        ActorRole.Staff => reports.Where(r => r.OwnerId == actor.UserId || r.Sharing == ReportSharing.Team),
        ActorRole.System => reports,
        _ => reports.Where(r => r.OwnerId == actor.UserId || r.Sharing != ReportSharing.Private),
    };

    private static bool MayEdit(SavedReport report, Actor actor) =>
        report.OwnerId == actor.UserId || (actor.IsTenantAdmin && report.Sharing != ReportSharing.Private);

    private static async Task<Dictionary<Guid, string>> OwnersAsync(PlatformDbContext db, List<SavedReport> reports, CancellationToken ct)
    {
        var ids = reports.Select(r => r.OwnerId).OfType<Guid>().Distinct().ToList();
        return await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
    }

    private static ReportSummary Summary(SavedReport report, Dictionary<Guid, string> owners, Actor actor)
    {
        var definition = ReportDefinitions.Parse(report.DefinitionJson).Value!;
        return new ReportSummary(report.Id, report.Name, report.Description, definition.Dataset, definition.Visual, report.Sharing, report.OwnerId,
            report.OwnerId is { } owner ? owners.GetValueOrDefault(owner, "A former team member") : "The platform", report.UpdatedAt, MayEdit(report, actor));
    }

    private static Outcome<T> NotFound<T>() => Outcome<T>.Fail(ErrorCodes.NotFound, ReportField, "There is no such report.");
}
