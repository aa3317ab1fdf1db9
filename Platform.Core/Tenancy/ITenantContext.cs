namespace Platform.Core.Tenancy;

/// <summary>
/// The tenant the current request, circuit, job or event handler works for. Null on the host
/// (platform operator) side. Set once per scope; never read from HttpContext in components.
/// </summary>
public interface ITenantContext
{
    TenantInfo? Tenant { get; }

    Guid? TenantId => Tenant?.Id;

    bool IsHost => Tenant is null;

    /// <summary>Sets the tenant of this scope. Setting a different tenant a second time throws.</summary>
    void Set(TenantInfo? tenant);

    /// <summary>True once the scope's tenant (or host) has been decided.</summary>
    bool IsResolved { get; }
}

/// <summary>Thrown when code writes a row of one tenant while working for another.</summary>
public sealed class TenantMismatchException(string message) : InvalidOperationException(message);
