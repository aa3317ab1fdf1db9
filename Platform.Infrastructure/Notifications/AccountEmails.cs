using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Core.Email;
using Platform.Core.Notifications;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Email;

namespace Platform.Infrastructure.Notifications;

/// <summary>
/// The transactional e-mails of accounts (confirm an address, reset a password, "you have an account already") and staff
/// invitations: the tenant's Liquid template of the kind (<see cref="NotificationKinds.AccountConfirmEmail"/>...), framed in its
/// branding like every notification e-mail. Sent at once, during the request that asks for it, as before: the person is
/// waiting for it on the next page. On the platform's own address (no tenant) the defaults in the platform's name apply.
/// </summary>
public sealed class AccountEmails(
    IDbContextFactory<PlatformDbContext> contexts,
    NotificationTemplates templates,
    IEmailSender sender,
    ITenantContext tenantContext,
    IOptions<EmailOptions> options)
{
    /// <summary>The platform's own look, for e-mails sent where there is no tenant.</summary>
    private const string PlatformColor = "#37474F";

    /// <summary>Renders <paramref name="kind"/> for one recipient (the values beside <c>recipient_name</c> and <c>tenant_name</c>) and sends it.</summary>
    public async Task SendAsync(string kind, string to, string recipientName, IReadOnlyDictionary<string, string> values, CancellationToken ct = default)
    {
        var tenant = tenantContext.Tenant;
        EmailBranding branding;
        if (tenant is null)
        {
            branding = new EmailBranding(options.Value.FromName, PlatformColor, null);
        }
        else
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            branding = await EmailBranding.ForAsync(tenant, db, ct);
        }

        var all = new Dictionary<string, string>(values)
        {
            ["recipient_name"] = string.IsNullOrWhiteSpace(recipientName) ? to : recipientName,
            ["tenant_name"] = branding.TenantName,
        };
        var mail = await templates.RenderAsync(kind, NotificationChannels.Email, all, branding, ct);
        await sender.SendAsync(new EmailMessage(to, mail.Subject, mail.Html!, mail.Text) { FromName = branding.TenantName }, ct);
    }
}
