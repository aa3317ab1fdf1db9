using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Platform.Core.Access;
using Platform.Core.Identity;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Access;
using Platform.Web.Security;

namespace Platform.Web.Access;

/// <summary>Turns a signed-in principal into the <see cref="Actor"/> use cases judge: one mapping for requests and circuits.</summary>
public static class ClaimsActors
{
    /// <summary>
    /// The actor of <paramref name="user"/> at the address of <paramref name="tenantId"/> (null: the host side). A principal
    /// of another tenant, or a host operator at a tenant's address, acts as nobody.
    /// </summary>
    public static Actor From(ClaimsPrincipal user, Guid? tenantId)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return Actor.Anonymous;
        }

        var claimedTenant = user.FindFirstValue(PlatformClaims.TenantId);
        if (tenantId is null)
        {
            return claimedTenant is null && user.IsInRole(PlatformRoles.HostAdmin) && UserId(user) is { } host ? Actor.HostOperator(host) : Actor.Anonymous;
        }

        if (claimedTenant != tenantId.Value.ToString("D"))
        {
            return Actor.Anonymous;
        }

        if (ApiKeyAuthentication.IsApiKey(user))
        {
            return Guid.TryParse(user.FindFirstValue(ApiKeyAuthentication.KeyIdClaim), out var keyId)
                ? Actor.Integration(keyId, user.FindAll(ApiKeyAuthentication.ScopeClaim).Select(c => c.Value))
                : Actor.Anonymous;
        }

        if (UserId(user) is not { } id)
        {
            return Actor.Anonymous;
        }

        return user.IsInRole(PlatformRoles.TenantAdmin) ? Actor.TenantAdmin(id)
            : user.IsInRole(PlatformRoles.Manager) ? Actor.Manager(id)
            : user.IsInRole(PlatformRoles.Staff) ? Actor.Staff(id)
            : user.IsInRole(PlatformRoles.Customer) ? Actor.Customer(id)
            : Actor.Anonymous;
    }

    private static Guid? UserId(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    /// <summary>Sets each request's actor from its authenticated principal; runs right after authentication.</summary>
    public static IApplicationBuilder UseRequestActor(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var tenant = context.RequestServices.GetRequiredService<ITenantContext>();
        context.RequestServices.GetRequiredService<ActorContext>().Set(From(context.User, tenant.TenantId));
        return next(context);
    });
}

/// <summary>A circuit's actor: its current sign-in state, in the circuit's tenant. A scope with no sign-in state acts as nobody.</summary>
internal sealed class CircuitActorSource(AuthenticationStateProvider authentication, ITenantContext tenant) : IActorSource
{
    public async ValueTask<Actor> ResolveAsync(CancellationToken ct = default)
    {
        try
        {
            return ClaimsActors.From((await authentication.GetAuthenticationStateAsync()).User, tenant.TenantId);
        }
        catch (InvalidOperationException)
        {
            // Neither a request nor a circuit set the state: nobody is signed in here.
            return Actor.Anonymous;
        }
    }
}
