namespace Platform.Core.Tenancy;

/// <summary>
/// An entity that belongs to exactly one tenant. The data layer filters every query by the
/// current tenant, stamps the id on insert and refuses a write whose tenant differs.
/// </summary>
public interface ITenantOwned
{
    Guid TenantId { get; }
}
