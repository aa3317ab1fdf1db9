using System.Net;
using Microsoft.AspNetCore.Identity;
using Platform.Core.Email;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Identity;

namespace Platform.Web.Components.Account;

/// <summary>Identity's account e-mails (confirm, reset), sent in the name of the current tenant.</summary>
internal sealed class IdentityEmailSender(IEmailSender sender, ITenantContext tenantContext) : IEmailSender<PlatformUser>
{
    private string Brand => tenantContext.Tenant?.Name ?? "Platform";

    public Task SendConfirmationLinkAsync(PlatformUser user, string email, string confirmationLink) =>
        SendAsync(email, $"Confirm your e-mail for {Brand}",
            "Please confirm your account by following this link:", confirmationLink, "Confirm e-mail");

    public Task SendPasswordResetLinkAsync(PlatformUser user, string email, string resetLink) =>
        SendAsync(email, $"Reset your {Brand} password",
            "Someone asked to reset the password of your account. If it was you, follow this link; otherwise ignore this e-mail.", resetLink, "Reset password");

    public Task SendPasswordResetCodeAsync(PlatformUser user, string email, string resetCode) =>
        sender.SendAsync(new EmailMessage(email, $"Your {Brand} password reset code",
            $"<p>Your password reset code is <strong>{WebUtility.HtmlEncode(resetCode)}</strong>.</p>",
            $"Your password reset code is {resetCode}.")
        { FromName = Brand });

    private Task SendAsync(string email, string subject, string intro, string link, string action) =>
        sender.SendAsync(new EmailMessage(
            email,
            subject,
            $"<p>{WebUtility.HtmlEncode(intro)}</p><p><a href=\"{WebUtility.HtmlEncode(link)}\">{WebUtility.HtmlEncode(action)}</a></p><p>{WebUtility.HtmlEncode(Brand)}</p>",
            $"{intro}\n\n{link}\n\n{Brand}")
        { FromName = Brand });
}
