using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Platform.Core.Identity;
using Platform.Core.Tenancy;

namespace Platform.Web.Security;

/// <summary>A signed-in user of the current tenant holding one of <see cref="Roles"/>.</summary>
public sealed record TenantMemberRequirement(params string[] Roles) : IAuthorizationRequirement;

/// <summary>A host operator, on the host side.</summary>
public sealed record HostOperatorRequirement : IAuthorizationRequirement;

public sealed class TenantMembershipHandler(ITenantContext tenantContext) : IAuthorizationHandler
{
    public Task HandleAsync(AuthorizationHandlerContext context)
    {
        foreach (var requirement in context.PendingRequirements.ToList())
        {
            switch (requirement)
            {
                case TenantMemberRequirement member when IsMemberOfCurrentTenant(context.User) && member.Roles.Any(context.User.IsInRole):
                    context.Succeed(requirement);
                    break;
                case HostOperatorRequirement when tenantContext.IsHost && context.User.FindFirst(PlatformClaims.TenantId) is null
                                                  && context.User.IsInRole(PlatformRoles.HostAdmin):
                    context.Succeed(requirement);
                    break;
            }
        }

        return Task.CompletedTask;
    }

    private bool IsMemberOfCurrentTenant(ClaimsPrincipal user) =>
        tenantContext.TenantId is { } tenantId && user.FindFirstValue(PlatformClaims.TenantId) == tenantId.ToString("D");
}

public static class AuthorizationSetup
{
    public static IServiceCollection AddPlatformAuthorization(this IServiceCollection services)
    {
        services.AddScoped<IAuthorizationHandler, TenantMembershipHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(PlatformPolicies.HostAdmin, p => p.RequireAuthenticatedUser().AddRequirements(new HostOperatorRequirement()))
            .AddPolicy(PlatformPolicies.TenantAdmin, p => p.RequireAuthenticatedUser()
                .AddRequirements(new TenantMemberRequirement(PlatformRoles.TenantAdmin)))
            .AddPolicy(PlatformPolicies.TenantManager, p => p.RequireAuthenticatedUser()
                .AddRequirements(new TenantMemberRequirement(PlatformRoles.TenantAdmin, PlatformRoles.Manager)))
            .AddPolicy(PlatformPolicies.TenantStaff, p => p.RequireAuthenticatedUser()
                .AddRequirements(new TenantMemberRequirement(PlatformRoles.TenantAdmin, PlatformRoles.Manager, PlatformRoles.Staff)))
            .AddPolicy(PlatformPolicies.Customer, p => p.RequireAuthenticatedUser()
                .AddRequirements(new TenantMemberRequirement(PlatformRoles.Customer)));
        return services;
    }
}
