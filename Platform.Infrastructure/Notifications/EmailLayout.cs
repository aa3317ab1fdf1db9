using System.Net;
using Microsoft.EntityFrameworkCore;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Data;

namespace Platform.Infrastructure.Notifications;

/// <summary>What an e-mail shows of the tenant's brand: its name, primary colour and logo (embedded, so it shows without a request).</summary>
public sealed record EmailBranding(string TenantName, string PrimaryColor, string? LogoDataUri)
{
    /// <summary>The branding of the scope's tenant, the logo read from the database when it is a raster image.</summary>
    public static async Task<EmailBranding> ForAsync(TenantInfo tenant, PlatformDbContext db, CancellationToken ct)
    {
        var logo = tenant.Theme.LogoVersion is null
            ? null
            : await db.TenantLogos.AsNoTracking().Where(l => l.TenantId == tenant.Id).Select(l => new { l.ContentType, l.Content }).SingleOrDefaultAsync(ct);
        // Mail clients refuse SVG; a raster logo travels inline.
        var dataUri = logo is { ContentType: not "image/svg+xml" } ? $"data:{logo.ContentType};base64,{Convert.ToBase64String(logo.Content)}" : null;
        return new EmailBranding(tenant.Name, tenant.Theme.PrimaryColor, dataUri);
    }
}

/// <summary>The HTML frame around every e-mail the tenant sends: a header bar in the tenant's colour with its logo and name.</summary>
public static class EmailLayout
{
    /// <param name="chosen">Whether the reader chose to get this kind (a notification): the footer then says where to change that.</param>
    public static string Wrap(string subject, string innerHtml, EmailBranding branding, bool chosen = true)
    {
        var name = WebUtility.HtmlEncode(branding.TenantName);
        var color = TenantThemeColor(branding.PrimaryColor);
        var logo = branding.LogoDataUri is { } uri
            ? $"<img src=\"{uri}\" alt=\"{name}\" height=\"32\" style=\"vertical-align:middle;margin-right:12px;max-height:32px\">"
            : "";
        return $"""
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>{WebUtility.HtmlEncode(subject)}</title></head>
            <body style="margin:0;padding:0;background:#F7F8FA;font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;color:#1f2933">
            <table role="presentation" width="100%" cellspacing="0" cellpadding="0" style="background:#F7F8FA;padding:24px 0"><tr><td align="center">
            <table role="presentation" width="600" cellspacing="0" cellpadding="0" style="max-width:600px;width:100%;background:#ffffff;border-radius:8px;overflow:hidden">
            <tr><td style="background:{color};color:#ffffff;padding:16px 24px;font-size:18px;font-weight:600">{logo}{name}</td></tr>
            <tr><td style="padding:24px;font-size:15px;line-height:1.5">{innerHtml}</td></tr>
            <tr><td style="padding:12px 24px;font-size:12px;color:#6b7280;border-top:1px solid #e5e7eb">You receive this from {name}.{(chosen ? " Choose which messages you get in your notification settings." : "")}</td></tr>
            </table></td></tr></table></body></html>
            """;
    }

    /// <summary>Theme colours are validated "#RRGGBB" already; anything else falls back rather than reaching the markup.</summary>
    private static string TenantThemeColor(string color) =>
        color.Length == 7 && color[0] == '#' && color.Skip(1).All(Uri.IsHexDigit) ? color : "#37474F";
}
