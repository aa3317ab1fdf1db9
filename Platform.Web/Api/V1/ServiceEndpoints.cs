using Microsoft.AspNetCore.Http.HttpResults;
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

    private static async Task<Results<Ok<ServicePage>, ValidationProblem>> ListAsync(
        ServiceCatalog catalog, CancellationToken ct, int page = 1, int pageSize = 25, string? search = null)
    {
        if (CatalogQueries.Problems(page, pageSize, search, ServiceQuery.MaxPageSize, ServiceQuery.MaxSearchLength) is { } problem)
        {
            return problem;
        }

        return TypedResults.Ok(await catalog.ListAsync(new ServiceQuery(page, pageSize, search), ct));
    }

    private static async Task<Results<Ok<ServiceDetails>, ProblemHttpResult>> GetAsync(Guid id, ServiceCatalog catalog, CancellationToken ct) =>
        await catalog.GetAsync(id, ct) is { } service
            ? TypedResults.Ok(service)
            : CatalogQueries.NotFound("There is no service with this id.");
}

/// <summary>The paging checks and the not-found problem the catalog endpoints share.</summary>
internal static class CatalogQueries
{
    public static ValidationProblem? Problems(int page, int pageSize, string? search, int maxPageSize, int maxSearchLength)
    {
        var errors = new Dictionary<string, string[]>();
        if (page < 1)
        {
            errors["page"] = ["The page must be 1 or more."];
        }

        if (pageSize < 1 || pageSize > maxPageSize)
        {
            errors["pageSize"] = [$"The page size must be between 1 and {maxPageSize}."];
        }

        if (search?.Length > maxSearchLength)
        {
            errors["search"] = [$"The search must be at most {maxSearchLength} characters."];
        }

        return errors.Count == 0
            ? null
            : TypedResults.ValidationProblem(errors, title: "Some fields are not valid.",
                extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.ValidationFailed });
    }

    /// <summary>Another tenant's id is "not found" too: its existence is none of this tenant's business.</summary>
    public static ProblemHttpResult NotFound(string title) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: title,
        extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.NotFound });
}
