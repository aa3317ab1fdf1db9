using Microsoft.AspNetCore.Identity;
using Platform.Core.Notifications;
using Platform.Infrastructure.Identity;
using Platform.Infrastructure.Notifications;

namespace Platform.Web.Components.Account;

/// <summary>Identity's account e-mails (confirm, reset): the tenant's templates in its branding (<see cref="AccountEmails"/>).</summary>
internal sealed class IdentityEmailSender(AccountEmails emails) : IEmailSender<PlatformUser>
{
    public Task SendConfirmationLinkAsync(PlatformUser user, string email, string confirmationLink) =>
        emails.SendAsync(NotificationKinds.AccountConfirmEmail, email, user.DisplayName, new Dictionary<string, string> { ["url"] = confirmationLink });

    public Task SendPasswordResetLinkAsync(PlatformUser user, string email, string resetLink) =>
        emails.SendAsync(NotificationKinds.AccountPasswordReset, email, user.DisplayName, new Dictionary<string, string> { ["url"] = resetLink });

    public Task SendPasswordResetCodeAsync(PlatformUser user, string email, string resetCode) =>
        emails.SendAsync(NotificationKinds.AccountPasswordReset, email, user.DisplayName, new Dictionary<string, string> { ["code"] = resetCode });
}
