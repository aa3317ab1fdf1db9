using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Core.Bookings;
using Platform.Core.Common;

namespace Platform.Infrastructure.Bookings;

// The EF Core mapping of the booking domain, one configuration per entity, applied from the assembly by
// PlatformDbContext. Unique indexes include the tenant.

internal sealed class ServiceConfiguration : IEntityTypeConfiguration<Service>
{
    public void Configure(EntityTypeBuilder<Service> service)
    {
        service.ToTable("Services");
        service.Property(s => s.Name).HasMaxLength(120);
        service.Property(s => s.Description).HasMaxLength(2000);
        service.ComplexProperty(s => s.Price).MapMoney();
        service.Property(s => s.Questions).MapAsJson("IntakeQuestions");
        service.HasMany(s => s.Offerings).WithOne().HasForeignKey(o => o.ServiceId).OnDelete(DeleteBehavior.Cascade);
        service.HasIndex(s => new { s.TenantId, s.Name });
    }
}

internal sealed class ServiceOfferingConfiguration : IEntityTypeConfiguration<ServiceOffering>
{
    public void Configure(EntityTypeBuilder<ServiceOffering> offering)
    {
        offering.ToTable("ServiceOfferings");
        offering.HasKey(o => new { o.ServiceId, o.ProviderId });
        offering.HasOne<Provider>().WithMany().HasForeignKey(o => o.ProviderId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProviderConfiguration : IEntityTypeConfiguration<Provider>
{
    public void Configure(EntityTypeBuilder<Provider> provider)
    {
        provider.ToTable("Providers");
        provider.Property(p => p.DisplayName).HasMaxLength(120);
        provider.Property(p => p.Bio).HasMaxLength(2000);
        provider.Property(p => p.TimeZone).HasMaxLength(64);
        provider.HasMany(p => p.WeeklyHours).WithOne().HasForeignKey(h => h.ProviderId).OnDelete(DeleteBehavior.Cascade);
        provider.HasMany(p => p.Overrides).WithOne().HasForeignKey(h => h.ProviderId).OnDelete(DeleteBehavior.Cascade);
        provider.HasMany(p => p.TimeOff).WithOne().HasForeignKey(h => h.ProviderId).OnDelete(DeleteBehavior.Cascade);
        provider.HasIndex(p => new { p.TenantId, p.UserId });
    }
}

internal sealed class WeeklyHoursConfiguration : IEntityTypeConfiguration<WeeklyHours>
{
    public void Configure(EntityTypeBuilder<WeeklyHours> hours) => hours.ToTable("ProviderWeeklyHours");
}

internal sealed class HoursOverrideConfiguration : IEntityTypeConfiguration<HoursOverride>
{
    public void Configure(EntityTypeBuilder<HoursOverride> hours)
    {
        hours.ToTable("ProviderHoursOverrides");
        hours.HasIndex(h => new { h.ProviderId, h.Date });
    }
}

internal sealed class TimeOffConfiguration : IEntityTypeConfiguration<TimeOff>
{
    public void Configure(EntityTypeBuilder<TimeOff> timeOff)
    {
        timeOff.ToTable("ProviderTimeOff");
        timeOff.Property(t => t.Reason).HasMaxLength(200);
        timeOff.HasIndex(t => new { t.ProviderId, t.StartUtc });
    }
}

internal sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> customer)
    {
        customer.ToTable("Customers");
        customer.Property(c => c.Name).HasMaxLength(120);
        customer.Property(c => c.Email).HasMaxLength(256);
        customer.Property(c => c.Phone).HasMaxLength(32);
        customer.Property(c => c.TimeZone).HasMaxLength(64);
        customer.Property(c => c.Notes).HasMaxLength(2000);
        customer.Property(c => c.EmailKey).HasMaxLength(256);

        // One customer per person: the unique key is what lets two guests with one new e-mail, at once, become one customer.
        customer.HasIndex(c => new { c.TenantId, c.EmailKey }).IsUnique();
        customer.HasIndex(c => new { c.TenantId, c.UserId });
    }
}

internal sealed class BookingConfiguration : IEntityTypeConfiguration<Booking>
{
    public void Configure(EntityTypeBuilder<Booking> booking)
    {
        booking.ToTable("Bookings");
        booking.Property(b => b.Status).HasConversion<string>().HasMaxLength(16);
        booking.Property(b => b.Channel).HasConversion<string>().HasMaxLength(16);
        booking.Property(b => b.Notes).HasMaxLength(2000);
        booking.Property(b => b.IdempotencyKey).HasMaxLength(100);
        booking.ComplexProperty(b => b.Price).MapMoney();
        booking.Property(b => b.Answers).MapAsJson("IntakeAnswers");
        booking.HasOne<Service>().WithMany().HasForeignKey(b => b.ServiceId).OnDelete(DeleteBehavior.Restrict);
        booking.HasOne<Provider>().WithMany().HasForeignKey(b => b.ProviderId).OnDelete(DeleteBehavior.Restrict);
        booking.HasOne<Customer>().WithMany().HasForeignKey(b => b.CustomerId).OnDelete(DeleteBehavior.Restrict);
        booking.HasMany(b => b.History).WithOne().HasForeignKey(c => c.BookingId).OnDelete(DeleteBehavior.Cascade);
        booking.HasIndex(b => new { b.TenantId, b.ProviderId, b.OccupiedStartUtc });
        booking.HasIndex(b => new { b.TenantId, b.StartUtc });
        // The rollups of a day by when its bookings were made, and whether a booking was its customer's first (ADR 0040).
        booking.HasIndex(b => new { b.TenantId, b.CreatedAt });
        booking.HasIndex(b => new { b.TenantId, b.CustomerId, b.CreatedAt });
        // The reminder sweep's read across tenants: confirmed bookings starting in the next few days (ADR 0034).
        booking.HasIndex(b => new { b.Status, b.StartUtc });
        booking.HasIndex(b => new { b.TenantId, b.IdempotencyKey }).IsUnique();
        booking.Ignore(b => b.Occupied);
    }
}

internal sealed class BookingChangeConfiguration : IEntityTypeConfiguration<BookingChange>
{
    public void Configure(EntityTypeBuilder<BookingChange> change)
    {
        change.ToTable("BookingChanges");
        change.Property(c => c.Kind).HasConversion<string>().HasMaxLength(16);
        change.Property(c => c.Reason).HasMaxLength(500);
        // The user activity dashboard's range of a tenant's history (issue 15).
        change.HasIndex(c => new { c.TenantId, c.At });
    }
}

/// <summary>How an amount of money is stored wherever an entity has one.</summary>
internal static class MoneyMapping
{
    public static void MapMoney(this ComplexPropertyBuilder<Money> money)
    {
        money.Property(m => m.Amount).HasPrecision(18, 2);
        money.Property(m => m.Currency).HasMaxLength(3).IsFixedLength();
    }
}
