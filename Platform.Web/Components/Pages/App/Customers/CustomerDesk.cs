using Platform.Core.Bookings;
using Platform.Core.Common;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Tenancy;

namespace Platform.Web.Components.Pages.App.Customers;

/// <summary>What the customers page reads and writes, each call in a scope of its own.</summary>
public sealed class CustomerDesk(TenantScopeFactory scopes, ITenantContext tenantContext)
{
    private Guid TenantId => tenantContext.TenantId ?? throw new InvalidOperationException("Customers belong to a tenant.");

    public Task<CustomerSummaryPage> ListAsync(string? search, int page, int pageSize) =>
        InScopeAsync(d => d.SummariesAsync(search, page, pageSize, DateTimeOffset.UtcNow));

    public Task<Outcome<Customer>> SaveAsync(Guid? id, NewCustomer details) =>
        InScopeAsync(d => id is { } existing ? d.UpdateAsync(existing, details) : d.CreateAsync(details));

    private async Task<TResult> InScopeAsync<TResult>(Func<CustomerDirectory, Task<TResult>> work)
    {
        await using var scope = await scopes.CreateAsync(TenantId);
        return await work(scope.ServiceProvider.GetRequiredService<CustomerDirectory>());
    }
}
