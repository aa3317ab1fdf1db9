using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Core.Access;
using Platform.Core.Common;
using Platform.Core.Email;
using Platform.Core.Errors;
using Platform.Core.Events;
using Platform.Core.Features;
using Platform.Core.Notifications;
using Platform.Core.Reporting;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Access;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Events;
using Platform.Infrastructure.Tenancy;

namespace Platform.Infrastructure.Reporting;

/// <summary>A saved report sent by e-mail on a timing, to chosen members of the team, as PDF and/or Excel attachments.</summary>
public sealed class ReportSchedule : ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    public Guid ReportId { get; init; }

    public ReportFrequency Frequency { get; set; }

    public TimeOnly At { get; set; }

    public DayOfWeek? Weekday { get; set; }

    public int? DayOfMonth { get; set; }

    /// <summary>The recipients' user ids, separated by spaces.</summary>
    public string Recipients { get; set; } = "";

    public bool SendPdf { get; set; }

    public bool SendExcel { get; set; }

    /// <summary>Who made it, and as what: the report runs with what they may see.</summary>
    public Guid CreatedBy { get; init; }

    public ActorRole CreatedAs { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it runs next, in UTC; the sweep takes it by moving this on.</summary>
    public DateTimeOffset NextRunAt { get; set; }

    public ReportTiming Timing => new(Frequency, At, Weekday, DayOfMonth);

    public IReadOnlyList<Guid> RecipientIds => [.. Recipients.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Guid.Parse)];
}

public enum ReportRunStatus
{
    Sent = 0,
    Failed = 1,
}

/// <summary>One run of a schedule: when it was due, how it went, and to how many it was sent.</summary>
public sealed class ReportScheduleRun : ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    public Guid ScheduleId { get; init; }

    public DateTimeOffset DueAt { get; init; }

    public DateTimeOffset At { get; init; }

    public ReportRunStatus Status { get; init; }

    public int Recipients { get; init; }

    public int Rows { get; init; }

    public string? Error { get; init; }
}

internal sealed class ReportScheduleConfiguration : IEntityTypeConfiguration<ReportSchedule>
{
    public void Configure(EntityTypeBuilder<ReportSchedule> schedule)
    {
        schedule.ToTable("ReportSchedules");
        schedule.HasKey(s => s.Id);
        schedule.Property(s => s.Frequency).HasConversion<string>().HasMaxLength(16);
        schedule.Property(s => s.Weekday).HasConversion<string>().HasMaxLength(16);
        schedule.Property(s => s.CreatedAs).HasConversion<string>().HasMaxLength(16);
        schedule.Property(s => s.Recipients).HasMaxLength(ReportSchedules.MaxRecipients * 37);
        schedule.HasIndex(s => s.NextRunAt);
        schedule.HasIndex(s => new { s.TenantId, s.ReportId });
    }
}

internal sealed class ReportScheduleRunConfiguration : IEntityTypeConfiguration<ReportScheduleRun>
{
    public void Configure(EntityTypeBuilder<ReportScheduleRun> run)
    {
        run.ToTable("ReportScheduleRuns");
        run.HasKey(r => r.Id);
        run.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        run.Property(r => r.Error).HasMaxLength(500);
        run.HasIndex(r => new { r.TenantId, r.ScheduleId, r.DueAt });
    }
}

/// <summary>What a manager asks for: the timing (the time as HH:mm on the business's clock), the recipients and the attachments.</summary>
public sealed record SaveReportSchedule(string? Frequency, string? Time, DayOfWeek? Weekday, int? DayOfMonth, IReadOnlyList<Guid>? Recipients, bool Pdf, bool Excel);

/// <summary>A schedule as the report's page and the API show it, with its next run on the business's clock.</summary>
public sealed record ReportScheduleView(Guid Id, Guid ReportId, ReportTiming Timing, IReadOnlyList<InsightsChoice> Recipients, bool Pdf, bool Excel,
    DateTimeOffset NextRunAt, Guid CreatedBy, bool MayDelete, IReadOnlyList<ReportScheduleRun> LastRuns);

