using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Core.Identity;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Tenancy;

namespace Platform.Web.Api.V1;

public static class TenantEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapGet("/tenant", Get)
            .WithTags("Tenant")
            .WithSummary("The tenant this address belongs to, with its public settings.");

        var address = v1.MapGroup("/tenant/address").WithTags("Tenant");
        address.MapGet("", GetAddressAsync)
            .RequireAuthorization(PlatformPolicies.TenantStaff)
            .WithSummary("The business address customers see on their confirmation, e-mails and calendar invitation; null for none.");
        address.MapPut("", PutAddressAsync)
            .RequireAuthorization(PlatformPolicies.TenantAdmin)
            .WithSummary($"Replaces the business address: plain text of a few lines, at most {BusinessAddress.MaxLength} characters, kept as sent; null or empty removes it.");
    }

    public sealed record TenantDto(string Slug, string Name, string Plan, string Currency, string TimeZone);

    public sealed record AddressDto(string? Address);

    private static Results<Ok<TenantDto>, ProblemHttpResult> Get(ITenantContext tenant) => tenant.Tenant is { } t
        ? TypedResults.Ok(new TenantDto(t.Slug, t.Name, t.Plan.ToString(), t.DefaultCurrency, t.TimeZone))
        : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "This address belongs to no tenant.");

    private static async Task<Ok<AddressDto>> GetAddressAsync(BusinessAddressSettings settings, CancellationToken ct) =>
        TypedResults.Ok(new AddressDto(await settings.GetAsync(ct)));

    private static async Task<Results<Ok<AddressDto>, ProblemHttpResult>> PutAddressAsync(AddressDto update, BusinessAddressSettings settings, CancellationToken ct)
    {
        var outcome = await settings.SaveAsync(update.Address, ct);
        return outcome is { Succeeded: true, Value: { } tenant } ? TypedResults.Ok(new AddressDto(tenant.Address)) : ApiProblems.Of(outcome);
    }
}
