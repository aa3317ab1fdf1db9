using Microsoft.AspNetCore.Components;
using MudBlazor;
using Platform.Core.Errors;
using Platform.Core.Identity;
using Platform.Infrastructure.Identity;

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

    [Inject]
    private StaffInvitations Invitations { get; set; } = default!;

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

        _sending = true;
        try
        {
            // The use case decides who may invite, and opens its own short-lived DbContext.
            var outcome = await Invitations.InviteAsync(new InviteStaff(_email, _name, _role), Navigation.ToAbsoluteUri("Account/AcceptInvitation").AbsoluteUri);
            if (outcome is { Succeeded: true, Value: { } invitation })
            {
                Dialog.Close(DialogResult.Ok(InvitationSummary.From(invitation)));
                return;
            }

            _errors = outcome.Code == ErrorCodes.Forbidden ? new Dictionary<string, string[]> { ["Email"] = ["Only admins can invite staff."] } : outcome.Errors;
        }
        finally
        {
            _sending = false;
        }
    }
}
