using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Core.Identity;
using Platform.Infrastructure.Security;

namespace Platform.Web.Api.V1;

/// <summary>The tenant's security log for its admins (sign-in cookie only: API keys never read it).</summary>
public static class SecurityLogEndpoints
{
    public const int MaxPageSize = 100;

    public static void Map(RouteGroupBuilder v1)
    {
        var log = v1.MapGroup("/security-log").WithTags("Security");
        log.MapGet("", ListAsync)
            .RequireAuthorization(PlatformPolicies.TenantAdmin)
            .WithSummary("Lists the tenant's security log (sign-ins, second-factor, passkey and password changes), newest first.");
        log.MapGet("/{id:guid}", GetAsync)
            .RequireAuthorization(PlatformPolicies.TenantAdmin)
            .WithSummary("One entry of the tenant's security log.");
    }

    private static async Task<Results<Ok<SecurityEventPage>, ValidationProblem>> ListAsync(
        SecurityLog log, ClaimsPrincipal user, CancellationToken ct, int page = 1, int pageSize = 25)
    {
        if (page < 1 || pageSize is < 1 or > MaxPageSize)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["page"] = [$"The page must be 1 or more and the page size between 1 and {MaxPageSize}."],
            });
        }

        return TypedResults.Ok(await log.PageAsync(SecurityLogScope.Tenant, UserId(user), page - 1, pageSize, ct));
    }

    private static async Task<Results<Ok<SecurityEventView>, ProblemHttpResult>> GetAsync(Guid id, SecurityLog log, ClaimsPrincipal user, CancellationToken ct) =>
        await log.FindAsync(SecurityLogScope.Tenant, UserId(user), id, ct) is { } entry
            ? TypedResults.Ok(entry)
            : ApiProblems.NotFound("No such entry in this tenant's security log.");

    private static Guid UserId(ClaimsPrincipal user) => Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : Guid.Empty;
}
