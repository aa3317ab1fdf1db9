using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Access;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Access;

namespace Platform.Infrastructure.Tenancy;

public static class TenancyServiceCollectionExtensions
{
    /// <summary>Tenancy: the scope's tenant and actor, the catalog of tenants, tenant scopes for background work, branding, domains and host administration.</summary>
    public static IServiceCollection AddTenancy(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TenancyOptions>().Bind(configuration.GetSection(TenancyOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<TenantContext>();
        services.AddScoped<ITenantContext>(sp => sp.GetRequiredService<TenantContext>());
        services.AddScoped<ActorContext>();
        services.AddScoped<ICurrentActor>(sp => sp.GetRequiredService<ActorContext>());
        services.AddScoped<TenantCatalog>();
        services.AddSingleton<TenantScopeFactory>();
        services.AddScoped<TenantLogos>();
        services.AddScoped<ITenantBranding, TenantBranding>();
        services.AddScoped<BusinessAddressSettings>();
        services.AddScoped<TenantDomains>();
        services.AddScoped<TenantAdministration>();
        return services;
    }
}
