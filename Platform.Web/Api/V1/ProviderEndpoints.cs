using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Core.Identity;
using Platform.Infrastructure.Bookings;

using Platform.Infrastructure.Identity;
using Platform.Web.Security;

namespace Platform.Web.Api.V1;

/// <summary>/api/v1/providers: the people who are booked, with their weekly hours. Read-only for now.</summary>
public static class ProviderEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        var providers = v1.MapGroup("/providers").WithTags("Providers").RequireAuthorization(PlatformPolicies.TenantStaff).RequireApiKeyScope(ApiKeyScopes.CatalogRead);
        providers.MapGet("", ListAsync)
            .WithSummary("Lists the tenant's active providers by name, a page at a time, optionally searched by name.");
        providers.MapGet("/{id:guid}", GetAsync)
            .WithSummary("One of the tenant's providers with weekly hours (local minutes of the day in the provider's time zone), date overrides and time off.");
    }

    /// <summary>A weekly period with its weekday by name, as JSON readers expect.</summary>
    public sealed record WeeklyHoursDto(string Day, int StartMinute, int EndMinute, string Start, string End);

    public sealed record DateHoursDto(DateOnly Date, bool Closed, IReadOnlyList<PeriodDto> Periods);

    public sealed record PeriodDto(int StartMinute, int EndMinute);

    public sealed record TimeOffDto(Guid Id, DateTimeOffset StartUtc, DateTimeOffset EndUtc, string Reason);

    public sealed record ProviderDto(
        Guid Id,
        string DisplayName,
        string Bio,
        string TimeZone,
        bool IsActive,
        Guid? UserId,
        IReadOnlyList<WeeklyHoursDto> WeeklyHours,
        IReadOnlyList<DateHoursDto> Overrides,
        IReadOnlyList<TimeOffDto> TimeOff);

    private static async Task<Results<Ok<ProviderPage>, ValidationProblem>> ListAsync(
        ProviderDirectory directory, CancellationToken ct, int page = 1, int pageSize = 25, string? search = null)
    {
        if (CatalogQueries.Problems(page, pageSize, search, ProviderQuery.MaxPageSize, ProviderQuery.MaxSearchLength) is { } problem)
        {
            return problem;
        }

        return TypedResults.Ok(await directory.ListAsync(new ProviderQuery(page, pageSize, search), ct));
    }

    private static async Task<Results<Ok<ProviderDto>, ProblemHttpResult>> GetAsync(Guid id, ProviderDirectory directory, CancellationToken ct) =>
        await directory.GetAsync(id, ct) is { } p
            ? TypedResults.Ok(new ProviderDto(
                p.Id, p.DisplayName, p.Bio, p.TimeZone, p.IsActive, p.UserId,
                [.. p.WeeklyHours.Select(h => new WeeklyHoursDto(h.Day.ToString(), h.StartMinute, h.EndMinute, ProviderDirectory.Clock(h.StartMinute), ProviderDirectory.Clock(h.EndMinute)))],
                [.. p.Overrides.Select(o => new DateHoursDto(o.Date, o.IsClosed, [.. o.Periods.Select(x => new PeriodDto(x.StartMinute, x.EndMinute))]))],
                [.. p.TimeOff.Select(t => new TimeOffDto(t.Id, t.StartUtc, t.EndUtc, t.Reason))]))
            : CatalogQueries.NotFound("There is no provider with this id.");
}
