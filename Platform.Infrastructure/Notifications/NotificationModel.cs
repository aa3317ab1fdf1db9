using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Core.Notifications;
using Platform.Infrastructure.Identity;

namespace Platform.Infrastructure.Notifications;

// The EF Core mapping of notifications, preferences, browser subscriptions and templates, one configuration
// per entity, applied from the assembly by PlatformDbContext.

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> n)
    {
        n.ToTable("Notifications");
        n.Property(x => x.Kind).HasMaxLength(64);
        n.Property(x => x.Title).HasMaxLength(Notification.MaxTitleLength);
        n.Property(x => x.Body).HasMaxLength(Notification.MaxBodyLength);
        n.Property(x => x.Link).HasMaxLength(Notification.MaxLinkLength);
        n.HasOne<PlatformUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        // The bell and the page read a user's newest and unread notifications.
        n.HasIndex(x => new { x.TenantId, x.UserId, x.CreatedAt });
        n.HasIndex(x => new { x.TenantId, x.UserId, x.ReadAt });
        // A handler that runs again for the same event (at-least-once delivery) finds what it stored and adds nothing.
        n.Property(x => x.SourceKey).HasMaxLength(SentMessage.KeyLength);
        n.HasIndex(x => new { x.SourceKey, x.UserId }).IsUnique();
    }
}

internal sealed class SentMessageConfiguration : IEntityTypeConfiguration<SentMessage>
{
    public void Configure(EntityTypeBuilder<SentMessage> m)
    {
        m.ToTable("SentMessages");
        m.HasKey(x => x.Key);
        m.Property(x => x.Key).HasMaxLength(SentMessage.KeyLength);
        m.Property(x => x.Channel).HasMaxLength(16);
        m.HasIndex(x => x.SentAt);
    }
}

internal sealed class NotificationPreferenceConfiguration : IEntityTypeConfiguration<NotificationPreference>
{
    public void Configure(EntityTypeBuilder<NotificationPreference> p)
    {
        p.ToTable("NotificationPreferences");
        p.HasKey(x => new { x.TenantId, x.UserId, x.Kind });
        p.Property(x => x.Kind).HasMaxLength(64);
        p.HasOne<PlatformUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class BrowserPushSubscriptionConfiguration : IEntityTypeConfiguration<BrowserPushSubscription>
{
    public void Configure(EntityTypeBuilder<BrowserPushSubscription> s)
    {
        s.ToTable("BrowserPushSubscriptions");
        s.Property(x => x.Endpoint).HasMaxLength(BrowserPushSubscription.MaxEndpointLength);
        s.Property(x => x.P256dh).HasMaxLength(200);
        s.Property(x => x.Auth).HasMaxLength(200);
        s.Property(x => x.UserAgent).HasMaxLength(BrowserPushSubscription.MaxUserAgentLength);
        s.HasOne<PlatformUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        s.HasIndex(x => new { x.TenantId, x.Endpoint }).IsUnique();
        s.HasIndex(x => new { x.TenantId, x.UserId });
    }
}

internal sealed class NotificationTemplateConfiguration : IEntityTypeConfiguration<NotificationTemplate>
{
    public void Configure(EntityTypeBuilder<NotificationTemplate> t)
    {
        t.ToTable("NotificationTemplates");
        t.HasKey(x => new { x.TenantId, x.Kind, x.Channel });
        t.Property(x => x.Kind).HasMaxLength(64);
        t.Property(x => x.Subject).HasMaxLength(NotificationTemplate.MaxSubjectLength);
        t.Property(x => x.Body).HasMaxLength(NotificationTemplate.MaxBodyLength);
    }
}
