using System.Globalization;
using Microsoft.Net.Http.Headers;
using Platform.Core.Tenancy;

namespace Platform.Web.Tenancy;

/// <summary>
/// Sets the culture dates, times and prices are written in for the rest of the request, and so for the interactive
/// circuit it opens (the circuit keeps the culture of its connection request). Staff pages (/app) and the API use the
/// tenant's culture; the portal uses the visitor's browser culture (Accept-Language), else the tenant's. A circuit's
/// connection request (/_blazor) is judged by the page that opened it, its Referer. The host side keeps the default.
/// </summary>
public sealed class TenantCultureMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context, ITenantContext tenantContext)
    {
        var culture = CultureFor(context, tenantContext.Tenant);
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
        return next(context);
    }

    internal static CultureInfo CultureFor(HttpContext context, TenantInfo? tenant)
    {
        if (tenant is null)
        {
            return TenantCultures.Of(TenantCultures.Default);
        }

        var tenantCulture = TenantCultures.Of(tenant.Culture);
        return IsPortal(context) ? TenantCultures.FromAcceptLanguage(context.Request.Headers.AcceptLanguage) ?? tenantCulture : tenantCulture;
    }

    private static bool IsPortal(HttpContext context)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/_blazor"))
        {
            var referer = context.Request.Headers[HeaderNames.Referer].ToString();
            if (!Uri.TryCreate(referer, UriKind.Absolute, out var page))
            {
                return false;
            }

            var pagePath = page.AbsolutePath;
            var pathBase = context.Request.PathBase.Value ?? "";
            path = pagePath.StartsWith(pathBase, StringComparison.OrdinalIgnoreCase) ? new PathString(pagePath[pathBase.Length..]) : new PathString(pagePath);
        }

        return !path.StartsWithSegments("/app") && !path.StartsWithSegments("/api") && !path.StartsWithSegments("/Account");
    }
}
