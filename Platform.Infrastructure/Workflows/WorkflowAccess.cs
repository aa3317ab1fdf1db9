using Platform.Core.Access;
using Platform.Infrastructure.Identity;

namespace Platform.Infrastructure.Workflows;

/// <summary>
/// Who may see and change the tenant's workflows: managers and admins read them (an API key with workflows:read
/// too); only the tenant's admins (and the platform itself) create, edit, import and publish. Staff and customers
/// are refused.
/// </summary>
public static class WorkflowAccess
{
    public static bool MayRead(Actor actor) => actor.ManagesTenant && actor.Holds(ApiKeyScopes.WorkflowsRead);

    public static bool MayChange(Actor actor) => actor.IsTenantAdmin;

    public const string ReadRefused = "Only the business's managers and admins can see its workflows.";

    public const string ChangeRefused = "Only the business's admins can change and publish workflows.";
}
