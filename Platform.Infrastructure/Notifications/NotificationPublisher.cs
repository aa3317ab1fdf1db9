using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Platform.Core.Access;
using Platform.Core.Common;
using Platform.Core.Errors;
using Platform.Core.Identity;
using Platform.Core.Notifications;
using Platform.Core.Push;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Access;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Events;
using Platform.Infrastructure.Realtime;

namespace Platform.Infrastructure.Notifications;

/// <summary>
/// Publishes a notification in the current tenant: expands the audience to the tenant's users (through
/// tenant-filtered queries), stores one notification per person who wants it in-app, sends it live to
/// their open circuits, and hands e-mails and SMS from the tenant's templates to the delivery.
/// The tenant is the scope's, never a parameter: a notification for another tenant's user cannot be made.
/// Published by an outbox handler, each notification carries a key of that handler's run for its event
/// (<see cref="OutboxHandling.KeyFor"/>): run again after a crash, the handler finds what it stored and stores nothing twice,
/// and its e-mails and SMS carry keys the sending handler has seen.
/// </summary>
public sealed class NotificationPublisher(
    IDbContextFactory<PlatformDbContext> contexts,
    ITenantContext tenantContext,
    ICurrentActor actors,
    INotificationBus bus,
    NotificationTemplates templates,
    INotificationDelivery delivery,
    IWebPushSender push,
    OutboxHandling handling,
    TenantAddresses addresses,
    TimeProvider clock,
    ILogger<NotificationPublisher> logger)
{
    private static readonly string[] StaffRoles = [PlatformRoles.TenantAdmin, PlatformRoles.Manager, PlatformRoles.Staff];

    public async Task<Outcome<PublishResult>> PublishAsync(NotificationRequest request, CancellationToken ct = default)
    {
        var tenant = tenantContext.Tenant ?? throw new InvalidOperationException("Notifications belong to a tenant; this scope works for none.");
        if (request.Kind == NotificationKinds.Announcement && !(await actors.GetAsync(ct)).ManagesTenant)
        {
            // Announcements speak for the business: its managers and admins (and the platform) only.
            return Refusals.Forbidden<PublishResult>("Only the tenant's managers and admins send announcements.");
        }

        var errors = Validate(request);
        if (errors.Count > 0)
        {
            return Outcome<PublishResult>.Fail(errors);
        }

        var kind = NotificationKinds.Find(request.Kind)!;
        await using var db = await contexts.CreateDbContextAsync(ct);
        var recipients = await RecipientsAsync(db, request.Audience, ct);
        var found = recipients.Count;
        recipients.RemoveAll(r => request.Except.Contains(r.Id));
        if (found == 0 && request.Audience is NotificationAudience.User)
        {
            // Another tenant's user is not visible through the tenant filter: it is simply not found.
            return Outcome<PublishResult>.Fail(ErrorCodes.NotFound, "UserId", "There is no such person here.");
        }

        var channels = (await NotificationPreferences.ForRecipientsAsync(db, kind, [.. recipients.Select(r => r.Id)], ct))
            .ToDictionary(c => c.Key, c => NotificationKinds.Normalize(c.Value & ~request.Without));
        var now = clock.GetUtcNow();
        var source = handling.KeyFor($"notify:{kind.Kind}");
        var told = source is null
            ? []
            : (await db.Set<Notification>().AsNoTracking().Where(n => n.SourceKey == source).Select(n => n.UserId).ToListAsync(ct)).ToHashSet();
        var stored = recipients
            .Where(r => channels[r.Id].HasFlag(NotificationChannels.InApp) && !told.Contains(r.Id))
            .Select(r => new Notification
            {
                TenantId = tenant.Id,
                UserId = r.Id,
                Kind = kind.Kind,
                Title = request.Title.Trim(),
                Body = request.Body.Trim(),
                Link = string.IsNullOrWhiteSpace(request.Link) ? null : request.Link.Trim(),
                CreatedAt = now,
                SourceKey = source,
            })
            .ToList();
        db.AddRange(stored);
        // The pushes are queued in the same save as their notifications: both are there, or neither.
        var pushed = await QueuePushAsync(db, stored.Where(n => channels[n.UserId].HasFlag(NotificationChannels.Browser)).ToList(), now, ct);
        await db.SaveChangesAsync(ct);

        await bus.PublishAsync([.. stored.Select(n => new NotificationSignal(n.TenantId, n.UserId, NotificationItem.From(n), channels[n.UserId].HasFlag(NotificationChannels.Browser)))], ct);
        var queued = await DeliverAsync(db, tenant, kind, request, recipients, channels, ct);
        logger.LogInformation("Notification {Kind} published in tenant {TenantId} to {Recipients} people ({Stored} in-app, {Queued} messages, {Pushed} pushes)",
            kind.Kind, tenant.Id, recipients.Count, stored.Count, queued, pushed);
        return Outcome<PublishResult>.Ok(new PublishResult(recipients.Count, stored.Count, queued));
    }

    private static Dictionary<string, string[]> Validate(NotificationRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (NotificationKinds.Find(request.Kind) is null)
        {
            errors["Kind"] = ["There is no such kind of notification."];
        }

        if (string.IsNullOrWhiteSpace(request.Title))
        {
            errors["Title"] = ["A notification needs a title."];
        }
        else if (request.Title.Trim().Length > Notification.MaxTitleLength)
        {
            errors["Title"] = [$"The title must be at most {Notification.MaxTitleLength} characters."];
        }

        if ((request.Body ?? "").Trim().Length > Notification.MaxBodyLength)
        {
            errors["Body"] = [$"The message must be at most {Notification.MaxBodyLength} characters."];
        }

        if (request.Link is { Length: > 0 } link
            && (link.Length > Notification.MaxLinkLength || link.Contains(':', StringComparison.Ordinal) || link.StartsWith('/') || link.StartsWith('\\')))
        {
            // Relative to the tenant's address only: a notification never leads off-site.
            errors["Link"] = ["The link must be a path inside this site, such as app/calendar."];
        }

        if (request.Audience is NotificationAudience.Role { Name: var role } && (role == PlatformRoles.HostAdmin || !PlatformRoles.All.Contains(role)))
        {
            errors["Role"] = ["The role must be TenantAdmin, Manager, Staff or Customer."];
        }

        return errors;
    }

    private sealed record Recipient(Guid Id, string Name, string? Email, string? Phone);

    /// <summary>Users are tenant-filtered; role memberships are reached only through them.</summary>
    private static async Task<List<Recipient>> RecipientsAsync(PlatformDbContext db, NotificationAudience audience, CancellationToken ct)
    {
        var users = db.Users.AsNoTracking();
        IQueryable<Identity.PlatformUser> chosen = audience switch
        {
            NotificationAudience.User one => users.Where(u => u.Id == one.UserId),
            NotificationAudience.Role role => users.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id
                && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == role.Name))),
            NotificationAudience.Staff => users.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id
                && db.Roles.Any(r => r.Id == ur.RoleId && StaffRoles.Contains(r.Name!)))),
            NotificationAudience.Tenant => users,
            _ => throw new ArgumentOutOfRangeException(nameof(audience)),
        };
        // A customer's phone is the one on their customer record (set on /my/notifications), else their account's.
        return await chosen.Select(u => new Recipient(u.Id, u.DisplayName, u.Email,
            db.Customers.Where(c => c.UserId == u.Id && c.Phone != null && c.Phone != "").Select(c => c.Phone).FirstOrDefault() ?? u.PhoneNumber)).ToListAsync(ct);
    }

    /// <summary>Adds a Web Push of each notification to every browser its person turned push on in, for the caller's save.</summary>
    private async Task<int> QueuePushAsync(PlatformDbContext db, List<Notification> notifications, DateTimeOffset now, CancellationToken ct)
    {
        if (notifications.Count == 0 || push.PublicKey is null)
        {
            return 0;
        }

        var userIds = notifications.Select(n => n.UserId).Distinct().ToList();
        var browsers = await db.Set<BrowserPushSubscription>().AsNoTracking()
            .Where(s => userIds.Contains(s.UserId))
            .Select(s => new { s.Id, s.UserId })
            .ToListAsync(ct);
        var rows = (from n in notifications
                    join b in browsers on n.UserId equals b.UserId
                    select Outbox.Row(new SendBrowserPush(n.TenantId, b.Id, n.Id), now)).ToList();
        db.OutboxMessages.AddRange(rows);
        return rows.Count;
    }

    private async Task<int> DeliverAsync(
        PlatformDbContext db, TenantInfo tenant, NotificationKindInfo kind, NotificationRequest request,
        List<Recipient> recipients, Dictionary<Guid, NotificationChannels> channels, CancellationToken ct)
    {
        var outgoing = recipients.Where(r => (channels[r.Id] & (NotificationChannels.Email | NotificationChannels.Sms)) != 0).ToList();
        if (outgoing.Count == 0)
        {
            return 0;
        }

        var branding = await EmailBranding.ForAsync(tenant, db, ct);
        // The notification's link, absolute on the tenant's own address, is the e-mail's "url" unless the values bring their own.
        var url = string.IsNullOrWhiteSpace(request.Link) || request.Values.ContainsKey("url")
            ? null
            : new Uri(await addresses.RootAsync(ct), request.Link.Trim()).AbsoluteUri;
        var queued = 0;
        foreach (var recipient in outgoing)
        {
            var values = new Dictionary<string, string>(request.Values)
            {
                ["recipient_name"] = recipient.Name,
                ["tenant_name"] = tenant.Name,
                ["title"] = request.Title.Trim(),
                ["body"] = request.Body.Trim(),
            };
            if (url is not null)
            {
                values["url"] = url;
            }

            if (channels[recipient.Id].HasFlag(NotificationChannels.Email) && !string.IsNullOrWhiteSpace(recipient.Email))
            {
                var mail = await templates.RenderAsync(kind.Kind, NotificationChannels.Email, values, branding, ct);
                await delivery.DeliverAsync(new OutgoingMessage(tenant.Id, NotificationChannels.Email, recipient.Email, tenant.Name, mail.Subject, mail.Text, mail.Html), ct);
                queued++;
            }

            if (channels[recipient.Id].HasFlag(NotificationChannels.Sms) && !string.IsNullOrWhiteSpace(recipient.Phone))
            {
                var sms = await templates.RenderAsync(kind.Kind, NotificationChannels.Sms, values, branding, ct);
                await delivery.DeliverAsync(new OutgoingMessage(tenant.Id, NotificationChannels.Sms, recipient.Phone, tenant.Name, "", sms.Text, null), ct);
                queued++;
            }
        }

        return queued;
    }
}
