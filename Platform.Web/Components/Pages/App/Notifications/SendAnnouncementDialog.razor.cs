using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Platform.Core.Identity;
using Platform.Core.Notifications;
using Platform.Infrastructure.Notifications;

namespace Platform.Web.Components.Pages.App.Notifications;

public partial class SendAnnouncementDialog
{
    private const string AllStaff = "staff";
    private const string Everyone = "everyone";

    private static readonly IReadOnlyList<(string Key, string Label)> Audiences =
    [
        (AllStaff, "Everyone on the team"),
        (PlatformRoles.TenantAdmin, "Admins"),
        (PlatformRoles.Manager, "Managers"),
        (PlatformRoles.Staff, "Staff"),
        (Everyone, "Everyone, customers too"),
    ];

    private string _audience = AllStaff;
    private string _title = "";
    private string _body = "";
    private bool _sending;
    private IReadOnlyDictionary<string, string[]> _errors = new Dictionary<string, string[]>();

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject]
    private NotificationPublisher Publisher { get; set; } = default!;

    [Inject]
    private IAuthorizationService Authorization { get; set; } = default!;

    private bool HasError(string field) => _errors.ContainsKey(field);

    private string? ErrorOf(string field) => _errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    private static NotificationAudience AudienceOf(string key) => key switch
    {
        AllStaff => new NotificationAudience.Staff(),
        Everyone => new NotificationAudience.Tenant(),
        _ => new NotificationAudience.Role(key),
    };

    private async Task SendAsync()
    {
        if (_sending)
        {
            return;
        }

        var user = (await AuthenticationState).User;
        if (!(await Authorization.AuthorizeAsync(user, PlatformPolicies.TenantManager)).Succeeded)
        {
            _errors = new Dictionary<string, string[]> { ["Title"] = ["Only managers and admins send announcements."] };
            return;
        }

        _sending = true;
        try
        {
            var outcome = await Publisher.PublishAsync(new NotificationRequest(NotificationKinds.Announcement, AudienceOf(_audience), _title, _body, "app/notifications"));
            if (outcome is { Succeeded: true, Value: { } result })
            {
                Dialog.Close(DialogResult.Ok(result));
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
