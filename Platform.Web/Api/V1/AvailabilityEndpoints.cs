using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Core.Identity;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Identity;
using Platform.Web.Security;

namespace Platform.Web.Api.V1;

/// <summary>/api/v1/availability: free start times of a service.</summary>
public static class AvailabilityEndpoints
{
    public static void Map(RouteGroupBuilder v1) =>
        v1.MapGet("/availability", GetAsync).WithTags("Bookings").RequireAuthorization(PlatformPolicies.TenantStaff).RequireApiKeyScope(ApiKeyScopes.BookingsRead)
            .WithSummary("Free start times of a service, with one provider or any, between two instants; also shown in the given IANA time zone.");

    private static async Task<Results<Ok<AvailabilityDto>, ValidationProblem, ProblemHttpResult>> GetAsync(
        Guid serviceId, Guid? providerId, DateTimeOffset from, DateTimeOffset to, string? timeZone,
        AvailabilityQuery availability, ITenantContext tenant, CancellationToken ct)
    {
        var zoneId = string.IsNullOrWhiteSpace(timeZone) ? tenant.Tenant!.TimeZone : timeZone.Trim();
        if (!TimeZones.IsValidIana(zoneId))
        {
            return ApiProblems.Invalid("timeZone", "Use an IANA time zone such as Europe/Berlin.");
        }

        var outcome = await availability.FindAsync(new AvailabilityRequest(serviceId, providerId, from, to), ct);
        if (!outcome.Succeeded)
        {
            return ApiProblems.Of(outcome);
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        return TypedResults.Ok(new AvailabilityDto(zoneId, [.. outcome.Value!.Select(s => new SlotDto(
            s.Start, s.End, TimeZoneInfo.ConvertTime(s.Start, zone), s.ProviderId, s.RemainingCapacity))]));
    }

    public sealed record AvailabilityDto(string TimeZone, IReadOnlyList<SlotDto> Slots);

    public sealed record SlotDto(DateTimeOffset Start, DateTimeOffset End, DateTimeOffset LocalStart, Guid ProviderId, int RemainingCapacity);
}
