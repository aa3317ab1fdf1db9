using Microsoft.EntityFrameworkCore;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Data;

namespace Platform.Web.Theming;

public static class BrandingEndpoints
{
    /// <summary>GET /branding/logo: the current tenant's logo; versioned URLs make it cacheable for a year.</summary>
    public static void MapBrandingEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/branding/logo", async (ITenantContext tenant, PlatformDbContext db, HttpContext http, CancellationToken ct) =>
        {
            if (tenant.TenantId is not { } tenantId)
            {
                return Results.NotFound();
            }

            var logo = await db.TenantLogos.AsNoTracking().FirstOrDefaultAsync(l => l.TenantId == tenantId, ct);
            if (logo is null)
            {
                return Results.NotFound();
            }

            if (http.Request.Query.ContainsKey("v"))
            {
                http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            }

            // SVG may carry script: served as an image with a sandboxing policy it cannot escape.
            http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; sandbox";
            return Results.File(logo.Content, logo.ContentType);
        }).ExcludeFromDescription();
}
