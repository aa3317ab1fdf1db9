using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Core.Common;
using Platform.Core.Features;
using Platform.Core.Identity;
using Platform.Core.Reporting;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Identity;
using Platform.Infrastructure.Reporting;
using Platform.Web.Security;

namespace Platform.Web.Api.V1;

/// <summary>
/// /api/v1/reports: the tenant's saved reports (docs/reports.md). The team and keys with reports:read list the reports
/// shared with them and run them as JSON, CSV or Excel; managers and admins save, change, delete and preview definitions.
/// A definition is checked whole on the server against the allow-list of fields: a bad one is a 400 naming each fault.
/// </summary>
public static class ReportEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        var reports = v1.MapGroup("/reports").WithTags("Reports").RequireFeature(PlatformFeatures.Reports);
        var read = reports.MapGroup("").RequireAuthorization(PlatformPolicies.TenantStaff).RequireApiKeyScope(ApiKeyScopes.ReportsRead);
        var write = reports.MapGroup("").RequireAuthorization(PlatformPolicies.TenantManager);
        read.MapGet("/catalog", () => TypedResults.Ok(ReportCatalog.All.Select(DatasetDto.From).ToList()))
            .WithSummary("The datasets a report reads, with the dimensions, measures and filters each allows.");
        read.MapGet("", ListAsync).WithSummary("The reports the caller sees (their own and those shared with their role), by name, paged.");
        read.MapGet("/{id:guid}", GetAsync).WithSummary("One report with its definition.");
        read.MapGet("/{id:guid}/result", ResultAsync)
            .WithSummary("Runs the report: ?format=json (the default), csv, xlsx or pdf. Staff see only their own calendar's figures.");
        write.MapPost("", CreateAsync).WithSummary("Saves a new report ({ name, description, sharing: private|managers|team, definition }).");
        write.MapPut("/{id:guid}", UpdateAsync).WithSummary("Replaces a report's name, description, sharing and definition.");
        write.MapDelete("/{id:guid}", DeleteAsync).WithSummary("Deletes a report.");
        write.MapPost("/preview", PreviewAsync).WithSummary("Runs a definition without saving it ({ definition }), as JSON.");

        // Exports in the background, each for the signed-in member of the team who asked for it.
        reports.MapPost("/{id:guid}/exports", QueueAsync).RequireAuthorization(PlatformPolicies.TenantStaff)
            .WithSummary("Queues an export of the report ({ format: csv|xlsx|pdf }): 202 with the export to follow at /api/v1/report-exports/{id}.");
        var exports = v1.MapGroup("/report-exports").WithTags("Reports").RequireAuthorization(PlatformPolicies.TenantStaff).RequireFeature(PlatformFeatures.Reports);
        exports.MapGet("", ListExportsAsync).WithSummary("The caller's own exports, newest first, paged, with their progress.");
        exports.MapGet("/{id:guid}", (Guid id, ReportExports queue, CancellationToken ct) => ExportAnswerAsync(queue.GetAsync(id, ct)))
            .WithSummary("One of the caller's exports: its status and progress (rows done of rows total).");
        exports.MapPost("/{id:guid}/cancel", (Guid id, ReportExports queue, CancellationToken ct) => ExportAnswerAsync(queue.CancelAsync(id, ct)))
            .WithSummary("Cancels an export that is queued or running; 409 once it has finished.");
        exports.MapGet("/{id:guid}/file", FileAsync).WithSummary("The ready export's file, for the one who asked, until it expires (then 410).");

        // Scheduled e-mails of a report.
        write.MapGet("/{id:guid}/schedules", ListSchedulesAsync).WithSummary("The report's schedules with their last runs.");
        write.MapPost("/{id:guid}/schedules", CreateScheduleAsync)
            .WithSummary("Schedules the report by e-mail ({ frequency: daily|weekly|monthly, time: HH:mm on the business's clock, weekday, dayOfMonth 1-28, recipients: user ids of the team, attachments: [pdf, xlsx] }).");
        v1.MapGroup("/report-schedules").WithTags("Reports").RequireAuthorization(PlatformPolicies.TenantManager).RequireFeature(PlatformFeatures.Reports)
            .MapDelete("/{id:guid}", DeleteScheduleAsync)
            .WithSummary("Deletes a schedule (its maker or an admin) with its runs.");
    }

    public sealed record ScheduleRequestDto(string? Frequency, string? Time, string? Weekday, int? DayOfMonth, IReadOnlyList<Guid>? Recipients, IReadOnlyList<string>? Attachments);

    public sealed record ScheduleRunDto(DateTimeOffset DueAt, DateTimeOffset At, string Status, int Recipients, int Rows, string? Error);

    public sealed record ScheduleDto(Guid Id, Guid ReportId, string Frequency, string Time, string? Weekday, int? DayOfMonth, IReadOnlyList<Guid> Recipients,
        IReadOnlyList<string> Attachments, DateTimeOffset NextRunAt, IReadOnlyList<ScheduleRunDto> Runs)
    {
        public static ScheduleDto Of(ReportScheduleView s) => new(s.Id, s.ReportId, ReportFields.Camel(s.Timing.Frequency.ToString()), s.Timing.At.ToString("HH:mm", CultureInfo.InvariantCulture),
            s.Timing.Weekday is { } day ? ReportFields.Camel(day.ToString()) : null, s.Timing.DayOfMonth, [.. s.Recipients.Select(r => r.Id)],
            [.. new[] { (s.Pdf, "pdf"), (s.Excel, "xlsx") }.Where(a => a.Item1).Select(a => a.Item2)], s.NextRunAt,
            [.. s.LastRuns.Select(r => new ScheduleRunDto(r.DueAt, r.At, ReportFields.Camel(r.Status.ToString()), r.Recipients, r.Rows, r.Error))]);
    }

    private static async Task<Results<Ok<List<ScheduleDto>>, ProblemHttpResult>> ListSchedulesAsync(Guid id, ReportSchedules schedules, CancellationToken ct)
    {
        var outcome = await schedules.ListAsync(id, ct);
        return outcome.Succeeded ? TypedResults.Ok(outcome.Value!.Select(ScheduleDto.Of).ToList()) : ApiProblems.Of(outcome);
    }

    private static async Task<Results<Created<ScheduleDto>, ProblemHttpResult>> CreateScheduleAsync(Guid id, ScheduleRequestDto body, ReportSchedules schedules, HttpContext http, CancellationToken ct)
    {
        DayOfWeek? weekday = null;
        if (body.Weekday is { } day)
        {
            if (!Enum.GetValues<DayOfWeek>().Any(d => ReportFields.Camel(d.ToString()) == day))
            {
                return ApiProblems.Of(Outcome<bool>.Fail("weekday", "Name a weekday in English: monday to sunday."));
            }

            weekday = Enum.GetValues<DayOfWeek>().Single(d => ReportFields.Camel(d.ToString()) == day);
        }

        var attachments = body.Attachments ?? [];
        if (attachments.FirstOrDefault(a => a is not ("pdf" or "xlsx")) is { } unknown)
        {
            return ApiProblems.Of(Outcome<bool>.Fail("attachments", $"\"{unknown}\" is no attachment; send pdf, xlsx or both."));
        }

        var outcome = await schedules.CreateAsync(id, new SaveReportSchedule(body.Frequency, body.Time, weekday, body.DayOfMonth, body.Recipients,
            attachments.Contains("pdf"), attachments.Contains("xlsx")), ct);
        return outcome.Succeeded
            ? TypedResults.Created($"{http.Request.PathBase}/api/v1/reports/{id}/schedules", ScheduleDto.Of(outcome.Value!))
            : ApiProblems.Of(outcome);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteScheduleAsync(Guid id, ReportSchedules schedules, CancellationToken ct)
    {
        var outcome = await schedules.DeleteAsync(id, ct);
        return outcome.Succeeded ? TypedResults.NoContent() : ApiProblems.Of(outcome);
    }

    public sealed record ExportRequestDto(string? Format);

    public sealed record ExportDto(Guid Id, Guid ReportId, string Title, string Format, string Status, int RowsDone, int RowsTotal, long Size, string? Error,
        DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt, DateTimeOffset? ExpiresAt, string? File)
    {
        public static ExportDto Of(ReportExportView e) => new(e.Id, e.ReportId, e.Title, ReportFiles.Extension(e.Format), ReportFields.Camel(e.Status.ToString()),
            e.RowsDone, e.RowsTotal, e.Size, e.Error, e.CreatedAt, e.FinishedAt, e.ExpiresAt,
            e.Status == ReportExportStatus.Ready && !e.Expired ? $"/api/v1/report-exports/{e.Id}/file" : null);
    }

    private static async Task<Results<Accepted<ExportDto>, ProblemHttpResult>> QueueAsync(Guid id, ExportRequestDto body, ReportExports queue, HttpContext http, CancellationToken ct)
    {
        ReportFormat? format = body.Format switch
        {
            "csv" => ReportFormat.Csv,
            "xlsx" => ReportFormat.Xlsx,
            "pdf" => ReportFormat.Pdf,
            _ => null,
        };
        if (format is null)
        {
            return ApiProblems.Of(Outcome<bool>.Fail("format", "Export to csv, xlsx or pdf."));
        }

        var outcome = await queue.QueueAsync(id, format.Value, ct);
        return outcome.Succeeded
            ? TypedResults.Accepted($"{http.Request.PathBase}/api/v1/report-exports/{outcome.Value!.Id}", ExportDto.Of(outcome.Value))
            : ApiProblems.Of(outcome);
    }

    private static async Task<Results<Ok<PageOf<ExportDto>>, ValidationProblem, ProblemHttpResult>> ListExportsAsync(ReportExports queue, int? page, int? pageSize, CancellationToken ct)
    {
        if (!PageRequest.TryCreate(page, pageSize, out var request, out var errors))
        {
            return ApiProblems.Invalid(errors);
        }

        var outcome = await queue.ListAsync(request, ct);
        return outcome.Succeeded ? TypedResults.Ok(PageOf<ExportDto>.From(outcome.Value!, ExportDto.Of)) : ApiProblems.Of(outcome);
    }

    private static async Task<Results<Ok<ExportDto>, ProblemHttpResult>> ExportAnswerAsync(Task<Outcome<ReportExportView>> work)
    {
        var outcome = await work;
        return outcome.Succeeded ? TypedResults.Ok(ExportDto.Of(outcome.Value!)) : ApiProblems.Of(outcome);
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> FileAsync(Guid id, ReportExports queue, CancellationToken ct)
    {
        var outcome = await queue.OpenAsync(id, ct);
        if (!outcome.Succeeded)
        {
            return ApiProblems.Of(outcome);
        }

        var (export, file) = outcome.Value;
        return TypedResults.File(file, ReportFiles.ContentType(export.Format), export.FileName);
    }

    public sealed record FieldDto(string Key, string Label, string Kind, string Description, IReadOnlyList<string>? Values);

    public sealed record DatasetDto(string Key, string Label, string Description, IReadOnlyList<FieldDto> Dimensions, IReadOnlyList<FieldDto> Measures, IReadOnlyList<FieldDto> Filters)
    {
        public static DatasetDto From(ReportDataset d) => new(d.Key, d.Label, d.Description, [.. d.Dimensions.Select(Field)], [.. d.Measures.Select(Field)], [.. d.Filters.Select(Field)]);

        private static FieldDto Field(ReportField f) => new(f.Key, f.Label, ReportFields.Camel(f.Kind.ToString()), f.Description, f.Values);
    }

    public sealed record ReportDto(Guid Id, string Name, string Description, string Dataset, string Visual, string Sharing, Guid? OwnerId, string OwnerName, DateTimeOffset UpdatedAt)
    {
        public static ReportDto From(ReportSummary s) =>
            new(s.Id, s.Name, s.Description, s.Dataset, ReportFields.Camel(s.Visual.ToString()), ReportFields.Camel(s.Sharing.ToString()), s.OwnerId, s.OwnerName, s.UpdatedAt);
    }

    /// <summary>A report with its definition, a document of the format in docs/reports.md.</summary>
    public sealed record ReportDetailDto(ReportDto Report, JsonElement Definition);

    public sealed record SaveReportDto(string? Name, string? Description, string? Sharing, JsonElement? Definition);

    public sealed record PreviewDto(JsonElement? Definition);

    public sealed record ColumnDto(string Key, string Label, string Kind, bool IsMeasure);

    /// <summary>A run: the local days it covered, the columns, the rows (dates as yyyy-MM-dd, rates from 0 to 1, money in the row's currency).</summary>
    public sealed record ResultDto(DateOnly From, DateOnly To, string TimeZone, bool OwnOnly, IReadOnlyList<ColumnDto> Columns, IReadOnlyList<object?[]> Rows, int TotalRows, bool Truncated)
    {
        public static ResultDto Of(ReportResult r) => new(r.From, r.To, r.TimeZone, r.OwnOnly,
            [.. r.Columns.Select(c => new ColumnDto(c.Key, c.Label, ReportFields.Camel(c.Kind.ToString()), c.IsMeasure))],
            [.. r.Rows.Select(row => row.Select(v => v is DateOnly d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : v).ToArray())], r.TotalRows, r.Truncated);
    }

    private static async Task<Results<Ok<PageOf<ReportDto>>, ValidationProblem, ProblemHttpResult>> ListAsync(Reports reports, int? page, int? pageSize, CancellationToken ct)
    {
        if (!PageRequest.TryCreate(page, pageSize, out var request, out var errors))
        {
            return ApiProblems.Invalid(errors);
        }

        var outcome = await reports.ListAsync(request, ct);
        return outcome.Succeeded ? TypedResults.Ok(PageOf<ReportDto>.From(outcome.Value!, ReportDto.From)) : ApiProblems.Of(outcome);
    }

    private static async Task<Results<Ok<ReportDetailDto>, ProblemHttpResult>> GetAsync(Guid id, Reports reports, CancellationToken ct) =>
        Detail(await reports.GetAsync(id, ct));

    private static async Task<Results<Ok<ResultDto>, FileStreamHttpResult, ValidationProblem, ProblemHttpResult>> ResultAsync(
        Guid id, string? format, Reports reports, ITenantContext tenant, TimeProvider clock, CancellationToken ct)
    {
        ReportFormat? file = format switch
        {
            null or "json" => null,
            "csv" => ReportFormat.Csv,
            "xlsx" => ReportFormat.Xlsx,
            "pdf" => ReportFormat.Pdf,
            _ => (ReportFormat)(-1),
        };
        if (file is { } f && !Enum.IsDefined(f))
        {
            return ApiProblems.Invalid("format", "Ask for json, csv, xlsx or pdf.");
        }

        var outcome = await reports.RunAsync(id, ct);
        if (!outcome.Succeeded)
        {
            return ApiProblems.Of(outcome);
        }

        var result = outcome.Value!;
        if (file is not { } chosen)
        {
            return TypedResults.Ok(ResultDto.Of(result));
        }

        var stream = new MemoryStream();
        await ReportFiles.WriteAsync(stream, chosen, result, tenant.Tenant, CultureInfo.CurrentCulture, clock.GetUtcNow(), ct);
        stream.Position = 0;
        return TypedResults.File(stream, ReportFiles.ContentType(chosen), ReportFiles.FileName(result.Title, chosen));
    }

    private static async Task<Results<Created<ReportDetailDto>, ProblemHttpResult>> CreateAsync(SaveReportDto body, Reports reports, HttpContext http, CancellationToken ct)
    {
        if (Command(body) is not { } command)
        {
            return SharingProblem();
        }

        var outcome = await reports.SaveAsync(null, command, ct);
        return outcome.Succeeded
            ? TypedResults.Created($"{http.Request.PathBase}/api/v1/reports/{outcome.Value!.Summary.Id}", DetailDto(outcome.Value!))
            : ApiProblems.Of(outcome);
    }

    private static async Task<Results<Ok<ReportDetailDto>, ProblemHttpResult>> UpdateAsync(Guid id, SaveReportDto body, Reports reports, CancellationToken ct) =>
        Command(body) is { } command ? Detail(await reports.SaveAsync(id, command, ct)) : SharingProblem();

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, Reports reports, CancellationToken ct)
    {
        var outcome = await reports.DeleteAsync(id, ct);
        return outcome.Succeeded ? TypedResults.NoContent() : ApiProblems.Of(outcome);
    }

    private static async Task<Results<Ok<ResultDto>, ProblemHttpResult>> PreviewAsync(PreviewDto body, Reports reports, CancellationToken ct)
    {
        var outcome = await reports.PreviewAsync(Json(body.Definition), ct);
        return outcome.Succeeded ? TypedResults.Ok(ResultDto.Of(outcome.Value!)) : ApiProblems.Of(outcome);
    }

    /// <summary>The command, or null when the sharing is not one of the three words.</summary>
    private static SaveReport? Command(SaveReportDto body)
    {
        ReportSharing? sharing = body.Sharing switch
        {
            null or "private" => ReportSharing.Private,
            "managers" => ReportSharing.Managers,
            "team" => ReportSharing.Team,
            _ => null,
        };
        return sharing is { } s ? new SaveReport(body.Name, body.Description, s, Json(body.Definition)) : null;
    }

    private static ProblemHttpResult SharingProblem() =>
        ApiProblems.Of(Outcome<bool>.Fail("sharing", "Share the report with private (nobody), managers or team."));

    /// <summary>
    /// The definition as text for the use case to parse and judge: null when none was sent, an empty list (which it
    /// refuses as not an object) for any other kind of value or for text that is not valid UTF-8.
    /// </summary>
    private static string? Json(JsonElement? element)
    {
        if (element is not { ValueKind: not JsonValueKind.Undefined and not JsonValueKind.Null } e)
        {
            return null;
        }

        try
        {
            return e.ValueKind == JsonValueKind.Object ? e.GetRawText() : "[]";
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            return "[]";
        }
    }

    private static Results<Ok<ReportDetailDto>, ProblemHttpResult> Detail(Outcome<ReportDetail> outcome) =>
        outcome.Succeeded ? TypedResults.Ok(DetailDto(outcome.Value!)) : ApiProblems.Of(outcome);

    private static ReportDetailDto DetailDto(ReportDetail detail) =>
        new(ReportDto.From(detail.Summary), JsonDocument.Parse(ReportDefinitions.ToJson(detail.Definition)).RootElement.Clone());
}