/// <summary>
/// Scheduled reports by e-mail (issue 15): managers and admins schedule a report they see to members of the team, daily,
/// weekly or monthly at a time on the business's clock; the sweep runs each when it falls due, on one node, through the
/// outbox; every run is kept with its outcome.
/// </summary>
public sealed class ReportSchedules(IDbContextFactory<PlatformDbContext> contexts, ICurrentActor actors, Reports reports, ITenantContext tenant, TimeProvider clock)
{
    public const int MaxRecipients = 20;
    public const string ScheduleField = "Schedule";
    public const string Refused = "Only managers and admins schedule reports.";

    public async Task<Outcome<IReadOnlyList<ReportScheduleView>>> ListAsync(Guid reportId, CancellationToken ct = default)
    {
        var actor = await actors.GetAsync(ct);
        if (actor.Role is not (ActorRole.Manager or ActorRole.TenantAdmin))
        {
            return Refusals.Forbidden<IReadOnlyList<ReportScheduleView>>(Refused);
        }

        var report = await reports.GetAsync(reportId, ct);
        if (!report.Succeeded)
        {
            return Outcome<IReadOnlyList<ReportScheduleView>>.Fail(report.Errors) with { Code = report.Code };
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var schedules = await db.ReportSchedules.AsNoTracking().Where(s => s.ReportId == reportId).OrderBy(s => s.CreatedAt).ToListAsync(ct);
        return Outcome<IReadOnlyList<ReportScheduleView>>.Ok(await ViewsAsync(db, schedules, actor, ct));
    }

    /// <summary>Who a report may be sent to: the business's team, by name.</summary>
    public async Task<Outcome<IReadOnlyList<InsightsChoice>>> RecipientsAsync(CancellationToken ct = default)
    {
        var actor = await actors.GetAsync(ct);
        if (actor.Role is not (ActorRole.Manager or ActorRole.TenantAdmin))
        {
            return Refusals.Forbidden<IReadOnlyList<InsightsChoice>>(Refused);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        return Outcome<IReadOnlyList<InsightsChoice>>.Ok([.. (await TeamAsync(db, ct)).Select(t => new InsightsChoice(t.Key, t.Value)).OrderBy(t => t.Name, StringComparer.CurrentCulture)]);
    }

    /// <summary>A new schedule of a report the actor sees; nothing is saved unless every field is right.</summary>
    public async Task<Outcome<ReportScheduleView>> CreateAsync(Guid reportId, SaveReportSchedule command, CancellationToken ct = default)
    {
        var actor = await actors.GetAsync(ct);
        if (actor.Role is not (ActorRole.Manager or ActorRole.TenantAdmin) || actor.UserId is not { } user)
        {
            return Refusals.Forbidden<ReportScheduleView>(Refused);
        }

        var report = await reports.GetAsync(reportId, ct);
        if (!report.Succeeded)
        {
            return Outcome<ReportScheduleView>.Fail(report.Errors) with { Code = report.Code };
        }

        var errors = new Dictionary<string, string[]>();
        ReportFrequency? frequency = command.Frequency switch
        {
            "daily" => ReportFrequency.Daily,
            "weekly" => ReportFrequency.Weekly,
            "monthly" => ReportFrequency.Monthly,
            _ => null,
        };
        if (frequency is null)
        {
            errors["frequency"] = ["Run the report daily, weekly or monthly."];
        }

        var at = ReportTiming.ParseTime(command.Time);
        if (at is null)
        {
            errors["time"] = ["Enter a time of day as HH:mm (24 hours), such as 07:30."];
        }

        if (command.Weekday is { } weekday && !Enum.IsDefined(weekday))
        {
            errors["weekday"] = ["Choose a weekday."];
        }

        var timing = new ReportTiming(frequency ?? ReportFrequency.Daily, at ?? default, command.Weekday, command.DayOfMonth);
        foreach (var (field, messages) in frequency is null ? new Dictionary<string, string[]>() : timing.Problems())
        {
            errors[field] = messages;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var recipients = (command.Recipients ?? []).Distinct().ToList();
        if (recipients.Count is 0 or > MaxRecipients)
        {
            errors["recipients"] = [$"Choose 1 to {MaxRecipients} members of the team to send it to."];
        }
        else
        {
            var team = await TeamAsync(db, ct);
            if (recipients.FirstOrDefault(r => !team.ContainsKey(r)) is var stranger && stranger != Guid.Empty)
            {
                errors["recipients"] = ["A report is sent only to members of the business's team."];
            }
        }

        if (!command.Pdf && !command.Excel)
        {
            errors["attachments"] = ["Attach the report as PDF, Excel or both."];
        }

        if (errors.Count > 0)
        {
            return Outcome<ReportScheduleView>.Fail(errors);
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(tenant.Tenant?.TimeZone ?? "UTC");
        var now = clock.GetUtcNow();
        var schedule = new ReportSchedule
        {
            ReportId = reportId,
            Frequency = timing.Frequency,
            At = timing.At,
            Weekday = timing.Frequency == ReportFrequency.Weekly ? timing.Weekday : null,
            DayOfMonth = timing.Frequency == ReportFrequency.Monthly ? timing.DayOfMonth : null,
            Recipients = string.Join(' ', recipients),
            SendPdf = command.Pdf,
            SendExcel = command.Excel,
            CreatedBy = user,
            CreatedAs = actor.Role,
            CreatedAt = now,
            NextRunAt = timing.NextAfter(now, zone),
        };
        db.ReportSchedules.Add(schedule);
        await db.SaveChangesAsync(ct);
        return Outcome<ReportScheduleView>.Ok((await ViewsAsync(db, [schedule], actor, ct))[0]);
    }

    /// <summary>Deletes a schedule: its maker or an admin; its runs go with it.</summary>
    public async Task<Outcome<bool>> DeleteAsync(Guid scheduleId, CancellationToken ct = default)
    {
        var actor = await actors.GetAsync(ct);
        if (actor.Role is not (ActorRole.Manager or ActorRole.TenantAdmin))
        {
            return Refusals.Forbidden<bool>(Refused);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var schedule = await db.ReportSchedules.SingleOrDefaultAsync(s => s.Id == scheduleId, ct);
        if (schedule is null || !(await reports.GetAsync(schedule.ReportId, ct)).Succeeded)
        {
            return Outcome<bool>.Fail(ErrorCodes.NotFound, ScheduleField, "There is no such schedule.");
        }

        if (schedule.CreatedBy != actor.UserId && !actor.IsTenantAdmin)
        {
            return Refusals.Forbidden<bool>("Only the schedule's maker or an admin may delete it.");
        }

        await db.ReportScheduleRuns.Where(r => r.ScheduleId == scheduleId).ExecuteDeleteAsync(ct);
        db.ReportSchedules.Remove(schedule);
        await db.SaveChangesAsync(ct);
        return Outcome<bool>.Ok(true);
    }

    private static async Task<Dictionary<Guid, string>> TeamAsync(PlatformDbContext db, CancellationToken ct) =>
        await TeamMembers.Of(db).AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);

    private static async Task<IReadOnlyList<ReportScheduleView>> ViewsAsync(PlatformDbContext db, List<ReportSchedule> schedules, Actor actor, CancellationToken ct)
    {
        var team = await TeamAsync(db, ct);
        var ids = schedules.Select(s => s.Id).ToList();
        var runs = (await db.ReportScheduleRuns.AsNoTracking().Where(r => ids.Contains(r.ScheduleId)).ToListAsync(ct))
            .GroupBy(r => r.ScheduleId).ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.DueAt).Take(10).ToList());
        return [.. schedules.Select(s => new ReportScheduleView(
            s.Id, s.ReportId, s.Timing, [.. s.RecipientIds.Select(r => new InsightsChoice(r, team.GetValueOrDefault(r, "A former team member")))],
            s.SendPdf, s.SendExcel, s.NextRunAt, s.CreatedBy, s.CreatedBy == actor.UserId || actor.IsTenantAdmin, runs.GetValueOrDefault(s.Id, [])))];
    }
}

/// <summary>
/// Takes the schedules that fell due, across tenants, on whichever node sweeps first: moving a schedule's next run on
/// (only while it is still the one read) and queueing its run are one save, so a run is queued once.
/// </summary>
public sealed class ReportScheduleSweep(IDbContextFactory<PlatformDbContext> contexts, TenantScopeFactory tenantScopes, TimeProvider clock, ILogger<ReportScheduleSweep> logger)
{
    public async Task<int> QueueDueAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var due = await db.ReportSchedules.IgnoreQueryFilters([PlatformDbContext.TenantFilter]).AsNoTracking()
            .Where(s => s.NextRunAt <= now).OrderBy(s => s.NextRunAt).Take(100).ToListAsync(ct);
        var queued = 0;
        foreach (var schedule in due)
        {
            try
            {
                await using var scope = await tenantScopes.CreateAsync(schedule.TenantId, ct);
                var zone = TimeZoneInfo.FindSystemTimeZoneById(scope.ServiceProvider.GetRequiredService<ITenantContext>().Tenant?.TimeZone ?? "UTC");
                await using var tenantDb = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PlatformDbContext>>().CreateDbContextAsync(ct);
                await using var transaction = await tenantDb.Database.BeginTransactionAsync(ct);
                var next = schedule.Timing.NextAfter(now, zone);
                var taken = await tenantDb.ReportSchedules.Where(s => s.Id == schedule.Id && s.NextRunAt == schedule.NextRunAt)
                    .ExecuteUpdateAsync(u => u.SetProperty(s => s.NextRunAt, next), ct);
                if (taken == 0)
                {
                    continue; // another node took it
                }

                tenantDb.OutboxMessages.Add(Outbox.Row(new ReportScheduleDue(schedule.TenantId, schedule.Id, schedule.NextRunAt), now));
                await tenantDb.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                queued++;
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                logger.LogError(e, "Schedule {ScheduleId} of tenant {TenantId} could not be queued; the next pass tries again", schedule.Id, schedule.TenantId);
            }
        }

        return queued;
    }
}

/// <summary>The sweep of scheduled reports on every node where jobs run, once a minute.</summary>
public sealed class ReportScheduleSweepService(IServiceScopeFactory scopes, IOptions<ReportExportOptions> options, TimeProvider clock, ILogger<ReportScheduleSweepService> logger)
    : PeriodicService(clock)
{
    protected override TimeSpan? Interval => options.Value.ScheduleSweep;

    protected override async Task PassAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ReportScheduleSweep>().QueueDueAsync(ct);
    }

