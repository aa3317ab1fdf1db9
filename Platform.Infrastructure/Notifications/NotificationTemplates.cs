using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Platform.Core.Access;
using Platform.Core.Common;
using Platform.Core.Notifications;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Access;
using Platform.Infrastructure.Data;

namespace Platform.Infrastructure.Notifications;

/// <summary>A template as the editor shows it: the tenant's own, or the shipped default.</summary>
public sealed record NotificationTemplateView(string Kind, NotificationChannels Channel, string Subject, string Body, bool IsCustom);

/// <summary>A rendered message: subject (e-mail only), plain text, and for e-mail the HTML in the tenant's layout.</summary>
public sealed record RenderedMessage(string Subject, string Text, string? Html);

/// <summary>
/// The current tenant's e-mail and SMS templates: defaults shipped in code, overrides stored per tenant.
/// A template that does not parse, or that goes beyond the render limits (<see cref="TemplateLimits"/>) with the sample
/// values, is refused when saved, with the reason (and the line, where there is one). Only the tenant's admins change
/// them; handlers render them as the platform.
/// </summary>
public sealed partial class NotificationTemplates(IDbContextFactory<PlatformDbContext> contexts, ITenantContext tenantContext, ICurrentActor actors, TimeProvider clock)
{
    private const string AdminsOnly = "Only the tenant's admins change its templates.";

    public static readonly IReadOnlyList<NotificationChannels> Channels = [NotificationChannels.Email, NotificationChannels.Sms];

    public async Task<NotificationTemplateView> GetAsync(string kind, NotificationChannels channel, CancellationToken ct = default)
    {
        // On the platform's own address there is no tenant, and so no tenant's own version: the default.
        await using var db = await contexts.CreateDbContextAsync(ct);
        var custom = tenantContext.TenantId is null
            ? null
            : await db.Set<NotificationTemplate>().AsNoTracking().SingleOrDefaultAsync(t => t.Kind == kind && t.Channel == channel, ct);
        if (custom is not null)
        {
            return new(kind, channel, custom.Subject, custom.Body, true);
        }

        var (subject, body) = DefaultTemplates.For(kind, channel);
        return new(kind, channel, subject, body, false);
    }

