using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Core.Common;
using Platform.Core.Errors;
using Platform.Core.Identity;
using Platform.Core.Notifications;
using Platform.Infrastructure.Notifications;
using Platform.Web.Security;

namespace Platform.Web.Api.V1;

/// <summary>
/// The signed-in person's notifications (the bell and the page over HTTP), a manager's announcements and
/// an admin's templates. Everything runs in the request's tenant and for the signed-in person only.
/// </summary>
public static class NotificationEndpoints
{
    /// <summary>Anyone signed in to this tenant: staff and customers both get notifications.</summary>
    private static readonly AuthorizationPolicy Member = new AuthorizationPolicyBuilder()
        .RequireAuthenticatedUser()
        .AddRequirements(new TenantMemberRequirement(PlatformRoles.TenantAdmin, PlatformRoles.Manager, PlatformRoles.Staff, PlatformRoles.Customer))
        .Build();

    public static void Map(RouteGroupBuilder v1)
    {
        var notifications = v1.MapGroup("/notifications").WithTags("Notifications");
        notifications.MapGet("", ListAsync)
            .RequireAuthorization(Member)
            .WithSummary("Lists the signed-in person's notifications, newest first, with the number unread.");
        notifications.MapPost("/{id:guid}/read", MarkReadAsync)
            .RequireAuthorization(Member)
            .WithSummary("Marks one of the signed-in person's notifications read; anyone else's id answers 404.");
        notifications.MapPost("/read-all", MarkAllReadAsync)
            .RequireAuthorization(Member)
            .WithSummary("Marks every unread notification of the signed-in person read.");
        notifications.MapPost("/announcements", AnnounceAsync)
            .RequireAuthorization(PlatformPolicies.TenantManager)
            .WithSummary("Sends an announcement to one person, a role, the staff or everyone of the tenant.");

        var templates = v1.MapGroup("/notification-templates").WithTags("Notifications");
        templates.MapGet("/{kind}/{channel}", GetTemplateAsync)
            .RequireAuthorization(PlatformPolicies.TenantAdmin)
            .WithSummary("The tenant's e-mail or SMS template for a kind (its own or the default).");
        templates.MapPut("/{kind}/{channel}", SaveTemplateAsync)
            .RequireAuthorization(PlatformPolicies.TenantAdmin)
            .WithSummary("Saves the tenant's template; Liquid syntax errors are refused with their line.");
    }

    /// <summary>To whom: <c>userId</c>, or <c>role</c>, or <c>audience</c> "staff" / "everyone".</summary>
    public sealed record AnnouncementRequest(string? Title, string? Body, Guid? UserId, string? Role, string? Audience);

    public sealed record TemplateRequest(string? Subject, string? Body);

    public sealed record MarkedRead(int Marked);

    /// <summary>A notification as /api/v1/notifications shows it; the v1 contract, apart from the internal record.</summary>
    public sealed record NotificationDto(Guid Id, string Kind, string Title, string Body, string? Link, DateTimeOffset CreatedAt, bool IsRead)
    {
        public static NotificationDto From(NotificationItem n) => new(n.Id, n.Kind, n.Title, n.Body, n.Link, n.CreatedAt, n.IsRead);
    }

    public sealed record NotificationPageDto(IReadOnlyList<NotificationDto> Items, int Total, int Unread);

    public sealed record PublishResultDto(int Recipients, int Stored, int MessagesQueued);

    public sealed record TemplateDto(string Kind, NotificationChannels Channel, string Subject, string Body, bool IsCustom)
    {
        public static TemplateDto From(NotificationTemplateView t) => new(t.Kind, t.Channel, t.Subject, t.Body, t.IsCustom);
    }

