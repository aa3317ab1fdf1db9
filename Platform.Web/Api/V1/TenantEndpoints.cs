using Platform.Core.Tenancy;

namespace Platform.Web.Api.V1;

public static class TenantEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapGet("/tenant", (ITenantContext tenant) => tenant.Tenant is { } t
                ? Results.Ok(new TenantDto(t.Slug, t.Name, t.Plan.ToString(), t.DefaultCurrency, t.TimeZone))
                : Results.Problem(statusCode: 404, title: "This address belongs to no tenant."))
            .WithTags("Tenant")
            .WithSummary("The tenant this address belongs to, with its public settings.");
    }

    public sealed record TenantDto(string Slug, string Name, string Plan, string Currency, string TimeZone);
}
