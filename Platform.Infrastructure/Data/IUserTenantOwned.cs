namespace Platform.Infrastructure.Data;

/// <summary>
/// A row that belongs to a user, and so to the user's tenant or (for host operators) to none. Filtered and
/// guarded like users: a scope sees and writes only rows of its own tenant, the host scope only host rows.
/// </summary>
public interface IUserTenantOwned
{
    Guid? TenantId { get; set; }
}

/// <summary>A row that may be inserted but never changed or deleted (an audit trail).</summary>
public interface IAppendOnly;
