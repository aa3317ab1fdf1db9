using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using MudBlazor;
using Platform.Core.Identity;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Identity;
using Platform.Infrastructure.Tenancy;

namespace Platform.Web.Components.Pages.App.People;

public partial class InviteStaffDialog
{
    private string _email = "";
    private string _name = "";
    private string _role = PlatformRoles.Staff;
    private bool _sending;
    private IReadOnlyDictionary<string, string[]> _errors = new Dictionary<string, string[]>();

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject]
    private TenantScopeFactory Scopes { get; set; } = default!;

    [Inject]
    private ITenantContext TenantContext { get; set; } = default!;

    [Inject]
    private IAuthorizationService Authorization { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    private bool HasError(string field) => _errors.ContainsKey(field);

    private string? ErrorOf(string field) => _errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    private static string RoleHelp(string role) => role switch
    {
        PlatformRoles.TenantAdmin => "Everything, including settings, plan and inviting people.",
        PlatformRoles.Manager => "Runs the business day to day and sees people, but cannot change settings.",
        _ => "Sees and runs their own calendar and bookings.",
    };

    private async Task SendAsync()
    {
        if (_sending)
        {
            return;
        }

        var user = (await AuthenticationState).User;
        if (!(await Authorization.AuthorizeAsync(user, PlatformPolicies.TenantAdmin)).Succeeded || TenantContext.TenantId is not { } tenantId)
        {
            _errors = new Dictionary<string, string[]> { ["Email"] = ["Only admins can invite staff."] };
            return;
        }

        _sending = true;
        try
        {
            // A scope of its own: the write gets a fresh DbContext, not the circuit's long-lived one.
            await using var scope = await Scopes.CreateAsync(tenantId);
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>();
            var invitations = scope.ServiceProvider.GetRequiredService<StaffInvitations>();
            var outcome = await invitations.InviteAsync(
                new InviteStaff(_email, _name, _role),
                Guid.Parse(users.GetUserId(user)!),
                Navigation.ToAbsoluteUri("Account/AcceptInvitation").AbsoluteUri);
            if (outcome is { Succeeded: true, Value: { } invitation })
            {
                Dialog.Close(DialogResult.Ok(InvitationSummary.From(invitation)));
                return;
            }

            _errors = outcome.Errors;
        }
        finally
        {
            _sending = false;
        }
    }
}
