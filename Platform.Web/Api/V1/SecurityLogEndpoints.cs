using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Core.Common;
using Platform.Core.Identity;
using Platform.Infrastructure.Security;

namespace Platform.Web.Api.V1;

/// <summary>The tenant's security log for its admins (sign-in cookie only: API keys never read it).</summary>
public static class SecurityLogEndpoints
{
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

    /// <summary>One entry as /api/v1/security-log shows it; the v1 contract, apart from the internal record.</summary>
    public sealed record SecurityEventDto(Guid Id, DateTimeOffset At, string Email, SecurityEventKind Kind, string? Detail, string? IpAddress, string? UserAgent, Guid? TenantId)
    {
        public static SecurityEventDto From(SecurityEventView e) => new(e.Id, e.At, e.Email, e.Kind, e.Detail, e.IpAddress, e.UserAgent, e.TenantId);
    }

    public sealed record SecurityEventPageDto(IReadOnlyList<SecurityEventDto> Items, int Total);

    private static async Task<Results<Ok<SecurityEventPageDto>, ValidationProblem, ProblemHttpResult>> ListAsync(
        SecurityLog log, CancellationToken ct, int? page = null, int? pageSize = null)
    {
        if (!PageRequest.TryCreate(page, pageSize, out var request, out var errors))
        {
            return ApiProblems.Invalid(errors);
        }

        var outcome = await log.PageAsync(SecurityLogScope.Tenant, request, ct);
        return outcome is { Succeeded: true, Value: { } found }
            ? TypedResults.Ok(new SecurityEventPageDto([.. found.Items.Select(SecurityEventDto.From)], found.Total))
            : ApiProblems.Of(outcome);
    }

    private static async Task<Results<Ok<SecurityEventDto>, ProblemHttpResult>> GetAsync(Guid id, SecurityLog log, CancellationToken ct) =>
        await log.FindAsync(SecurityLogScope.Tenant, id, ct) is { } entry
            ? TypedResults.Ok(SecurityEventDto.From(entry))
            : ApiProblems.NotFound("No such entry in this tenant's security log.");
}