    private static async Task<Results<Ok<NotificationPageDto>, ValidationProblem>> ListAsync(
        INotificationInbox inbox, CancellationToken ct, int? page = null, int? pageSize = null, bool unreadOnly = false)
    {
        if (!PageRequest.TryCreate(page, pageSize, out var request, out var errors))
        {
            return ApiProblems.Invalid(errors);
        }

        var found = await inbox.PageAsync(request, unreadOnly, ct);
        var unread = await inbox.UnreadCountAsync(ct);
        return TypedResults.Ok(new NotificationPageDto([.. found.Items.Select(NotificationDto.From)], found.Total, unread));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> MarkReadAsync(Guid id, INotificationInbox inbox, CancellationToken ct) =>
        await inbox.MarkReadAsync(id, ct)
            ? TypedResults.NoContent()
            // Someone else's notification, in this tenant or another, is simply not there.
            : ApiProblems.NotFound("You have no notification with this id.");

    private static async Task<Ok<MarkedRead>> MarkAllReadAsync(INotificationInbox inbox, CancellationToken ct) =>
        TypedResults.Ok(new MarkedRead(await inbox.MarkAllReadAsync(ct)));

    private static async Task<Results<Ok<PublishResultDto>, ValidationProblem, ProblemHttpResult>> AnnounceAsync(
        AnnouncementRequest request, NotificationPublisher publisher, CancellationToken ct)
    {
        NotificationAudience? audience = (request.UserId, request.Role, request.Audience?.ToLowerInvariant()) switch
        {
            ({ } id, null, null) => new NotificationAudience.User(id),
            (null, { } role, null) => new NotificationAudience.Role(role),
            (null, null, "staff") => new NotificationAudience.Staff(),
            (null, null, "everyone") => new NotificationAudience.Tenant(),
            _ => null,
        };
        if (audience is null)
        {
            return ApiProblems.Invalid("audience", "Give exactly one of userId, role, or audience (\"staff\" or \"everyone\").");
        }

        var outcome = await publisher.PublishAsync(
            new NotificationRequest(NotificationKinds.Announcement, audience, request.Title ?? "", request.Body ?? "", "app/notifications"), ct);
        return outcome switch
        {
            { Succeeded: true, Value: { } result } => TypedResults.Ok(new PublishResultDto(result.Recipients, result.Stored, result.MessagesQueued)),
            { Code: null or ErrorCodes.ValidationFailed } => ApiProblems.Invalid(outcome.Errors),
            _ => ApiProblems.Of(outcome),
        };
    }

    private static async Task<Results<Ok<TemplateDto>, ProblemHttpResult>> GetTemplateAsync(
        string kind, string channel, NotificationTemplates templates, CancellationToken ct)
    {
        if (NotificationKinds.Find(kind) is null || ChannelOf(channel) is not { } parsed)
        {
            return ApiProblems.NotFound("There is no template for this kind and channel.");
        }

        return TypedResults.Ok(TemplateDto.From(await templates.GetAsync(kind, parsed, ct)));
    }

    private static async Task<Results<Ok<TemplateDto>, ValidationProblem, ProblemHttpResult>> SaveTemplateAsync(
        string kind, string channel, TemplateRequest request, NotificationTemplates templates, CancellationToken ct)
    {
        if (NotificationKinds.Find(kind) is null || ChannelOf(channel) is not { } parsed)
        {
            return ApiProblems.NotFound("There is no template for this kind and channel.");
        }

        var outcome = await templates.SaveAsync(kind, parsed, request.Subject, request.Body, ct);
        return outcome switch
        {
            { Succeeded: true, Value: { } saved } => TypedResults.Ok(TemplateDto.From(saved)),
            { Code: null or ErrorCodes.ValidationFailed } => ApiProblems.Invalid(outcome.Errors),
            _ => ApiProblems.Of(outcome),
        };
    }

    private static NotificationChannels? ChannelOf(string channel) => channel.ToLowerInvariant() switch
    {
        "email" => NotificationChannels.Email,
        "sms" => NotificationChannels.Sms,
        _ => null,
    };
}
