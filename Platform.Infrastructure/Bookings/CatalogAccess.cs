using Platform.Core.Access;
using Platform.Infrastructure.Identity;

namespace Platform.Infrastructure.Bookings;

/// <summary>
/// Who may read and change the tenant's services and providers. Every member of staff reads them (an API key needs
/// the catalog:read scope); only managers, admins and the platform itself change them: no API key scope grants
/// catalog changes, and a provider's own hours are set by a manager, as the pages have always allowed.
/// </summary>
public static class CatalogAccess
{
    public const string Field = "Catalog";

    public static bool MayRead(Actor actor) => actor.IsTenantStaff && actor.Holds(ApiKeyScopes.CatalogRead);

    public static bool MayChange(Actor actor) => actor.ManagesTenant && actor.Role != ActorRole.Integration;

    public const string ReadRefused = "Only the business's staff can see its services and providers.";

    public const string ChangeRefused = "Only managers can change services and providers.";
}
