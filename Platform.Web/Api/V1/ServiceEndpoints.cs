using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Core.Common;
using Platform.Core.Errors;
using Platform.Core.Identity;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Identity;
using Platform.Web.Security;

namespace Platform.Web.Api.V1;

/// <summary>/api/v1/services: what the tenant sells. Read-only for now; every query runs in the request's tenant.</summary>
public static class ServiceEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        var services = v1.MapGroup("/services").WithTags("Services").RequireAuthorization(PlatformPolicies.TenantStaff).RequireApiKeyScope(ApiKeyScopes.CatalogRead);
        services.MapGet("", ListAsync)
            .WithSummary("Lists the tenant's active services by name, a page at a time, optionally searched by name.");
        services.MapGet("/{id:guid}", GetAsync)
            .WithSummary("One of the tenant's services with its booking rules and the ids of the providers who offer it.");
    }

    /// <summary>An amount with its ISO 4217 currency.</summary>
    public sealed record ServicePriceDto(decimal Amount, string Currency);

    public sealed record ServiceSummaryDto(Guid Id, string Name, int DurationMinutes, ServicePriceDto Price, int Capacity, int ProviderCount, bool IsArchived);

    public sealed record ServicePageDto(IReadOnlyList<ServiceSummaryDto> Items, int Total);

    public sealed record ServiceDto(
        Guid Id,
        string Name,
        string Description,
        int DurationMinutes,
        ServicePriceDto Price,
        int BufferBeforeMinutes,
        int BufferAfterMinutes,
        int Capacity,
        bool RequiresApproval,
        int MinimumNoticeMinutes,
        int MaximumDaysInAdvance,
        int CancellationWindowHours,
        int SlotIntervalMinutes,
        bool IsArchived,
        IReadOnlyList<Guid> ProviderIds,
        IReadOnlyList<QuestionDto> Questions);

    /// <summary>An intake question: kind is "Text", "Choice" or "YesNo"; only choices have options.</summary>
    public sealed record QuestionDto(Guid Id, string Label, string Kind, bool Required, IReadOnlyList<string> Options);

    private static Task<Results<Ok<ServicePageDto>, ValidationProblem, ProblemHttpResult>> ListAsync(
        ServiceCatalog catalog, CancellationToken ct, int page = 1, int pageSize = PageRequest.DefaultSize, string? search = null) =>
        CatalogQueries.PageAsync(
            page, pageSize, search, ServiceQuery.MaxSearchLength,
            request => catalog.ListAsync(new ServiceQuery(request, search), ct),
            listed => new ServicePageDto([.. listed.Items.Select(s => new ServiceSummaryDto(
                s.Id, s.Name, s.DurationMinutes, new ServicePriceDto(s.Price.Amount, s.Price.Currency), s.Capacity, s.ProviderCount, s.IsArchived))], listed.Total));

    private static async Task<Results<Ok<ServiceDto>, ProblemHttpResult>> GetAsync(Guid id, ServiceCatalog catalog, CancellationToken ct)
    {
        var outcome = await catalog.GetAsync(id, ct);
        if (!outcome.Succeeded)
        {
            return CatalogQueries.Problem(outcome, "There is no service with this id.");
        }

        var s = outcome.Value!;
        return TypedResults.Ok(new ServiceDto(
            s.Id, s.Name, s.Description, s.DurationMinutes, new ServicePriceDto(s.Price.Amount, s.Price.Currency), s.BufferBeforeMinutes, s.BufferAfterMinutes,
            s.Capacity, s.RequiresApproval, s.MinimumNoticeMinutes, s.MaximumDaysInAdvance, s.CancellationWindowHours, s.SlotIntervalMinutes,
            s.IsArchived, s.ProviderIds, [.. s.Questions.Select(q => new QuestionDto(q.Id, q.Label, q.Kind.ToString(), q.Required, q.Options))]));
    }
}

/// <summary>The paging checks and the problems the catalog endpoints share.</summary>
internal static class CatalogQueries
{
    /// <summary>
    /// A list endpoint of the catalog: checks the query (a 400 naming each bad field), reads one page through the use
    /// case and answers it as <paramref name="answer"/> shapes it, or the use case's refusal.
    /// </summary>
    public static async Task<Results<Ok<TPage>, ValidationProblem, ProblemHttpResult>> PageAsync<TItem, TPage>(
        int page, int pageSize, string? search, int maxSearchLength, Func<PageRequest, Task<Outcome<Page<TItem>>>> read, Func<Page<TItem>, TPage> answer)
    {
        if (!TryPage(page, pageSize, search, maxSearchLength, out var request, out var invalid))
        {
            return invalid;
        }

        var outcome = await read(request);
        return outcome is { Succeeded: true, Value: { } listed } ? TypedResults.Ok(answer(listed)) : ApiProblems.Of(outcome);
    }

    /// <summary>Core's page from the query string, or a 400 naming each bad field (page, pageSize, search); nothing is clamped.</summary>
    private static bool TryPage(int page, int pageSize, string? search, int maxSearchLength, out PageRequest request, out ValidationProblem invalid)
    {
        var errors = new Dictionary<string, string[]>();
        if (!PageRequest.TryCreate(page, pageSize, out request, out var pageErrors))
        {
            foreach (var (field, messages) in pageErrors)
            {
                errors[field] = messages;
            }
        }

        if (search?.Length > maxSearchLength)
        {
            errors["search"] = [$"The search must be at most {maxSearchLength} characters."];
        }

        invalid = ApiProblems.Invalid(errors);
        return errors.Count == 0;
    }

    /// <summary>
    /// The problem of a refused read: 403 with the use case's code when the actor may not read the catalog, otherwise
    /// 404. Another tenant's id is "not found" too: its existence is none of this tenant's business.
    /// </summary>
    public static ProblemHttpResult Problem<T>(Outcome<T> outcome, string notFoundTitle) =>
        outcome.Code == ErrorCodes.Forbidden
            ? TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: outcome.Errors.Values.SelectMany(m => m).FirstOrDefault() ?? "Forbidden.",
                extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.Forbidden })
            : ApiProblems.NotFound(notFoundTitle);
}
