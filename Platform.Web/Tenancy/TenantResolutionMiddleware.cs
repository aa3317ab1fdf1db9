using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Platform.Core.Errors;
using Platform.Core.Features;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Tenancy;
using Platform.Web.Components.Pages.Errors;
using Platform.Web.Security;

namespace Platform.Web.Tenancy;

/// <summary>
/// Decides which tenant a request is for, first match wins: custom domain (while the plan includes
/// custom domains), then subdomain {slug}.{BaseDomain}, then the path prefix /t/{slug} (moved into
/// PathBase so the rest of the app never sees it), then for the API the tenant of the X-Api-Key.
/// Only the base domain itself (and loopback addresses) without a prefix is the host side. An unknown
/// tenant answers 404, a suspended one 403, except for the site's own static files (its stylesheet and icon),
/// which hold nothing of any tenant and which the page saying so needs.
/// </summary>
public sealed class TenantResolutionMiddleware(
    RequestDelegate next, IOptions<TenancyOptions> options, IWebHostEnvironment environment, ILogger<TenantResolutionMiddleware> logger)
{
    private const string PathPrefix = "/t/";

    public async Task InvokeAsync(HttpContext context, TenantCatalog catalog, ITenantContext tenantContext)
    {
        // A re-executed request (error or status-code page) keeps the tenant found the first time.
        if (context.Features.Get<ResolvedTenant>() is { } resolved)
        {
            tenantContext.Set(resolved.Tenant);
            await next(context);
            return;
        }

        var path = context.Request.Path.Value ?? "";
        if (path.StartsWith(PathPrefix, StringComparison.OrdinalIgnoreCase) && path.IndexOf('/', PathPrefix.Length) < 0 && path.Length > PathPrefix.Length)
        {
            // /t/acme -> /t/acme/ so that relative links resolve under the tenant.
            context.Response.Redirect(UriHelper.BuildRelative(context.Request.PathBase, path + "/", context.Request.QueryString));
            return;
        }

        var (slug, tenant) = await ResolveAsync(context, catalog);
        if ((slug is not null && tenant is null || tenant is { IsActive: false }) && IsStaticFile(context))
        {
            await next(context);
            return;
        }

        if (slug is not null && tenant is null)
        {
            await RejectAsync(context, slug, suspended: false);
            return;
        }

        if (tenant is { IsActive: false })
        {
            await RejectAsync(context, tenant.Name, suspended: true);
            return;
        }

        if (ApiKeyAuthentication.IsKeyRequest(context))
        {
            // For the API, the tenant the key belongs to; an address naming another tenant is refused.
            tenant = await ApiKeyAuthentication.ResolveTenantAsync(context, catalog, tenant, addressNamesTenant: slug is not null);
            if (tenant is null)
            {
                return;
            }
        }

        tenantContext.Set(tenant);
        context.Features.Set(new ResolvedTenant(tenant));
        using (logger.BeginScope(new Dictionary<string, object?> { ["TenantId"] = tenant?.Id, ["Tenant"] = tenant?.Slug ?? "host" }))
        {
            await next(context);
        }
    }

    private async Task<(string? Slug, TenantInfo? Tenant)> ResolveAsync(HttpContext context, TenantCatalog catalog)
    {
        var host = context.Request.Host.Host.ToLowerInvariant();
        var baseDomain = options.Value.BaseDomain.ToLowerInvariant();
        var ct = context.RequestAborted;

        var onPlatformDomain = host == baseDomain || host.EndsWith("." + baseDomain, StringComparison.Ordinal);
        if (!onPlatformDomain && !IsAddress(host))
        {
            // Any other host name is a tenant's custom domain, or nobody's: never the host side.
            var byDomain = await catalog.FindByDomainAsync(host, ct);
            return (host, byDomain is not null && PlatformFeatures.IsEnabled(byDomain, PlatformFeatures.CustomDomains) ? byDomain : null);
        }

        if (host.EndsWith("." + baseDomain, StringComparison.Ordinal))
        {
            var sub = host[..^(baseDomain.Length + 1)];
            if (!sub.Contains('.', StringComparison.Ordinal) && sub != "www")
            {
                return (sub, await catalog.FindBySlugAsync(sub, ct));
            }
        }

        var path = context.Request.Path.Value ?? "";
        if (path.StartsWith(PathPrefix, StringComparison.OrdinalIgnoreCase))
        {
            var rest = path[PathPrefix.Length..];
            var end = rest.IndexOf('/', StringComparison.Ordinal);
            var slug = (end < 0 ? rest : rest[..end]).ToLowerInvariant();
            if (slug.Length > 0 && end >= 0)
            {
                context.Request.PathBase = context.Request.PathBase.Add(PathPrefix.TrimEnd('/') + "/" + slug);
                context.Request.Path = rest[end..];
                return (slug, await catalog.FindBySlugAsync(slug, ct));
            }
        }

        return (null, null);
    }

    /// <summary>A GET or HEAD of a file in the web root (app.css, favicon.svg): the same for every tenant and for none.</summary>
    private bool IsStaticFile(HttpContext context) =>
        (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
        && context.Request.Path.Value is { } path && Path.HasExtension(path) && !path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase)
        && environment.WebRootFileProvider.GetFileInfo(path).Exists;

    private static bool IsAddress(string host) => System.Net.IPAddress.TryParse(host.Trim('[', ']'), out _) || host == "localhost";

    private static async Task RejectAsync(HttpContext context, string name, bool suspended)
    {
        var status = suspended ? StatusCodes.Status403Forbidden : StatusCodes.Status404NotFound;
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            await TypedResults.Problem(
                statusCode: status,
                title: suspended ? "This tenant is suspended." : "No such tenant.",
                extensions: new Dictionary<string, object?> { ["code"] = suspended ? ErrorCodes.TenantSuspended : ErrorCodes.TenantNotFound })
                .ExecuteAsync(context);
            return;
        }

        var page = new RazorComponentResult<TenantUnavailable>(new { Name = name, Suspended = suspended }) { StatusCode = status };
        await page.ExecuteAsync(context);
    }
}

/// <summary>The tenant a request resolved to, kept on the request for re-execution.</summary>
public sealed record ResolvedTenant(TenantInfo? Tenant);
