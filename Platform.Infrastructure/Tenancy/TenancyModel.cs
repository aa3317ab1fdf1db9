using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Core.Tenancy;

namespace Platform.Infrastructure.Tenancy;

// The EF Core mapping of tenants, their domains, feature overrides and logos, one configuration per entity,
// applied from the assembly by PlatformDbContext.

internal sealed class TenantConfiguration : IEntityTypeConfiguration<Tenant>
{
    public void Configure(EntityTypeBuilder<Tenant> tenant)
    {
        tenant.ToTable("Tenants");
        tenant.HasIndex(t => t.Slug).IsUnique();
        tenant.Property(t => t.Slug).HasMaxLength(TenantSlug.MaxLength);
        tenant.Property(t => t.Name).HasMaxLength(120);
        tenant.Property(t => t.Region).HasMaxLength(32);
        tenant.Property(t => t.DefaultCurrency).HasMaxLength(3).IsFixedLength();
        tenant.Property(t => t.TimeZone).HasMaxLength(64);
        tenant.Property(t => t.Culture).HasMaxLength(TenantCultures.MaxLength);
        tenant.Property(t => t.Address).HasMaxLength(BusinessAddress.MaxLength);
        tenant.Property(t => t.Status).HasConversion<string>().HasMaxLength(16);
        tenant.Property(t => t.Plan).HasConversion<string>().HasMaxLength(16);
        tenant.ComplexProperty(t => t.Theme, theme =>
        {
            theme.Property(t => t.PrimaryColor).HasMaxLength(7).HasColumnName("ThemePrimaryColor");
            theme.Property(t => t.SecondaryColor).HasMaxLength(7).HasColumnName("ThemeSecondaryColor");
            theme.Property(t => t.Font).HasConversion<string>().HasMaxLength(16).HasColumnName("ThemeFont");
            theme.Property(t => t.DarkMode).HasColumnName("ThemeDarkMode");
            theme.Property(t => t.LogoVersion).HasMaxLength(32).HasColumnName("ThemeLogoVersion");
        });
        tenant.HasMany(t => t.Domains).WithOne().HasForeignKey(d => d.TenantId).OnDelete(DeleteBehavior.Cascade);
        tenant.HasMany(t => t.FeatureOverrides).WithOne().HasForeignKey(o => o.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TenantDomainConfiguration : IEntityTypeConfiguration<TenantDomain>
{
    public void Configure(EntityTypeBuilder<TenantDomain> domain)
    {
        domain.ToTable("TenantDomains");
        domain.Property(d => d.Host).HasMaxLength(253);
        domain.HasIndex(d => d.Host).IsUnique();
    }
}

internal sealed class TenantFeatureOverrideConfiguration : IEntityTypeConfiguration<TenantFeatureOverride>
{
    public void Configure(EntityTypeBuilder<TenantFeatureOverride> o)
    {
        o.ToTable("TenantFeatureOverrides");
        o.HasKey(x => new { x.TenantId, x.Feature });
        o.Property(x => x.Feature).HasMaxLength(64);
    }
}

internal sealed class TenantLogoConfiguration : IEntityTypeConfiguration<TenantLogo>
{
    public void Configure(EntityTypeBuilder<TenantLogo> logo)
    {
        logo.ToTable("TenantLogos");
        logo.HasKey(l => l.TenantId);
        logo.Property(l => l.ContentType).HasMaxLength(32);
        logo.HasOne<Tenant>().WithOne().HasForeignKey<TenantLogo>(l => l.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}
