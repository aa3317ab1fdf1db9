using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Platform.Core.Identity;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Identity;
using Platform.Infrastructure.Tenancy;
using Platform.Web.Components.Shared;

namespace Platform.Web.Components.Pages.App.People;

public partial class InvitationList
{
    private IReadOnlyList<InvitationSummary>? _invitations;

    [Parameter]
    public EventCallback<int> CountChanged { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject]
    private PeopleDirectory Directory { get; set; } = default!;

    [Inject]
    private TenantScopeFactory Scopes { get; set; } = default!;

    [Inject]
    private ITenantContext TenantContext { get; set; } = default!;

    [Inject]
    private IAuthorizationService Authorization { get; set; } = default!;

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

        // Checked again here: the button is only shown to admins, the circuit must not trust that alone.
        var user = (await AuthenticationState).User;
        if (!(await Authorization.AuthorizeAsync(user, PlatformPolicies.TenantAdmin)).Succeeded || TenantContext.TenantId is not { } tenantId)
        {
            Snackbar.Add("Only admins can revoke invitations.", Severity.Error);
            return;
        }

        // A scope of its own: the write gets a fresh DbContext, not the circuit's long-lived one.
        await using var scope = await Scopes.CreateAsync(tenantId);
        var revoked = await scope.ServiceProvider.GetRequiredService<StaffInvitations>().RevokeAsync(invitation.Id);
        Snackbar.Add(revoked
            ? $"The invitation for {invitation.DisplayName} is revoked."
            : "That invitation was already accepted, revoked or expired.", revoked ? Severity.Success : Severity.Warning);
        await ReloadAsync();
    }

    private string LocalDate(DateTimeOffset instant) => TenantDates.Day(TenantContext.Tenant, instant);
}
