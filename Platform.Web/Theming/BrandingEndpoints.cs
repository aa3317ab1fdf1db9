using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Infrastructure.Tenancy;

namespace Platform.Web.Theming;

public static class BrandingEndpoints
{
    /// <summary>GET /branding/logo: the current tenant's logo; versioned URLs make it cacheable for a year.</summary>
    public static void MapBrandingEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/branding/logo", async Task<Results<FileContentHttpResult, NotFound>> (TenantLogos logos, HttpContext http, CancellationToken ct) =>
        {
            if (await logos.CurrentAsync(ct) is not { } logo)
            {
                return TypedResults.NotFound();
            }

            if (http.Request.Query.ContainsKey("v"))
            {
                http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            }

            // SVG may carry script: served as an image with a sandboxing policy it cannot escape.
            http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; sandbox";
            return TypedResults.File(logo.Content, logo.ContentType);
        }).ExcludeFromDescription();
}
