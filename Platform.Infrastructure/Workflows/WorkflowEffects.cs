using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Platform.Core.Common;
using Platform.Core.Events;
using Platform.Core.Notifications;
using Platform.Core.Tenancy;
using Platform.Core.Workflows;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Notifications;

namespace Platform.Infrastructure.Workflows;

/// <summary>
/// Carries out what workflow steps queued in the outbox, in the instance's tenant: e-mails and text messages from the
/// tenant's templates (in its branding) to the booking's customer or provider, in-app notices to a user or a role, and
/// the notices of approval tasks. The outbox retries a failure; what went out once is keyed so that it is not sent twice.
/// </summary>
public sealed class WorkflowEffects(
    PlatformDbContext db,
    WorkflowDefinitionCache definitions,
    NotificationPublisher publisher,
    NotificationTemplates templates,
    INotificationDelivery delivery,
    Bookings.BookingLinks links,
    TenantAddresses addresses,
    ITenantContext tenantContext,
    ILogger<WorkflowEffects> logger) :
    IMessageHandler<WorkflowStepEffect>,
    IMessageHandler<WorkflowTaskNotice>
{
    public async Task HandleAsync(WorkflowStepEffect message, CancellationToken ct)
    {
        var instance = await db.WorkflowInstances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == message.InstanceId, ct);
        if (instance is null)
        {
            return;
        }

        var definition = await definitions.GetAsync(db, instance.WorkflowId, instance.Version, ct);
        var step = definition.Steps.Single(s => s.Id == message.StepId);
        var data = WorkflowEngine.ReadData(instance.DataJson);
        switch (step.Type)
        {
            case WorkflowStepTypes.Notify:
                await PublishAsync(new NotificationRequest(NotificationKinds.WorkflowNotice, Audience(step.AssigneeUser, step.AssigneeRole), step.Title!, step.Message ?? "",
                    instance.BookingId is { } booking ? $"app/bookings?booking={booking:D}" : null)
                { Values = Values(data) }, ct);
                break;
            case WorkflowStepTypes.SendEmail or WorkflowStepTypes.SendSms:
                await SendAsync(instance, step, data, ct);
                break;
        }
    }

    public async Task HandleAsync(WorkflowTaskNotice message, CancellationToken ct)
    {
        var task = await db.WorkflowTasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == message.TaskId, ct);
        if (task is null || (!task.IsOpen && message.Kind != WorkflowTaskNoticeKind.SentBack))
        {
            return;
        }

        if (message.Kind == WorkflowTaskNoticeKind.Assigned && task.WorkflowId == WorkflowTriggers.BuiltInApprovalId(task.TenantId))
        {
            // The booking's own "waiting for approval" notification has told the managers already.
            return;
        }

        var (title, body) = message.Kind switch
        {
            WorkflowTaskNoticeKind.Reminder => ($"Reminder: {task.Title}", DueText(task)),
            WorkflowTaskNoticeKind.Escalated => ($"Escalated to you: {task.Title}", "Its deadline passed without a decision."),
            WorkflowTaskNoticeKind.Overdue => ($"Overdue: {task.Title}", "Its deadline passed without a decision."),
            WorkflowTaskNoticeKind.Delegated => ($"Handed to you: {task.Title}", DueText(task)),
            WorkflowTaskNoticeKind.SentBack => ($"Sent back to you: {task.Title}", task.Comment ?? ""),
            _ => ($"To approve: {task.Title}", DueText(task)),
        };
        var audience = message.Kind == WorkflowTaskNoticeKind.SentBack
            ? task.RequestedBy is { } requester ? new NotificationAudience.User(requester) : null
            : Audience(task.AssigneeUserId, task.AssigneeRole);
        if (audience is null)
        {
            return;
        }

        await PublishAsync(new NotificationRequest(NotificationKinds.WorkflowTask, audience, Clip(title, Notification.MaxTitleLength), body, $"app/approvals?task={task.Id:D}"), ct);
    }

    private async Task SendAsync(WorkflowInstance instance, WorkflowStep step, IReadOnlyDictionary<string, object?> data, CancellationToken ct)
    {
        var tenant = tenantContext.Tenant ?? throw new InvalidOperationException("Workflow messages belong to a tenant.");
        var channel = step.Type == WorkflowStepTypes.SendSms ? NotificationChannels.Sms : NotificationChannels.Email;
        var (name, address) = await RecipientAsync(step.To, data, channel, ct);
        if (string.IsNullOrWhiteSpace(address))
        {
            logger.LogWarning("Workflow instance {InstanceId} step {StepId}: the {To} has no {Channel} address; nothing sent", instance.Id, step.Id, step.To, channel);
            return;
        }

        var values = Values(data);
        values["title"] = step.Title ?? step.Name ?? "";
        values["body"] = step.Message ?? "";
        values["recipient_name"] = name ?? "";
        values["tenant_name"] = tenant.Name;
        if (channel == NotificationChannels.Email && step.To != "provider" && await ManageLinkAsync(data, ct) is { } link)
        {
            values["url"] = link;
        }

        var branding = await EmailBranding.ForAsync(tenant, db, ct);
        var rendered = await templates.RenderAsync(step.Template!, channel, values, branding, ct);
        await delivery.DeliverAsync(new OutgoingMessage(tenant.Id, channel, address, tenant.Name, channel == NotificationChannels.Email ? rendered.Subject : "", rendered.Text,
            channel == NotificationChannels.Email ? rendered.Html : null), ct);
    }

    /// <summary>The signed link with which the customer manages the booking the run is about, as the booking's own e-mails carry it.</summary>
    private async Task<string?> ManageLinkAsync(IReadOnlyDictionary<string, object?> data, CancellationToken ct)
    {
        if (!Guid.TryParse(data.GetValueOrDefault("booking.id") as string, out var bookingId)
            || await db.Bookings.AsNoTracking().FirstOrDefaultAsync(b => b.Id == bookingId, ct) is not { } booking)
        {
            return null;
        }

        return links.ManageUrl(await addresses.RootAsync(ct), booking);
    }

    /// <summary>The customer's address from their record; the provider's from their staff account.</summary>
    private async Task<(string? Name, string? Address)> RecipientAsync(string? to, IReadOnlyDictionary<string, object?> data, NotificationChannels channel, CancellationToken ct)
    {
        if (to == "provider")
        {
            if (!Guid.TryParse(data.GetValueOrDefault("booking.providerId") as string, out var providerId))
            {
                return (null, null);
            }

            var provider = await (from p in db.Providers.AsNoTracking().Where(p => p.Id == providerId)
                                  join u in db.Users on p.UserId equals u.Id
                                  select new { p.DisplayName, u.Email, u.PhoneNumber }).FirstOrDefaultAsync(ct);
            return (provider?.DisplayName, channel == NotificationChannels.Email ? provider?.Email : provider?.PhoneNumber);
        }

        return (data.GetValueOrDefault("customer.name") as string,
            (channel == NotificationChannels.Email ? data.GetValueOrDefault("customer.email") : data.GetValueOrDefault("customer.phone")) as string);
    }

    /// <summary>The trigger's data as template values: <c>booking.service</c> is <c>{{ booking_service }}</c>, and the short names the booking templates know.</summary>
    private Dictionary<string, string> Values(IReadOnlyDictionary<string, object?> data)
    {
        var culture = TenantCultures.Of(tenantContext.Tenant?.Culture);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(tenantContext.Tenant?.TimeZone ?? "UTC");
        string Text(object? value) => value switch
        {
            DateTimeOffset t => LocalText.LongDateTime(TimeZoneInfo.ConvertTime(t, zone).DateTime, culture),
            decimal d => d.ToString("N2", culture),
            _ => WorkflowValues.Text(value),
        };
        var values = data.ToDictionary(p => p.Key.Replace('.', '_'), p => Text(p.Value), StringComparer.Ordinal);
        values["service"] = Text(data.GetValueOrDefault("booking.service"));
        values["provider"] = Text(data.GetValueOrDefault("booking.provider"));
        values["customer"] = Text(data.GetValueOrDefault("booking.customer"));
        values["start"] = Text(data.GetValueOrDefault("booking.start"));
        return values;
    }

    private static NotificationAudience Audience(Guid? user, string? role) =>
        user is { } id ? new NotificationAudience.User(id) : new NotificationAudience.Role(role ?? Core.Identity.PlatformRoles.Manager);

    private string DueText(WorkflowTask task)
    {
        if (task.DueAt is not { } due)
        {
            return "";
        }

        var culture = TenantCultures.Of(tenantContext.Tenant?.Culture);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(tenantContext.Tenant?.TimeZone ?? "UTC");
        return $"Due {LocalText.LongDateTime(TimeZoneInfo.ConvertTime(due, zone).DateTime, culture)}.";
    }

    private async Task PublishAsync(NotificationRequest request, CancellationToken ct)
    {
        var outcome = await publisher.PublishAsync(request, ct);
        if (!outcome.Succeeded)
        {
            // Nobody to tell (a user who left, a role with no members) is not a reason to retry for ever.
            logger.LogWarning("Workflow notification {Kind} not published: {Errors}", request.Kind, string.Join("; ", outcome.Errors.SelectMany(x => x.Value)));
        }
    }

    private static string Clip(string text, int max) => text.Length > max ? text[..(max - 1)] + "…" : text;
}
