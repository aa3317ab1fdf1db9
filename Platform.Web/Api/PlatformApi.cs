using Platform.Infrastructure.Identity;
using Platform.Web.Security;

namespace Platform.Web.Api;

/// <summary>The /api/v1 surface: minimal-API groups, problem details with stable codes, rate limits per key and user.</summary>
public static class PlatformApi
{
    /// <summary>
    /// Endpoints an API key may call besides signed-in users, with the scope it needs. An endpoint not
    /// listed here (nor marked with RequireApiKeyScope) is for signed-in users only.
    /// </summary>
    private static readonly Dictionary<string, string> KeyScopes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["GET /api/v1/people"] = ApiKeyScopes.PeopleRead,
    };

    public static IServiceCollection AddPlatformApi(this IServiceCollection services)
    {
        services.AddValidation();
        return services;
    }

    public static void MapPlatformApi(this IEndpointRouteBuilder endpoints)
    {
        var v1 = endpoints.MapGroup("/api/v1").DisableAntiforgery().RequireRateLimiting(RateLimits.ApiPolicy);
        V1.TenantEndpoints.Map(v1);
        V1.BookingEndpoints.Map(v1);
        V1.PeopleEndpoints.Map(v1);
        V1.BrandingEndpoints.Map(v1);
        V1.ServiceEndpoints.Map(v1);
        V1.ProviderEndpoints.Map(v1);
        V1.ApiKeyEndpoints.Map(v1);
        ((IEndpointConventionBuilder)v1).Add(AddKeyScope);
    }

    private static void AddKeyScope(EndpointBuilder endpoint)
    {
        var pattern = (endpoint as RouteEndpointBuilder)?.RoutePattern.RawText?.TrimEnd('/');
        foreach (var method in endpoint.Metadata.OfType<HttpMethodMetadata>().SelectMany(m => m.HttpMethods).ToList())
        {
            if (KeyScopes.TryGetValue($"{method} {pattern}", out var scope))
            {
                endpoint.Metadata.Add(new ApiKeyScope(scope));
            }
        }
    }
}
