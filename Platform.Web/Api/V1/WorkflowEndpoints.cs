using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Core.Common;
using Platform.Core.Errors;
using Platform.Core.Identity;
using Platform.Core.Workflows;
using Platform.Infrastructure.Identity;
using Platform.Infrastructure.Workflows;
using Platform.Web.Security;

namespace Platform.Web.Api.V1;

/// <summary>
/// /api/v1/workflows: the tenant's workflow definitions (docs/workflows.md). Managers and keys with workflows:read
/// read and export; admins create, edit, import and publish. Documents travel in the format of
/// docs/workflow.schema.json, read here as text so that a document too large or malformed is a 400 naming the fault.
/// </summary>
public static class WorkflowEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        var workflows = v1.MapGroup("/workflows").WithTags("Workflows");
        var read = workflows.MapGroup("").RequireAuthorization(PlatformPolicies.TenantManager).RequireApiKeyScope(ApiKeyScopes.WorkflowsRead);
        var write = workflows.MapGroup("").RequireAuthorization(PlatformPolicies.TenantAdmin);
        read.MapGet("", ListAsync).WithSummary("The tenant's workflows by name, paged.");
        write.MapPost("", CreateAsync).WithSummary("A new workflow with an empty draft of this name and description, or with a template's draft ({ template, name }).");
        read.MapGet("/templates", (HttpContext _) => TypedResults.Ok(WorkflowTemplates.All.Select(t => new WorkflowTemplateDto(t.Key, t.Name, t.Description, Document(t.Definition))).ToList()))
            .WithSummary("The templates a new workflow can start from, each with its document.");
        read.MapGet("/{id:guid}/draft", GetDraftAsync).WithSummary("The workflow's draft, as a document of the workflow format.");
        write.MapPut("/{id:guid}/draft", PutDraftAsync).Accepts<WorkflowDefinition>("application/json")
            .WithSummary("Replaces the draft with a document of the workflow format; only its shape is checked, a draft may be incomplete. With If-Match (the ETag of GET draft), only over that revision, else 412.");
        write.MapPost("/{id:guid}/publish", PublishAsync)
            .WithSummary("Publishes the draft as the next version after checking it whole; otherwise 409 workflow.invalid_definition with every problem under steps[id].");
        write.MapPost("/{id:guid}/pause", (Guid id, WorkflowDefinitions definitions, CancellationToken ct) => PausedAsync(definitions.SetPausedAsync(id, true, ct)))
            .WithSummary("Pauses the workflow: no new runs start; running ones go on.");
        write.MapPost("/{id:guid}/resume", (Guid id, WorkflowDefinitions definitions, CancellationToken ct) => PausedAsync(definitions.SetPausedAsync(id, false, ct)))
            .WithSummary("Resumes a paused workflow.");
        read.MapGet("/{id:guid}/versions", ListVersionsAsync).WithSummary("The published versions, newest first, paged.");
        read.MapGet("/{id:guid}/activity", ListActivityAsync).WithSummary("The draft's activity feed, newest first, paged: who changed what, when.");
        read.MapGet("/{id:guid}/versions/{number:int}", GetVersionAsync).WithSummary("One published version with its document, as it was published.");
        write.MapPost("/import", ImportAsync).Accepts<WorkflowDefinition>("application/json")
            .WithSummary("A new workflow whose draft is the document sent (an export, for example).");
        read.MapGet("/{id:guid}/export", ExportAsync).WithSummary("The draft's document, or a published version's with ?version=n, to import elsewhere.");
    }

    public sealed record WorkflowDto(Guid Id, string Name, string Description, string TriggerType, int LatestVersion, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
        string PublishedTrigger, bool IsPaused, bool IsBuiltIn)
    {
        public static WorkflowDto From(WorkflowSummary w) =>
            new(w.Id, w.Name, w.Description, w.TriggerType, w.LatestVersion, w.CreatedAt, w.UpdatedAt, w.PublishedTrigger, w.IsPaused, w.IsBuiltIn);
    }

    /// <summary>A workflow with its draft; <c>definition</c> is a document of the workflow format.</summary>
    public sealed record WorkflowDraftDto(WorkflowDto Workflow, JsonElement Definition);

    public sealed record WorkflowVersionDto(int Number, DateTimeOffset PublishedAt, Guid? PublishedBy);

    /// <summary>One change of the draft: when, who (null for an integration), and what it did in words.</summary>
    public sealed record WorkflowChangeDto(DateTimeOffset At, Guid? AuthorId, string AuthorName, string Description);

    /// <summary>A published version; <c>definition</c> is the document exactly as it was published.</summary>
    public sealed record PublishedWorkflowDto(Guid WorkflowId, WorkflowVersionDto Version, JsonElement Definition);

    public sealed record NewWorkflow(string? Name, string? Description, string? Template);

    public sealed record WorkflowTemplateDto(string Key, string Name, string Description, JsonElement Definition);

    private static async Task<Results<Ok<PageOf<WorkflowDto>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        WorkflowDefinitions definitions, int? page, int? pageSize, CancellationToken ct)
    {
        if (!PageRequest.TryCreate(page, pageSize, out var request, out var errors))
        {
            return ApiProblems.Invalid(errors);
        }

        var outcome = await definitions.ListAsync(request, ct);
        return outcome.Succeeded ? TypedResults.Ok(PageOf<WorkflowDto>.From(outcome.Value!, WorkflowDto.From)) : ApiProblems.Of(outcome);
    }

    private static async Task<Results<Created<WorkflowDraftDto>, ProblemHttpResult>> CreateAsync(NewWorkflow body, WorkflowDefinitions definitions, HttpContext http, CancellationToken ct) =>
        Created(body.Template is { } template
            ? await definitions.CreateFromTemplateAsync(template, body.Name, ct)
            : await definitions.CreateAsync(body.Name ?? "", body.Description, ct), http);

    private static async Task<Results<Ok<WorkflowDraftDto>, ProblemHttpResult>> GetDraftAsync(Guid id, WorkflowDefinitions definitions, HttpResponse response, CancellationToken ct) =>
        Tagged(await definitions.GetDraftAsync(id, ct), response);

    /// <summary>
    /// Stores the document as the draft. With <c>If-Match</c> (the <c>ETag</c> of the draft as the client read it), only
    /// while the draft is still that one: if anyone stored another since (a colleague in the designer, another
    /// integration), nothing is stored and the answer is 412, so that nobody's work is overwritten unseen.
    /// </summary>
    private static async Task<Results<Ok<WorkflowDraftDto>, ProblemHttpResult>> PutDraftAsync(
        Guid id, WorkflowDefinitions definitions, HttpRequest request, HttpResponse response, CancellationToken ct)
    {
        var (json, problem) = await ReadDocumentAsync(request, ct);
        if (problem is not null)
        {
            return problem;
        }

        var ifMatch = request.Headers.IfMatch;
        if (ifMatch.Count == 0 || ifMatch.ToString().Trim() == "*")
        {
            return Tagged(await definitions.SaveDraftAsync(id, json!, ct), response);
        }

        if (!DraftTags.TryRead(ifMatch.ToString(), out var revision))
        {
            return ApiProblems.PreconditionFailed("If-Match names no revision of this draft. Send the one ETag that GET of the draft answered with.");
        }

        var outcome = await definitions.SaveWholeDraftIfUnchangedAsync(id, json!, revision, ct);
        return outcome.Code == ErrorCodes.Conflict
            ? ApiProblems.PreconditionFailed("The draft was stored by someone else since the ETag you sent. Read it again, and send its new ETag with your change.")
            : Tagged(outcome, response);
    }

    /// <summary>The draft, with its revision as the <c>ETag</c> to send back in <c>If-Match</c>.</summary>
    private static Results<Ok<WorkflowDraftDto>, ProblemHttpResult> Tagged(Outcome<WorkflowDraft> outcome, HttpResponse response)
    {
        if (outcome.Succeeded)
        {
            response.Headers.ETag = DraftTags.Of(outcome.Value!.Workflow.UpdatedAt);
        }

        return Answer(outcome);
    }

    private static async Task<Results<Ok<WorkflowVersionDto>, ProblemHttpResult>> PublishAsync(Guid id, WorkflowDefinitions definitions, CancellationToken ct)
    {
        var outcome = await definitions.PublishAsync(id, ct);
        return outcome.Succeeded ? TypedResults.Ok(VersionDto(outcome.Value!)) : ApiProblems.Of(outcome);
    }

    private static async Task<Results<Ok<PageOf<WorkflowVersionDto>>, ValidationProblem, ProblemHttpResult>> ListVersionsAsync(
        Guid id, WorkflowDefinitions definitions, int? page, int? pageSize, CancellationToken ct)
    {
        if (!PageRequest.TryCreate(page, pageSize, out var request, out var errors))
        {
            return ApiProblems.Invalid(errors);
        }

        var outcome = await definitions.ListVersionsAsync(id, request, ct);
        return outcome.Succeeded ? TypedResults.Ok(PageOf<WorkflowVersionDto>.From(outcome.Value!, VersionDto)) : ApiProblems.Of(outcome);
    }

    private static async Task<Results<Ok<PageOf<WorkflowChangeDto>>, ValidationProblem, ProblemHttpResult>> ListActivityAsync(
        Guid id, WorkflowDefinitions definitions, int? page, int? pageSize, CancellationToken ct)
    {
        if (!PageRequest.TryCreate(page, pageSize, out var request, out var errors))
        {
            return ApiProblems.Invalid(errors);
        }

        var outcome = await definitions.ActivityAsync(id, request, ct);
        return outcome.Succeeded
            ? TypedResults.Ok(PageOf<WorkflowChangeDto>.From(outcome.Value!, c => new WorkflowChangeDto(c.At, c.AuthorId, c.AuthorName, c.Description)))
            : ApiProblems.Of(outcome);
    }

    private static async Task<Results<Ok<PublishedWorkflowDto>, ProblemHttpResult>> GetVersionAsync(Guid id, int number, WorkflowDefinitions definitions, CancellationToken ct)
    {
        var outcome = await definitions.GetVersionAsync(id, number, ct);
        return outcome is { Succeeded: true, Value: { } v }
            ? TypedResults.Ok(new PublishedWorkflowDto(v.WorkflowId, VersionDto(v.Version), Document(v.Definition)))
            : ApiProblems.Of(outcome);
    }

    private static async Task<Results<Created<WorkflowDraftDto>, ProblemHttpResult>> ImportAsync(WorkflowDefinitions definitions, HttpContext http, CancellationToken ct)
    {
        var (json, problem) = await ReadDocumentAsync(http.Request, ct);
        return problem ?? Created(await definitions.ImportAsync(json!, ct), http);
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> ExportAsync(Guid id, WorkflowDefinitions definitions, int? version, CancellationToken ct)
    {
        var outcome = await definitions.ExportAsync(id, version, ct);
        return outcome.Succeeded ? TypedResults.Content(outcome.Value!, "application/json", Encoding.UTF8) : ApiProblems.Of(outcome);
    }

    /// <summary>
    /// The body as text: JSON only (415 otherwise), at most <see cref="WorkflowJson.MaxLength"/> characters (a larger
    /// one is a 400 that says the limit, read no further). The use case parses it and names the fault.
    /// </summary>
    private static async Task<(string? Json, ProblemHttpResult? Problem)> ReadDocumentAsync(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasJsonContentType())
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "The body's media type is not supported.",
                detail: "Send the workflow document as application/json.", extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.UnsupportedMediaType }));
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false);
        var buffer = new char[WorkflowJson.MaxLength + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await reader.ReadAsync(buffer.AsMemory(length), ct)) > 0)
        {
            length += read;
        }

        return length > WorkflowJson.MaxLength
            ? (null, ApiProblems.Of(Outcome<string>.Fail(ErrorCodes.ValidationFailed, WorkflowJson.BodyField,
                $"The workflow document is larger than {WorkflowJson.MaxLength / 1024} KB ({WorkflowJson.MaxLength} characters); nothing was saved.")))
            : (new string(buffer, 0, length), null);
    }

    private static Results<Ok<WorkflowDraftDto>, ProblemHttpResult> Answer(Outcome<WorkflowDraft> outcome) =>
        outcome.Succeeded ? TypedResults.Ok(DraftDto(outcome.Value!)) : ApiProblems.Of(outcome);

    private static Results<Created<WorkflowDraftDto>, ProblemHttpResult> Created(Outcome<WorkflowDraft> outcome, HttpContext http) =>
        outcome.Succeeded
            ? TypedResults.Created($"{http.Request.PathBase}/api/v1/workflows/{outcome.Value!.Workflow.Id}/draft", DraftDto(outcome.Value))
            : ApiProblems.Of(outcome);

    private static async Task<Results<Ok<WorkflowDto>, ProblemHttpResult>> PausedAsync(Task<Outcome<WorkflowSummary>> pending)
    {
        var outcome = await pending;
        return outcome.Succeeded ? TypedResults.Ok(WorkflowDto.From(outcome.Value!)) : ApiProblems.Of(outcome);
    }

    private static WorkflowDraftDto DraftDto(WorkflowDraft d) => new(WorkflowDto.From(d.Workflow), Document(d.Definition));

    private static WorkflowVersionDto VersionDto(WorkflowVersionSummary v) => new(v.Number, v.PublishedAt, v.PublishedBy);

    /// <summary>The definition as the workflow format writes it (camelCase, unused settings left out).</summary>
    private static JsonElement Document(WorkflowDefinition definition)
    {
        using var document = JsonDocument.Parse(WorkflowJson.Write(definition));
        return document.RootElement.Clone();
    }
}

/// <summary>A draft's revision (the time it was stored, to the microsecond) as a strong entity tag, and back.</summary>
public static class DraftTags
{
    public static string Of(DateTimeOffset revision) => $"\"{revision.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture)}\"";

    /// <summary>Reads one strong tag this API gave out; a weak tag, a list, or anything else is not one.</summary>
    public static bool TryRead(string header, out DateTimeOffset revision)
    {
        revision = default;
        var tag = header.Trim();
        if (tag.Length < 3 || tag[0] != '"' || tag[^1] != '"'
            || !long.TryParse(tag.AsSpan(1, tag.Length - 2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ticks)
            || ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        revision = new DateTimeOffset(ticks, TimeSpan.Zero);
        return true;
    }
}
