using Microsoft.AspNetCore.Components;
using MudBlazor;
using Platform.Core.Identity;
using Platform.Infrastructure.Identity;

namespace Platform.Web.Components.Pages.App.People;

public partial class People
{
    private const int InvitationsTab = 2;

    private static readonly IReadOnlyList<string> CustomerRoles = [PlatformRoles.Customer];

    private int _tab;
    private int _openInvitations;
    private InvitationList? _invitations;

    [Inject]
    private PeopleDirectory Directory { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    protected override async Task OnInitializedAsync() => _openInvitations = (await Directory.OpenInvitationsAsync()).Count;

    private async Task InviteAsync()
    {
        var dialog = await Dialogs.ShowAsync<InviteStaffDialog>("Invite staff",
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseButton = true, BackdropClick = false });
        if (await dialog.Result is not { Canceled: false, Data: InvitationSummary invitation })
        {
            return;
        }

        Snackbar.Add($"Invitation sent to {invitation.Email}.", Severity.Success);
        _openInvitations = (await Directory.OpenInvitationsAsync()).Count;
        _tab = InvitationsTab;
        if (_invitations is not null)
        {
            await _invitations.ReloadAsync();
        }
    }
}
