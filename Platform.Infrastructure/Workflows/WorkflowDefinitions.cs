using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Platform.Core.Access;
using Platform.Core.Common;
using Platform.Core.Errors;
using Platform.Core.Identity;
using Platform.Core.Notifications;
using Platform.Core.Workflows;
using Platform.Infrastructure.Access;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Identity;

namespace Platform.Infrastructure.Workflows;

public sealed record WorkflowSummary(Guid Id, string Name, string Description, string TriggerType, int LatestVersion, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    /// <summary>What starts the newest published version (<c>bookingEvent:confirmed</c>, <c>manual</c>...); empty before the first.</summary>
    public string PublishedTrigger { get; init; } = "";

    /// <summary>No new runs start while paused; running ones go on.</summary>
    public bool IsPaused { get; init; }

    /// <summary>The platform's own booking approval, which the tenant's own workflow for "awaiting approval" replaces.</summary>
    public bool IsBuiltIn { get; init; }
}

/// <summary>A workflow's draft with what the lists show about it.</summary>
public sealed record WorkflowDraft(WorkflowSummary Workflow, WorkflowDefinition Definition);

/// <summary>One entry of a draft's activity feed.</summary>
public sealed record WorkflowChange(DateTimeOffset At, Guid? AuthorId, string AuthorName, string Description);

public sealed record WorkflowVersionSummary(int Number, DateTimeOffset PublishedAt, Guid? PublishedBy);

/// <summary>A published version and the definition it froze.</summary>
public sealed record PublishedWorkflow(Guid WorkflowId, WorkflowVersionSummary Version, WorkflowDefinition Definition);

