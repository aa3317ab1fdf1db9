using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Core.Reporting;

namespace Platform.Infrastructure.Reporting;

// The EF Core mapping of the insights' rollups (ADR 0040). Every key begins with the tenant, so one tenant's range is
// one index range.

internal sealed class BookingRollupConfiguration : IEntityTypeConfiguration<BookingRollup>
{
    public void Configure(EntityTypeBuilder<BookingRollup> rollup)
    {
        rollup.ToTable("BookingRollups");
        rollup.HasKey(r => new { r.TenantId, r.Basis, r.Grain, r.Day, r.Hour, r.ServiceId, r.ProviderId, r.Status, r.Channel, r.Currency });
        rollup.Property(r => r.Basis).HasConversion<int>();
        rollup.Property(r => r.Grain).HasConversion<int>();
        rollup.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        rollup.Property(r => r.Channel).HasConversion<string>().HasMaxLength(16);
        rollup.Property(r => r.Currency).HasMaxLength(3).IsFixedLength();
    }
}

internal sealed class RollupDayConfiguration : IEntityTypeConfiguration<RollupDay>
{
    public void Configure(EntityTypeBuilder<RollupDay> day)
    {
        day.ToTable("RollupDays");
        day.HasKey(d => new { d.TenantId, d.Basis, d.Day });
        day.Property(d => d.Basis).HasConversion<int>();
    }
}

internal sealed class RollupStateConfiguration : IEntityTypeConfiguration<RollupState>
{
    public void Configure(EntityTypeBuilder<RollupState> state)
    {
        state.ToTable("RollupStates");
        state.HasKey(s => s.TenantId);
        state.Property(s => s.TimeZone).HasMaxLength(64);
    }
}
