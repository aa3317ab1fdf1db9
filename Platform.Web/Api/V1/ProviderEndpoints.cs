using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Core.Bookings;
using Platform.Core.Common;
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

    public sealed record ProviderSummaryDto(Guid Id, string DisplayName, string TimeZone, bool IsActive, Guid? UserId, int ServiceCount);

    public sealed record ProviderPageDto(IReadOnlyList<ProviderSummaryDto> Items, int Total);

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

    private static Task<Results<Ok<ProviderPageDto>, ValidationProblem, ProblemHttpResult>> ListAsync(
        ProviderDirectory directory, CancellationToken ct, int page = 1, int pageSize = PageRequest.DefaultSize, string? search = null) =>
        CatalogQueries.PageAsync(
            page, pageSize, search, ProviderQuery.MaxSearchLength,
            request => directory.ListAsync(new ProviderQuery(request, search), ct),
            listed => new ProviderPageDto([.. listed.Items.Select(p => new ProviderSummaryDto(
                p.Id, p.DisplayName, p.TimeZone, p.IsActive, p.UserId, p.ServiceCount))], listed.Total));

    private static async Task<Results<Ok<ProviderDto>, ProblemHttpResult>> GetAsync(Guid id, ProviderDirectory directory, CancellationToken ct)
    {
        var outcome = await directory.GetAsync(id, ct);
        if (!outcome.Succeeded)
        {
            return CatalogQueries.Problem(outcome, "There is no provider with this id.");
        }

        var p = outcome.Value!;
        return TypedResults.Ok(new ProviderDto(
            p.Id, p.DisplayName, p.Bio, p.TimeZone, p.IsActive, p.UserId,
            [.. p.WeeklyHours.Select(h => new WeeklyHoursDto(h.Day.ToString(), h.StartMinute, h.EndMinute, WorkingHours.Clock(h.StartMinute), WorkingHours.Clock(h.EndMinute)))],
            [.. p.Overrides.Select(o => new DateHoursDto(o.Date, o.IsClosed, [.. o.Periods.Select(x => new PeriodDto(x.StartMinute, x.EndMinute))]))],
            [.. p.TimeOff.Select(t => new TimeOffDto(t.Id, t.StartUtc, t.EndUtc, t.Reason))]));
    }
}