/// <summary>
/// The current tenant's workflow definitions (ADR 0028): a draft per workflow that admins edit freely (only its
/// shape is checked) and immutable versions that publishing makes, n+1 each time, after the full check of
/// <see cref="WorkflowValidator"/>; a refused publish lists every problem by step and changes nothing. Import makes a
/// new workflow from a document, export gives the document back. Another tenant's workflow is not found.
/// </summary>
public sealed class WorkflowDefinitions(
    IDbContextFactory<PlatformDbContext> contexts,
    ICurrentActor actors,
    IWorkflowExpressions expressions,
    WorkflowSchedules schedules,
    TimeProvider clock)
{
    /// <summary>The code of a publish refused because the definition has problems (409, each problem under <c>steps[id]</c>).</summary>
    public const string InvalidDefinition = ErrorCodes.WorkflowInvalidDefinition;

    public const string WorkflowField = "Workflow";

    public async Task<Outcome<Page<WorkflowSummary>>> ListAsync(PageRequest page, CancellationToken ct = default)
    {
        if (!WorkflowAccess.MayRead(await actors.GetAsync(ct)))
        {
            return Refusals.Forbidden<Page<WorkflowSummary>>(WorkflowAccess.ReadRefused);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var total = await db.Workflows.CountAsync(ct);
        var items = await db.Workflows.AsNoTracking().OrderBy(w => w.Name).ThenBy(w => w.Id).Skip(page.Skip).Take(page.Size)
            .Select(SummaryOf).ToListAsync(ct);
        return Outcome<Page<WorkflowSummary>>.Ok(Page<WorkflowSummary>.Of(items, page, total));
    }

    /// <summary>A new workflow whose draft has only a name and a description.</summary>
    public Task<Outcome<WorkflowDraft>> CreateAsync(string name, string? description, CancellationToken ct = default) =>
        ImportAsync(new WorkflowDefinition { Name = (name ?? "").Trim(), Description = (description ?? "").Trim() }, ct);

    /// <summary>
    /// A new workflow whose draft is a template's (<see cref="WorkflowTemplates"/>), under <paramref name="name"/> when one is
    /// given; it is published like any draft, after the admin has looked at it.
    /// </summary>
    public Task<Outcome<WorkflowDraft>> CreateFromTemplateAsync(string template, string? name, CancellationToken ct = default)
    {
        if (WorkflowTemplates.Find(template) is not { } found)
        {
            return Task.FromResult(Outcome<WorkflowDraft>.Fail(ErrorCodes.ValidationFailed, "template",
                $"There is no such template; choose one of {string.Join(", ", WorkflowTemplates.All.Select(t => t.Key))}."));
        }

        var definition = string.IsNullOrWhiteSpace(name) ? found.Definition : found.Definition with { Name = name.Trim() };
        return ImportAsync(definition, ct);
    }

    /// <summary>A new workflow from a JSON document (an export, or written by hand); only its shape is checked.</summary>
    public async Task<Outcome<WorkflowDraft>> ImportAsync(string json, CancellationToken ct = default)
    {
        if (await RefusedChangeAsync<WorkflowDraft>(ct) is { } refused)
        {
            return refused;
        }

        return Read(json, out var definition) is { } unreadable ? unreadable : await ImportAsync(definition, ct);
    }

    public async Task<Outcome<WorkflowDraft>> GetDraftAsync(Guid id, CancellationToken ct = default)
    {
        if (!WorkflowAccess.MayRead(await actors.GetAsync(ct)))
        {
            return Refusals.Forbidden<WorkflowDraft>(WorkflowAccess.ReadRefused);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var workflow = await db.Workflows.AsNoTracking().FirstOrDefaultAsync(w => w.Id == id, ct);
        return workflow is null ? NotFound<WorkflowDraft>() : Outcome<WorkflowDraft>.Ok(DraftOf(workflow));
    }

    /// <summary>What the tenant's definitions may name (its roles and templates), for a designer that checks a draft as it is edited.</summary>
    public async Task<Outcome<WorkflowCatalog>> CatalogAsync(CancellationToken ct = default)
    {
        if (!WorkflowAccess.MayRead(await actors.GetAsync(ct)))
        {
            return Refusals.Forbidden<WorkflowCatalog>(WorkflowAccess.ReadRefused);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        return Outcome<WorkflowCatalog>.Ok(await CatalogAsync(db, ct));
    }

    /// <summary>Replaces the draft with <paramref name="json"/> when its shape is right; the name and description follow the draft's.</summary>
    public Task<Outcome<WorkflowDraft>> SaveDraftAsync(Guid id, string json, CancellationToken ct = default) => SaveDraftAsync(id, json, null, null, ct);

    /// <summary>
    /// Replaces the draft as <see cref="SaveDraftAsync(Guid, string, CancellationToken)"/> does, but only while it is still
    /// the one stored at <paramref name="revision"/> (its <see cref="WorkflowSummary.UpdatedAt"/>): when someone stored
    /// another since, nothing is stored and the answer is <see cref="ErrorCodes.Conflict"/>. The designer saves this way, so
    /// a draft saved through the API while it was open is never overwritten unasked. The <paramref name="changes"/> the
    /// save brings in go to the draft's activity feed with it (<see cref="ActivityAsync"/>).
    /// </summary>
    public Task<Outcome<WorkflowDraft>> SaveDraftIfUnchangedAsync(
        Guid id, string json, DateTimeOffset revision, IReadOnlyList<SequencedEdit> changes, CancellationToken ct = default) =>
        SaveDraftAsync(id, json, revision, changes, ct);

    /// <summary>
    /// Replaces the draft with a whole document only while it is still the one stored at <paramref name="revision"/> (the
    /// API's <c>If-Match</c>); otherwise nothing is stored and the answer is <see cref="ErrorCodes.Conflict"/>. The feed says
    /// who stored the whole draft.
    /// </summary>
    public Task<Outcome<WorkflowDraft>> SaveWholeDraftIfUnchangedAsync(Guid id, string json, DateTimeOffset revision, CancellationToken ct = default) =>
        SaveDraftAsync(id, json, revision, null, ct);

    /// <summary>Stores the draft over whatever is stored, with the <paramref name="changes"/> it brings in: the designer's save once its user chose to.</summary>
    public Task<Outcome<WorkflowDraft>> SaveDraftOverAsync(Guid id, string json, IReadOnlyList<SequencedEdit> changes, CancellationToken ct = default) =>
        SaveDraftAsync(id, json, null, changes, ct);

    /// <summary>
    /// Stores the draft. With a <paramref name="revision"/>, only over that revision, and the <paramref name="changes"/> go to
    /// the feed in the same transaction; without one, over whatever is stored, and the feed says who stored the whole draft.
    /// </summary>
    private async Task<Outcome<WorkflowDraft>> SaveDraftAsync(Guid id, string json, DateTimeOffset? revision, IReadOnlyList<SequencedEdit>? changes, CancellationToken ct)
    {
        if (await RefusedChangeAsync<WorkflowDraft>(ct) is { } refused)
        {
            return refused;
        }

        // The document first, as the API binds a body before it looks for the resource: a bad one is a 400 anywhere.
        if (Read(json, out var definition) is { } unreadable)
        {
            return unreadable;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var workflow = await db.Workflows.FirstOrDefaultAsync(w => w.Id == id, ct);
        if (workflow is null)
        {
            return NotFound<WorkflowDraft>();
        }

        Apply(workflow, definition);
        if (revision is { } expected)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // One conditional update: a save between this read and this write cannot slip through.
            var stored = await db.Workflows.Where(w => w.Id == id && w.UpdatedAt == expected).ExecuteUpdateAsync(set => set
                .SetProperty(w => w.Name, workflow.Name)
                .SetProperty(w => w.Description, workflow.Description)
                .SetProperty(w => w.TriggerType, workflow.TriggerType)
                .SetProperty(w => w.DraftJson, workflow.DraftJson)
                .SetProperty(w => w.UpdatedAt, workflow.UpdatedAt), ct);
            if (stored != 1)
            {
                // Stored meanwhile as exactly this document (a colleague's save of the same edits): saved, and their save
                // brought the changes to the feed.
                var now = await db.Workflows.AsNoTracking().FirstOrDefaultAsync(w => w.Id == id, ct);
                return now is not null && now.DraftJson == workflow.DraftJson
                    ? Outcome<WorkflowDraft>.Ok(DraftOf(now))
                    : Outcome<WorkflowDraft>.Fail(ErrorCodes.Conflict, "draft", DraftChangedElsewhere);
            }

            db.Entry(workflow).State = EntityState.Detached; // written above; Unchanged would put its old values back
            await RecordAsync(db, workflow, changes, ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return Outcome<WorkflowDraft>.Ok(DraftOf(workflow));
        }

        await RecordAsync(db, workflow, changes, ct);
        await db.SaveChangesAsync(ct);
        return Outcome<WorkflowDraft>.Ok(DraftOf(workflow));
    }

    /// <summary>The save's entries in the feed: the edits it brings in, or (a whole document stored) who stored it.</summary>
    private async Task RecordAsync(PlatformDbContext db, Workflow workflow, IReadOnlyList<SequencedEdit>? changes, CancellationToken ct)
    {
        if (changes is not null)
        {
            db.WorkflowDraftChanges.AddRange(Changes(workflow.Id, changes));
            return;
        }

        var actor = await actors.GetAsync(ct);
        var author = actor.UserId is { } userId ? await db.DisplayNameAsync(userId, ct) : "An integration (API key)";
        db.WorkflowDraftChanges.Add(Change(workflow.Id, workflow.UpdatedAt, actor.UserId, author, "Stored the whole draft"));
    }

    private static IEnumerable<WorkflowDraftChange> Changes(Guid workflowId, IReadOnlyList<SequencedEdit> edits) =>
        edits.Select(e => Change(workflowId, e.At, e.AuthorId == Guid.Empty ? null : e.AuthorId, e.AuthorName, e.Description));

    private static WorkflowDraftChange Change(Guid workflowId, DateTimeOffset at, Guid? authorId, string author, string description) => new()
    {
        WorkflowId = workflowId,
        At = at,
        AuthorId = authorId,
        AuthorName = Shorten(author, WorkflowDraftChange.MaxAuthorLength),
        Description = Shorten(description, WorkflowDraftChange.MaxDescriptionLength),
    };

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    /// <summary>
    /// An expression's value over made-up trigger data (<c>WorkflowData.Sample</c>, as the person changed it),
    /// as the designer's "try it" shows it; managers and admins, who may read workflows. Nothing is stored or run.
    /// </summary>
    public async Task<Outcome<ExpressionResult>> TryExpressionAsync(string expression, IReadOnlyDictionary<string, object?> values, CancellationToken ct = default)
    {
        if (!WorkflowAccess.MayRead(await actors.GetAsync(ct)))
        {
            return Refusals.Forbidden<ExpressionResult>(WorkflowAccess.ReadRefused);
        }

        return Outcome<ExpressionResult>.Ok(expressions.Check(expression) is { } problem
            ? new ExpressionResult(null, problem)
            : expressions.Evaluate(expression, values));
    }

    /// <summary>The draft's activity feed, newest first: who changed what, when (managers and admins).</summary>
    public async Task<Outcome<Page<WorkflowChange>>> ActivityAsync(Guid id, PageRequest page, CancellationToken ct = default)
    {
        if (!WorkflowAccess.MayRead(await actors.GetAsync(ct)))
        {
            return Refusals.Forbidden<Page<WorkflowChange>>(WorkflowAccess.ReadRefused);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        if (!await db.Workflows.AnyAsync(w => w.Id == id, ct))
        {
            return NotFound<Page<WorkflowChange>>();
        }

        // The feed grows with every save: counted up to a cap (ADR 0029).
        var changes = db.WorkflowDraftChanges.AsNoTracking().Where(c => c.WorkflowId == id);
        var counted = await changes.Take(PageRequest.MaxCounted + 1).CountAsync(ct);
        var items = await changes.OrderByDescending(c => c.At).ThenByDescending(c => c.Id).Skip(page.Skip).Take(page.Size)
            .Select(c => new WorkflowChange(c.At, c.AuthorId, c.AuthorName, c.Description)).ToListAsync(ct);
        return Outcome<Page<WorkflowChange>>.Ok(Page<WorkflowChange>.OfCapped(items, page, counted));
    }

    public const string DraftChangedElsewhere = "Someone stored another version of this draft since it was opened here (through the API, an import, or a designer at the same moment).";

    /// <summary>
    /// Publishes the draft as version n+1 when <see cref="WorkflowValidator"/> finds nothing wrong; otherwise refuses with
    /// <see cref="InvalidDefinition"/> and every problem under its step (<c>steps[id]</c>, <c>trigger</c>, <c>definition</c>).
    /// </summary>
    public async Task<Outcome<WorkflowVersionSummary>> PublishAsync(Guid id, CancellationToken ct = default)
    {
        var actor = await actors.GetAsync(ct);
        if (!WorkflowAccess.MayChange(actor))
        {
            return Refusals.Forbidden<WorkflowVersionSummary>(WorkflowAccess.ChangeRefused);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var workflow = await db.Workflows.FirstOrDefaultAsync(w => w.Id == id, ct);
        if (workflow is null)
        {
            return NotFound<WorkflowVersionSummary>();
        }

        var definition = Parse(workflow.DraftJson);
        var problems = WorkflowValidator.Validate(definition, await CatalogAsync(db, ct), expressions);
        if (problems.Count > 0)
        {
            var errors = problems.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray());
            return new Outcome<WorkflowVersionSummary>(null, errors, InvalidDefinition);
        }

        var version = new WorkflowVersion
        {
            WorkflowId = workflow.Id,
            Number = workflow.LatestVersion + 1,
            Json = WorkflowJson.Write(definition),
            PublishedAt = clock.GetUtcNow(),
            PublishedBy = actor.UserId,
        };
        db.WorkflowVersions.Add(version);
        workflow.LatestVersion = version.Number;
        workflow.PublishedTrigger = WorkflowTriggerTypes.KeyOf(definition.Trigger);
        // A booking-time trigger counts from this version on.
        workflow.ScannedUntil = null;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another publish of the same workflow took this number first (the unique index); nothing of this one was written.
            return Outcome<WorkflowVersionSummary>.Fail(ErrorCodes.Conflict, WorkflowField, "The workflow was published at the same moment by someone else; look at its versions and try again.");
        }

        await schedules.SyncAsync(workflow.Id, definition.Trigger, ct);

        return Outcome<WorkflowVersionSummary>.Ok(new WorkflowVersionSummary(version.Number, version.PublishedAt, version.PublishedBy));
    }

    /// <summary>Pauses a workflow (no new runs start; running ones go on) or resumes it. Admins only.</summary>
    public async Task<Outcome<WorkflowSummary>> SetPausedAsync(Guid id, bool paused, CancellationToken ct = default)
    {
        if (await RefusedChangeAsync<WorkflowSummary>(ct) is { } refused)
        {
            return refused;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var workflow = await db.Workflows.FirstOrDefaultAsync(w => w.Id == id, ct);
        if (workflow is null)
        {
            return NotFound<WorkflowSummary>();
        }

        workflow.IsPaused = paused;
        workflow.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        if (workflow.LatestVersion > 0)
        {
            // A paused schedule does not fire; resumed, it fires again.
            await schedules.SyncAsync(workflow.Id, paused ? null : Parse((await db.WorkflowVersions.AsNoTracking()
                .SingleAsync(v => v.WorkflowId == id && v.Number == workflow.LatestVersion, ct)).Json).Trigger, ct);
        }

        return Outcome<WorkflowSummary>.Ok(DraftOf(workflow).Workflow);
    }

    /// <summary>The published versions of a workflow, newest first.</summary>
    public async Task<Outcome<Page<WorkflowVersionSummary>>> ListVersionsAsync(Guid id, PageRequest page, CancellationToken ct = default)
    {
        if (!WorkflowAccess.MayRead(await actors.GetAsync(ct)))
        {
            return Refusals.Forbidden<Page<WorkflowVersionSummary>>(WorkflowAccess.ReadRefused);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        if (!await db.Workflows.AnyAsync(w => w.Id == id, ct))
        {
            return NotFound<Page<WorkflowVersionSummary>>();
        }

        var versions = db.WorkflowVersions.AsNoTracking().Where(v => v.WorkflowId == id);
        var total = await versions.CountAsync(ct);
        var items = await versions.OrderByDescending(v => v.Number).Skip(page.Skip).Take(page.Size)
            .Select(v => new WorkflowVersionSummary(v.Number, v.PublishedAt, v.PublishedBy)).ToListAsync(ct);
        return Outcome<Page<WorkflowVersionSummary>>.Ok(Page<WorkflowVersionSummary>.Of(items, page, total));
    }

    public async Task<Outcome<PublishedWorkflow>> GetVersionAsync(Guid id, int number, CancellationToken ct = default)
    {
        if (!WorkflowAccess.MayRead(await actors.GetAsync(ct)))
        {
            return Refusals.Forbidden<PublishedWorkflow>(WorkflowAccess.ReadRefused);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var version = await db.WorkflowVersions.AsNoTracking().FirstOrDefaultAsync(v => v.WorkflowId == id && v.Number == number, ct);
        return version is null
            ? Outcome<PublishedWorkflow>.Fail(ErrorCodes.NotFound, WorkflowField, "There is no such version of this workflow.")
            : Outcome<PublishedWorkflow>.Ok(new PublishedWorkflow(id, new WorkflowVersionSummary(version.Number, version.PublishedAt, version.PublishedBy), Parse(version.Json)));
    }

    /// <summary>The document of the draft, or of a published version, as JSON to import elsewhere.</summary>
    public async Task<Outcome<string>> ExportAsync(Guid id, int? version = null, CancellationToken ct = default)
    {
        if (version is { } number)
        {
            var published = await GetVersionAsync(id, number, ct);
            return published.Succeeded ? Outcome<string>.Ok(WorkflowJson.Write(published.Value!.Definition)) : new(null, published.Errors, published.Code);
        }

        var draft = await GetDraftAsync(id, ct);
        return draft.Succeeded ? Outcome<string>.Ok(WorkflowJson.Write(draft.Value!.Definition)) : new(null, draft.Errors, draft.Code);
    }

    private async Task<Outcome<WorkflowDraft>> ImportAsync(WorkflowDefinition definition, CancellationToken ct)
    {
        if (await RefusedChangeAsync<WorkflowDraft>(ct) is { } refused)
        {
            return refused;
        }

        if (Problems(WorkflowValidator.CheckShape(definition)) is { } invalid)
        {
            return invalid;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var workflow = new Workflow { CreatedAt = clock.GetUtcNow() };
        Apply(workflow, definition);
        db.Workflows.Add(workflow);
        await db.SaveChangesAsync(ct);
        return Outcome<WorkflowDraft>.Ok(DraftOf(workflow));
    }

    private async Task<Outcome<T>?> RefusedChangeAsync<T>(CancellationToken ct) =>
        WorkflowAccess.MayChange(await actors.GetAsync(ct)) ? null : Refusals.Forbidden<T>(WorkflowAccess.ChangeRefused);

    /// <summary>The JSON read into a definition whose shape is right, or the problems as a 400.</summary>
    private static Outcome<WorkflowDraft>? Read(string json, out WorkflowDefinition definition)
    {
        if (!WorkflowJson.TryRead(json, out definition, out var field, out var error))
        {
            return Outcome<WorkflowDraft>.Fail(ErrorCodes.ValidationFailed, field, error!);
        }

        return Problems(WorkflowValidator.CheckShape(definition));
    }

    private static Outcome<WorkflowDraft>? Problems(IReadOnlyList<WorkflowProblem> problems) => problems.Count == 0
        ? null
        : new Outcome<WorkflowDraft>(null, problems.GroupBy(p => p.Code switch
        {
            "definition.name" => "name",
            "definition.description" => "description",
            "definition.format_version" => "formatVersion",
            _ => p.Field,
        }).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()), ErrorCodes.ValidationFailed);

    private void Apply(Workflow workflow, WorkflowDefinition definition)
    {
        var normalized = definition with { Schema = WorkflowDefinition.SchemaUri, Name = definition.Name.Trim(), Description = (definition.Description ?? "").Trim() };
        workflow.Name = normalized.Name;
        workflow.Description = normalized.Description;
        workflow.TriggerType = normalized.Trigger?.Type is { Length: <= 32 } type ? type : "";
        workflow.DraftJson = WorkflowJson.Write(normalized);
        // Whole microseconds, as PostgreSQL keeps them: the revision a save returns is the one a later save compares with.
        var now = clock.GetUtcNow();
        workflow.UpdatedAt = now.AddTicks(-(now.Ticks % 10));
    }

    /// <summary>What the tenant's definitions may name: its roles, and the e-mail and SMS templates of every notification kind and its own.</summary>
    private static async Task<WorkflowCatalog> CatalogAsync(PlatformDbContext db, CancellationToken ct)
    {
        var templates = await db.Set<NotificationTemplate>().AsNoTracking().Select(t => new { t.Kind, t.Channel }).ToListAsync(ct);
        return CatalogOf(templates.Select(t => (t.Kind, t.Channel)));
    }

    /// <summary>
    /// The catalog a definition is checked against: the staff roles, every notification kind's e-mail template, the text
    /// message templates of the kinds that have one, and the tenant's own <paramref name="templates"/> (kind, channel).
    /// </summary>
    public static WorkflowCatalog CatalogOf(IEnumerable<(string Kind, NotificationChannels Channel)> templates)
    {
        var custom = templates.ToList();
        var email = NotificationKinds.All.Select(k => k.Kind).Concat(custom.Where(t => t.Channel == NotificationChannels.Email).Select(t => t.Kind));
        var sms = NotificationKinds.All.Where(k => !k.EmailOnly).Select(k => k.Kind).Concat(custom.Where(t => t.Channel == NotificationChannels.Sms).Select(t => t.Kind));
        return new WorkflowCatalog(
            new HashSet<string>(email, StringComparer.Ordinal),
            new HashSet<string>(sms, StringComparer.Ordinal),
            new HashSet<string>(PlatformRoles.InvitableStaff, StringComparer.Ordinal))
        {
            CronIsValid = IsCron,
        };
    }

    /// <summary>Whether Quartz, which will run the schedule, reads the cron expression.</summary>
    private static bool IsCron(string cron)
    {
        try
        {
            _ = new Quartz.CronExpression(cron);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>What the lists show of a workflow: one projection for the list's query and for a loaded row.</summary>
    private static readonly Expression<Func<Workflow, WorkflowSummary>> SummaryOf = w =>
        new WorkflowSummary(w.Id, w.Name, w.Description, w.TriggerType, w.LatestVersion, w.CreatedAt, w.UpdatedAt)
        {
            PublishedTrigger = w.PublishedTrigger,
            IsPaused = w.IsPaused,
            IsBuiltIn = w.IsBuiltIn,
        };

    private static readonly Func<Workflow, WorkflowSummary> SummaryOfRow = SummaryOf.Compile();

    private static WorkflowDraft DraftOf(Workflow w) => new(SummaryOfRow(w), Parse(w.DraftJson));

    /// <summary>A stored document: written by this class, so always readable.</summary>
    private static WorkflowDefinition Parse(string json) =>
        WorkflowJson.TryRead(json, out var definition, out _, out var error) ? definition : throw new InvalidOperationException($"A stored workflow document is unreadable: {error}");

    private static Outcome<T> NotFound<T>() => Outcome<T>.Fail(ErrorCodes.NotFound, WorkflowField, "There is no such workflow.");
}
