using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Platform.Core.Errors;
using Platform.Core.Features;
using Platform.Core.Identity;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Identity;
using Platform.Infrastructure.Tenancy;

namespace Platform.Web.Security;

/// <summary>
/// Tenant-bound API keys in the <c>X-Api-Key</c> header. For an /api request with a key, the key
/// decides the tenant (<see cref="ResolveTenantAsync"/>, called by tenant resolution) and becomes the
/// request's principal (scheme <see cref="Scheme"/>); without the header the sign-in cookie does.
/// </summary>
public static class ApiKeyAuthentication
{
    public const string Scheme = "ApiKey";

    /// <summary>The default scheme: the API key when the request carries one, else the Identity cookie.</summary>
    public const string CookieOrApiKeyScheme = "CookieOrApiKey";

    public const string Header = "X-Api-Key";

    public const string KeyIdClaim = "platform:api_key";

    public const string ScopeClaim = "scope";

    public static AuthenticationBuilder AddApiKeyAuthentication(this AuthenticationBuilder builder)
    {
        builder.Services.AddScoped<IAuthorizationHandler, ApiKeyScopeHandler>();
        return builder
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(Scheme, "API key", _ => { })
            .AddPolicyScheme(CookieOrApiKeyScheme, "Sign-in cookie or API key", o => o.ForwardDefaultSelector =
                context => IsKeyRequest(context) ? Scheme : IdentityConstants.ApplicationScheme);
    }

    /// <summary>An API request that carries a key: the key, not the cookie, speaks for it.</summary>
    public static bool IsKeyRequest(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api") && context.Request.Headers.ContainsKey(Header);

    /// <summary>
    /// The tenant of a request that carries a key: the key's own. Answers the request itself and returns
    /// null when its address sent too many unusable keys lately and this key never worked from it before (429,
    /// <see cref="Platform.Web.Api.InvalidApiKeyThrottle"/>, which a known-good key passes so that one guesser behind
    /// a shared address does not shut out the clients working there),
    /// when the key is unusable (401 <c>auth.invalid_api_key</c>), when the address names another
    /// tenant (401 <c>auth.unauthorized</c>, without saying whose key it is), when the key's tenant is
    /// suspended (403) or when its plan lacks API access (403 <c>feature.not_in_plan</c>).
    /// </summary>
    public static async Task<TenantInfo?> ResolveTenantAsync(HttpContext context, TenantCatalog catalog, TenantInfo? addressTenant, bool addressNamesTenant)
    {
        var ct = context.RequestAborted;
        var throttle = context.RequestServices.GetRequiredService<Platform.Web.Api.InvalidApiKeyThrottle>();
        var secret = context.Request.Headers[Header].ToString();
        var keyHash = ApiKeys.Hash(secret);
        using (var refusal = throttle.Refusal(context, keyHash))
        {
            if (refusal is not null)
            {
                await Platform.Web.Api.RateLimits.TooManyAsync(context, refusal);
                return null;
            }
        }

        var keys = context.RequestServices.GetRequiredService<ApiKeys>();
        var holder = await keys.FindAcrossTenantsForAuthenticationAsync(secret, ct);
        var tenant = holder is null ? null : await catalog.FindByIdAsync(holder.TenantId, ct);
        if (holder is null || tenant is null)
        {
            throttle.Failed(context);
            await ProblemAsync(context, StatusCodes.Status401Unauthorized, ErrorCodes.InvalidApiKey,
                "The API key is unknown, revoked or expired.", "Send a valid key in the X-Api-Key header.");
            return null;
        }

        throttle.Succeeded(context, keyHash);
        if (addressNamesTenant && addressTenant?.Id != tenant.Id)
        {
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ApiKeyAuthentication))
                .LogWarning("API key {ApiKeyId} of tenant {KeyTenantId} was sent to the address of tenant {AddressTenantId}", holder.KeyId, tenant.Id, addressTenant?.Id);
            await ProblemAsync(context, StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, "The API key is not valid at this address.", null);
            return null;
        }

        if (!tenant.IsActive)
        {
            await ProblemAsync(context, StatusCodes.Status403Forbidden, ErrorCodes.TenantSuspended, "This tenant is suspended.", null);
            return null;
        }

        if (!PlatformFeatures.IsEnabled(tenant, PlatformFeatures.ApiAccess))
        {
            await Platform.Web.Api.FeatureGate.NotInPlan(PlatformFeatures.ApiAccess).ExecuteAsync(context);
            return null;
        }

        context.Features.Set(holder);
        return tenant;
    }

    /// <summary>Lets an API key with <paramref name="scope"/> call the endpoint, besides the users its policy admits.</summary>
    public static TBuilder RequireApiKeyScope<TBuilder>(this TBuilder builder, string scope)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new ApiKeyScope(scope));

    public static bool IsApiKey(ClaimsPrincipal user) => user.HasClaim(c => c.Type == KeyIdClaim);

    private static Task ProblemAsync(HttpContext context, int status, string code, string title, string? detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail, extensions: new Dictionary<string, object?> { ["code"] = code })
            .ExecuteAsync(context);
}

/// <summary>Endpoint metadata: the scope an API key needs to call the endpoint.</summary>
public sealed record ApiKeyScope(string Scope);

/// <summary>Turns the key that tenant resolution found into the request's principal: tenant, name, key id, scopes.</summary>
internal sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Context.Features.Get<ApiKeyHolder>() is not { } key)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var claims = new List<Claim>
        {
            new(PlatformClaims.TenantId, key.TenantId.ToString("D", CultureInfo.InvariantCulture)),
            new(ApiKeyAuthentication.KeyIdClaim, key.KeyId.ToString("D", CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, key.Name),
        };
        claims.AddRange(key.Scopes.Select(s => new Claim(ApiKeyAuthentication.ScopeClaim, s)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name)));
    }
}

/// <summary>
/// Endpoints keep their role policies for signed-in users; an API key of the current tenant meets a
/// tenant-member requirement instead when the endpoint names scopes (<see cref="ApiKeyScope"/>) and the key holds them all.
/// An endpoint that names no scope is for signed-in users only.
/// </summary>
internal sealed class ApiKeyScopeHandler(ITenantContext tenantContext) : AuthorizationHandler<TenantMemberRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, TenantMemberRequirement requirement)
    {
        if (!ApiKeyAuthentication.IsApiKey(context.User)
            || tenantContext.TenantId is not { } tenantId
            || context.User.FindFirstValue(PlatformClaims.TenantId) != tenantId.ToString("D", CultureInfo.InvariantCulture)
            || context.Resource is not HttpContext http)
        {
            return Task.CompletedTask;
        }

        var needed = http.GetEndpoint()?.Metadata.GetOrderedMetadata<ApiKeyScope>() ?? [];
        if (needed.Count > 0 && needed.All(s => context.User.HasClaim(ApiKeyAuthentication.ScopeClaim, s.Scope)))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
