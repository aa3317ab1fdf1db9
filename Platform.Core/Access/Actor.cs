namespace Platform.Core.Access;

/// <summary>What kind of actor is at work, from least to most trusted within a tenant.</summary>
public enum ActorRole
{
    /// <summary>Nobody signed in: a guest on the portal, or a request without credentials.</summary>
    Anonymous,

    /// <summary>A signed-in customer of the tenant.</summary>
    Customer,

    /// <summary>A member of staff who is a provider: their own calendar only.</summary>
    Staff,

    /// <summary>A manager: the whole team's calendar, approvals, services and providers.</summary>
    Manager,

    /// <summary>A tenant admin: everything a manager may, and the tenant's settings.</summary>
    TenantAdmin,

    /// <summary>The tenant's integration, speaking through an API key: what its scopes allow, with a manager's reach.</summary>
    Integration,

    /// <summary>A platform operator on the host side.</summary>
    HostOperator,

    /// <summary>The platform itself: a job, an event handler or a workflow step working for a tenant.</summary>
    System,
}

/// <summary>
/// Who is acting in the current request, circuit, job or event handler. Use cases ask this, never the page or
/// endpoint that calls them, what may be done. An API key is an <see cref="ActorRole.Integration"/> with its scopes
/// and its id in <see cref="KeyId"/>; a signed-in user carries their id in <see cref="UserId"/>.
/// </summary>
public sealed record Actor(ActorRole Role, Guid? UserId = null, Guid? KeyId = null)
{
    public static readonly Actor Anonymous = new(ActorRole.Anonymous);

    public static readonly Actor System = new(ActorRole.System);

    /// <summary>An API key's scopes; empty for everyone else.</summary>
    public IReadOnlySet<string> Scopes { get; init; } = new HashSet<string>();

    public static Actor Customer(Guid userId) => new(ActorRole.Customer, userId);

    public static Actor Staff(Guid userId) => new(ActorRole.Staff, userId);

    public static Actor Manager(Guid userId) => new(ActorRole.Manager, userId);

    public static Actor TenantAdmin(Guid userId) => new(ActorRole.TenantAdmin, userId);

    public static Actor Integration(Guid keyId, IEnumerable<string> scopes) => new(ActorRole.Integration, null, keyId) { Scopes = new HashSet<string>(scopes) };

    public static Actor HostOperator(Guid userId) => new(ActorRole.HostOperator, userId);

    /// <summary>Managers, admins, the tenant's integration and the platform itself reach every booking, customer and calendar of the tenant.</summary>
    public bool ManagesTenant => Role is ActorRole.Manager or ActorRole.TenantAdmin or ActorRole.Integration or ActorRole.System;

    /// <summary>Anyone who works for the tenant: staff, managers, admins, the integration and the platform.</summary>
    public bool IsTenantStaff => Role is ActorRole.Staff || ManagesTenant;

    public bool IsTenantAdmin => Role is ActorRole.TenantAdmin or ActorRole.System;

    public bool IsCustomer => Role == ActorRole.Customer;

    public bool IsAnonymous => Role == ActorRole.Anonymous;

    /// <summary>Whether an API key holds <paramref name="scope"/>; every other actor is judged by its role alone.</summary>
    public bool Holds(string scope) => Role != ActorRole.Integration || Scopes.Contains(scope);
}

/// <summary>The actor of the current scope: resolved once per request or circuit by the host, set to <see cref="Actor.System"/> for background work.</summary>
public interface ICurrentActor
{
    ValueTask<Actor> GetAsync(CancellationToken ct = default);
}
