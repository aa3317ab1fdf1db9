using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Common;
using Platform.Core.Notifications;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Identity;
using Platform.Infrastructure.Notifications;
using Platform.Tests.Support;

namespace Platform.Tests.Notifications;

/// <summary>Publishing and counting notifications in an app's own DI scopes, as the lead's event handler will.</summary>
internal static class NotificationTestData
{
    public static Task<Guid> UserIdAsync(this PlatformAppFactory app, string slug, string email) =>
        app.InTenantAsync(slug, async sp => (await sp.GetRequiredService<UserManager<PlatformUser>>().FindByEmailAsync(email))!.Id);

    public static Task<Outcome<PublishResult>> PublishAsync(this PlatformAppFactory app, string slug, NotificationRequest request) =>
        app.InTenantAsync(slug, sp => sp.GetRequiredService<NotificationPublisher>().PublishAsync(request));

    public static NotificationRequest Announcement(NotificationAudience audience, string title, string body = "") =>
        new(NotificationKinds.Announcement, audience, title, body, "app/notifications");

    /// <summary>Every stored notification of every tenant: the test looks past the tenant filter on purpose.</summary>
    public static Task<List<Notification>> AllNotificationsAsync(this PlatformAppFactory app) =>
        app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().Set<Notification>()
            .IgnoreQueryFilters([PlatformDbContext.TenantFilter]).AsNoTracking().ToListAsync());
}