    /// <summary>Checks both parts parse, then stores the tenant's version. Nothing is stored when either fails.</summary>
    public async Task<Outcome<NotificationTemplateView>> SaveAsync(string kind, NotificationChannels channel, string? subject, string? body, CancellationToken ct = default)
    {
        var tenantId = tenantContext.TenantId ?? throw new InvalidOperationException("Templates belong to a tenant.");
        if (!(await actors.GetAsync(ct)).IsTenantAdmin)
        {
            return Refusals.Forbidden<NotificationTemplateView>(AdminsOnly);
        }

        var errors = Validate(kind, channel, subject ?? "", body ?? "");
        if (errors.Count > 0)
        {
            return Outcome<NotificationTemplateView>.Fail(errors);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var template = await db.Set<NotificationTemplate>().SingleOrDefaultAsync(t => t.Kind == kind && t.Channel == channel, ct);
        if (template is null)
        {
            template = new NotificationTemplate { TenantId = tenantId, Kind = kind, Channel = channel };
            db.Add(template);
        }

        template.Subject = channel == NotificationChannels.Sms ? "" : subject!.Trim();
        template.Body = body!;
        template.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return Outcome<NotificationTemplateView>.Ok(new(kind, channel, template.Subject, template.Body, true));
    }

    /// <summary>Drops the tenant's version: the default applies again.</summary>
    public async Task<Outcome<bool>> ResetAsync(string kind, NotificationChannels channel, CancellationToken ct = default)
    {
        if (!(await actors.GetAsync(ct)).IsTenantAdmin)
        {
            return Refusals.Forbidden<bool>(AdminsOnly);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        return Outcome<bool>.Ok(await db.Set<NotificationTemplate>().Where(t => t.Kind == kind && t.Channel == channel).ExecuteDeleteAsync(ct) > 0);
    }

    /// <summary>The current tenant's e-mail look (name, colours, logo), for the editor's preview.</summary>
    public async Task<EmailBranding> BrandingAsync(CancellationToken ct = default)
    {
        var tenant = tenantContext.Tenant ?? throw new InvalidOperationException("Templates belong to a tenant.");
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await EmailBranding.ForAsync(tenant, db, ct);
    }

    /// <summary>Renders unsaved text with sample values, for the editor's live preview.</summary>
    public Outcome<RenderedMessage> Preview(string kind, NotificationChannels channel, string subject, string body, EmailBranding branding)
    {
        var errors = Validate(kind, channel, subject, body);
        if (errors.Count > 0)
        {
            return Outcome<RenderedMessage>.Fail(errors);
        }

        var values = new Dictionary<string, string>(DefaultTemplates.SampleValuesFor(kind)) { ["tenant_name"] = branding.TenantName };
        return Outcome<RenderedMessage>.Ok(Render(kind, channel, subject, body, values, branding));
    }

    /// <summary>The message for one recipient, from the tenant's template or the default.</summary>
    /// <exception cref="TemplateLimitException">The template went beyond the render limits; the message names the template.</exception>
    public Task<RenderedMessage> RenderAsync(string kind, NotificationChannels channel, IReadOnlyDictionary<string, string> values, EmailBranding branding, CancellationToken ct = default) =>
        RenderAsync(kind, channel, values, branding, null, ct);

    /// <summary>
    /// The message for one recipient; <paramref name="chosen"/> says whether they chose to get it (the footer then says where
    /// to change that): a guest has no settings. Null: whether the kind has a preference.
    /// </summary>
    /// <exception cref="TemplateLimitException">The template went beyond the render limits; the message names the template.</exception>
    public async Task<RenderedMessage> RenderAsync(string kind, NotificationChannels channel, IReadOnlyDictionary<string, string> values, EmailBranding branding, bool? chosen, CancellationToken ct = default)
    {
        var template = await GetAsync(kind, channel, ct);
        try
        {
            return Render(kind, channel, template.Subject, template.Body, values, branding, chosen);
        }
        catch (TemplateLimitException e)
        {
            throw new TemplateLimitException($"The {(template.IsCustom ? "tenant's" : "default")} {channel} template of '{kind}' was stopped: {e.Message}");
        }
    }

    public static Dictionary<string, string[]> Validate(string kind, NotificationChannels channel, string subject, string body)
    {
        var errors = new Dictionary<string, string[]>();
        if (NotificationKinds.Find(kind) is null)
        {
            errors["Kind"] = ["Choose a kind of notification."];
        }

        if (!Channels.Contains(channel))
        {
            errors["Channel"] = ["Templates exist for e-mail and SMS."];
        }

        if (channel == NotificationChannels.Email)
        {
            if (string.IsNullOrWhiteSpace(subject))
            {
                errors["Subject"] = ["An e-mail needs a subject."];
            }
            else if (subject.Length > NotificationTemplate.MaxSubjectLength)
            {
                errors["Subject"] = [$"The subject must be at most {NotificationTemplate.MaxSubjectLength} characters."];
            }
            else if (Problem(kind, subject, html: false) is { } problem)
            {
                errors["Subject"] = [problem];
            }
        }

        if (string.IsNullOrWhiteSpace(body))
        {
            errors["Body"] = ["The message cannot be empty."];
        }
        else if (body.Length > NotificationTemplate.MaxBodyLength)
        {
            errors["Body"] = [$"The message must be at most {NotificationTemplate.MaxBodyLength} characters."];
        }
        else if (Problem(kind, body, html: channel == NotificationChannels.Email) is { } problem)
        {
            errors["Body"] = [problem];
        }

        return errors;
    }

    /// <summary>
    /// Why a template cannot be used: it does not parse, it loops over a literal range beyond the step limit, or rendered
    /// with the sample values it goes beyond a render limit. Null when it is fine.
    /// </summary>
    private static string? Problem(string kind, string source, bool html)
    {
        if (LiquidTemplates.Parse(source, out var error) is not { } template)
        {
            return error;
        }

        if (LiquidTemplates.FindOversizedRange(source, TemplateLimits.Default) is { } range)
        {
            return range;
        }

        try
        {
            LiquidTemplates.Render(template, DefaultTemplates.SampleValuesFor(kind), html);
            return null;
        }
        catch (TemplateLimitException e)
        {
            return $"Rendered with sample values, it goes beyond the limits: {e.Message}";
        }
    }

    private static RenderedMessage Render(string kind, NotificationChannels channel, string subject, string body, IReadOnlyDictionary<string, string> values, EmailBranding branding, bool? chosen = null)
    {
        var bodyTemplate = LiquidTemplates.Parse(body, out var error) ?? throw new InvalidOperationException(error);
        if (channel == NotificationChannels.Sms)
        {
            return new("", LiquidTemplates.Render(bodyTemplate, values, html: false).Trim(), null);
        }

        var subjectTemplate = LiquidTemplates.Parse(subject, out error) ?? throw new InvalidOperationException(error);
        var renderedSubject = WebUtility.HtmlDecode(LiquidTemplates.Render(subjectTemplate, values, html: false)).ReplaceLineEndings(" ").Trim();
        var inner = LiquidTemplates.Render(bodyTemplate, values, html: true);
        return new(renderedSubject, PlainText(inner), EmailLayout.Wrap(renderedSubject, inner, branding, chosen ?? NotificationKinds.Find(kind) is { HasPreference: true }));
    }

    /// <summary>
    /// The text part of an e-mail: the HTML without its tags, a paragraph a line, each link as "its text: its address" (the
    /// address last and followed by a space or the line's end, so a mail client makes the whole of it a link).
    /// </summary>
    public static string PlainText(string html)
    {
        var withBreaks = BlockEnd().Replace(html, "\n");
        var links = Link().Replace(withBreaks, m => m.Groups["text"].Value.Trim() == m.Groups["href"].Value
            ? m.Groups["href"].Value
            : $"{m.Groups["text"].Value}: {m.Groups["href"].Value} ");
        var text = WebUtility.HtmlDecode(Tag().Replace(links, ""));
        return string.Join('\n', text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));
    }

    [GeneratedRegex("</p>|<br\\s*/?>|</h[1-6]>|</li>", RegexOptions.IgnoreCase)]
    private static partial Regex BlockEnd();

    [GeneratedRegex("<a[^>]*href=\"(?<href>[^\"]*)\"[^>]*>(?<text>.*?)</a>", RegexOptions.IgnoreCase)]
    private static partial Regex Link();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tag();
}
