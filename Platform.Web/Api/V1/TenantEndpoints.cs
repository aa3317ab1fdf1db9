using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Core.Tenancy;

namespace Platform.Web.Api.V1;

public static class TenantEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapGet("/tenant", Get)
            .WithTags("Tenant")
            .WithSummary("The tenant this address belongs to, with its public settings.");
    }

    public sealed record TenantDto(string Slug, string Name, string Plan, string Currency, string TimeZone);

    private static Results<Ok<TenantDto>, ProblemHttpResult> Get(ITenantContext tenant) => tenant.Tenant is { } t
        ? TypedResults.Ok(new TenantDto(t.Slug, t.Name, t.Plan.ToString(), t.DefaultCurrency, t.TimeZone))
        : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "This address belongs to no tenant.");
}
