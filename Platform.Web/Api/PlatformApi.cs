namespace Platform.Web.Api;

/// <summary>The /api/v1 surface: minimal-API groups, problem details with stable codes, rate limits per key and user.</summary>
public static class PlatformApi
{
    public static IServiceCollection AddPlatformApi(this IServiceCollection services)
    {
        services.AddValidation();
        return services;
    }

    public static void MapPlatformApi(this IEndpointRouteBuilder endpoints)
    {
        var v1 = endpoints.MapGroup("/api/v1").DisableAntiforgery().RequireRateLimiting(RateLimits.ApiPolicy);
        V1.TenantEndpoints.Map(v1);
        V1.AvailabilityEndpoints.Map(v1);
        V1.BookingEndpoints.Map(v1);
        V1.CustomerEndpoints.Map(v1);
        V1.PeopleEndpoints.Map(v1);
        V1.SecurityLogEndpoints.Map(v1);
        V1.BrandingEndpoints.Map(v1);
        V1.ServiceEndpoints.Map(v1);
        V1.ProviderEndpoints.Map(v1);
        V1.ApiKeyEndpoints.Map(v1);
        V1.NotificationEndpoints.Map(v1);
        V1.WorkflowEndpoints.Map(v1);
        V1.WorkflowRunEndpoints.Map(v1);
        V1.ReportEndpoints.Map(v1);
    }
}
