using Microsoft.AspNetCore.Components;
using MudBlazor;
using Platform.Core.Errors;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Identity;
using Platform.Web.Components.Shared;

namespace Platform.Web.Components.Pages.App.People;

public partial class InvitationList
{
    private IReadOnlyList<InvitationSummary>? _invitations;

    [Parameter]
    public EventCallback<int> CountChanged { get; set; }

    [Inject]
    private PeopleDirectory Directory { get; set; } = default!;

    [Inject]
    private StaffInvitations Invitations { get; set; } = default!;

    [Inject]
    private ITenantContext TenantContext { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    protected override Task OnInitializedAsync() => ReloadAsync();

    public async Task ReloadAsync()
    {
        _invitations = await Directory.OpenInvitationsAsync();
        await CountChanged.InvokeAsync(_invitations.Count);
        StateHasChanged();
    }

    private async Task RevokeAsync(InvitationSummary invitation)
    {
        if (!await ConfirmDialog.AskAsync(Dialogs, "Revoke invitation?",
                $"{invitation.DisplayName} ({invitation.Email}) will no longer be able to join with the link we sent. You can invite them again later.",
                "Revoke"))
        {
            return;
        }

        // The button is only shown to admins; the use case checks the actor again, the circuit does not trust that alone.
        var revoked = await Invitations.RevokeAsync(invitation.Id);
        if (revoked.Code == ErrorCodes.Forbidden)
        {
            Snackbar.Add("Only admins can revoke invitations.", Severity.Error);
            return;
        }

        Snackbar.Add(revoked.Succeeded
            ? $"The invitation for {invitation.DisplayName} is revoked."
            : "That invitation was already accepted, revoked or expired.", revoked.Succeeded ? Severity.Success : Severity.Warning);
        await ReloadAsync();
    }

    private string LocalDate(DateTimeOffset instant) => TenantDates.Day(TenantContext.Tenant, instant);
}
