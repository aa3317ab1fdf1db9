using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Core.Bookings;
using Platform.Core.Tenancy;

namespace Platform.Infrastructure.Reminders;

// The EF Core mapping of reminder settings and sent reminders, one configuration per entity, applied from the
// assembly by PlatformDbContext.

internal sealed class ReminderSettingsConfiguration : IEntityTypeConfiguration<ReminderSettings>
{
    public void Configure(EntityTypeBuilder<ReminderSettings> settings)
    {
        settings.ToTable("ReminderSettings");
        settings.HasKey(s => s.TenantId);
        settings.HasOne<Tenant>().WithOne().HasForeignKey<ReminderSettings>(s => s.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SentReminderConfiguration : IEntityTypeConfiguration<SentReminder>
{
    public void Configure(EntityTypeBuilder<SentReminder> sent)
    {
        sent.ToTable("SentReminders");
        sent.HasKey(s => new { s.BookingId, s.StartUtc });
        sent.HasOne<Booking>().WithMany().HasForeignKey(s => s.BookingId).OnDelete(DeleteBehavior.Cascade);
    }
}
