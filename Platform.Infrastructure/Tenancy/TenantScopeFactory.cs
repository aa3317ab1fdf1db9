using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Access;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Access;

namespace Platform.Infrastructure.Tenancy;

/// <summary>
/// Opens a DI scope that works for one tenant: how jobs, event handlers and host-side tools act on a
/// tenant's data. The scope's <see cref="ITenantContext"/> is set before anything else resolves, and its actor is
/// <see cref="Actor.System"/>: the platform at work, never a person. People act through their request or circuit.
/// </summary>
public sealed class TenantScopeFactory(IServiceScopeFactory scopes)
{
    public async Task<AsyncServiceScope> CreateAsync(Guid tenantId, CancellationToken ct = default)
    {
        var scope = scopes.CreateAsyncScope();
        try
        {
            var tenant = await scope.ServiceProvider.GetRequiredService<TenantCatalog>().FindByIdAsync(tenantId, ct)
                ?? throw new InvalidOperationException($"Tenant {tenantId} does not exist.");
            scope.ServiceProvider.GetRequiredService<ITenantContext>().Set(tenant);
            scope.ServiceProvider.GetRequiredService<ActorContext>().Set(Actor.System);
            return scope;
        }
        catch
        {
            await scope.DisposeAsync();
            throw;
        }
    }

    /// <summary>A scope for the host side (no tenant).</summary>
    public AsyncServiceScope CreateHost()
    {
        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ITenantContext>().Set(null);
        scope.ServiceProvider.GetRequiredService<ActorContext>().Set(Actor.System);
        return scope;
    }
}