    protected override void LogFailure(Exception exception) => logger.LogError(exception, "The scheduled reports' sweep failed; the next pass tries again");
}

/// <summary>
/// Runs a due schedule: the report as its maker (what they may see, in the business's culture), its attachments, and
/// one e-mail per recipient queued through the outbox (whose retries resend a failed one); the run is kept with its
/// outcome. A run handled twice for the same due time is kept once and sends nothing more.
/// </summary>
public sealed class ReportScheduleHandler(
    IDbContextFactory<PlatformDbContext> contexts,
    ActorContext actors,
    ReportRunner runner,
    INotificationDelivery delivery,
    ITenantContext tenant,
    Microsoft.FeatureManagement.IFeatureManager features,
    TimeProvider clock,
    ILogger<ReportScheduleHandler> logger) : IMessageHandler<ReportScheduleDue>
{
    public async Task HandleAsync(ReportScheduleDue message, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var schedule = await db.ReportSchedules.AsNoTracking().SingleOrDefaultAsync(s => s.Id == message.ScheduleId, ct);
        var report = schedule is null ? null : await db.SavedReports.AsNoTracking().SingleOrDefaultAsync(r => r.Id == schedule.ReportId, ct);
        if (schedule is null || report is null || await db.ReportScheduleRuns.AnyAsync(r => r.ScheduleId == schedule.Id && r.DueAt == message.DueAt, ct))
        {
            return;
        }

        var info = tenant.Tenant;
        var culture = CultureInfo.GetCultureInfo(info?.Culture ?? "en-US");
        var (before, beforeUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        ReportRunStatus status;
        string? error = null;
        var rows = 0;
        var recipients = 0;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = culture;
            actors.Set(new Actor(schedule.CreatedAs, schedule.CreatedBy));
            var run = await features.IsEnabledAsync(PlatformFeatures.Reports)
                ? await runner.RunAsync(ReportDefinitions.Parse(report.DefinitionJson).Value!, ct)
                : Outcome<ReportResult>.Fail("plan", "Reports are no longer part of the business's plan; nothing was sent.");
            actors.Set(Actor.System);
            if (!run.Succeeded)
            {
                (status, error) = (ReportRunStatus.Failed, string.Join(" ", run.Errors.Values.SelectMany(v => v)));
            }
            else
            {
                var result = run.Value! with { Title = report.Name };
                rows = result.TotalRows;
                var attachments = new List<EmailAttachment>();
                foreach (var format in new[] { (schedule.SendPdf, ReportFormat.Pdf), (schedule.SendExcel, ReportFormat.Xlsx) }.Where(f => f.Item1).Select(f => f.Item2))
                {
                    using var file = new MemoryStream();
                    await ReportFiles.WriteAsync(file, format, result, info, culture, clock.GetUtcNow(), ct);
                    attachments.Add(new EmailAttachment(ReportFiles.FileName(report.Name, format), ReportFiles.ContentType(format), file.ToArray()));
                }

                var ids = schedule.RecipientIds.ToList();
                var people = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id) && u.Email != null).Select(u => new { u.Email, u.DisplayName }).ToListAsync(ct);
                var range = $"{result.From.ToString("d", culture)} – {result.To.ToString("d", culture)}";
                foreach (var person in people)
                {
                    var text = $"Hello {person.DisplayName},\n\n{report.Name} for {range} is attached ({result.TotalRows:N0} rows).\n\n{info?.Name}";
                    var html = $"<p>Hello {WebUtility.HtmlEncode(person.DisplayName)},</p><p><strong>{WebUtility.HtmlEncode(report.Name)}</strong> for {WebUtility.HtmlEncode(range)} is attached ({result.TotalRows.ToString("N0", culture)} rows).</p>";
                    await delivery.DeliverAsync(new OutgoingMessage(schedule.TenantId, NotificationChannels.Email, person.Email!, info?.Name ?? "Platform", $"{report.Name} · {range}", text, html)
                    {
                        Attachments = attachments,
                    }, ct);
                }

                (status, recipients) = (ReportRunStatus.Sent, people.Count);
            }
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning(e, "Scheduled report {ScheduleId} failed", schedule.Id);
            (status, error) = (ReportRunStatus.Failed, "The report could not be made; it runs again at its next time.");
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (before, beforeUi);
        }

        db.ReportScheduleRuns.Add(new ReportScheduleRun
        {
            ScheduleId = schedule.Id,
            DueAt = message.DueAt,
            At = clock.GetUtcNow(),
            Status = status,
            Recipients = recipients,
            Rows = rows,
            Error = error,
        });
        await db.SaveChangesAsync(ct);
    }
}
