using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Platform.Infrastructure.Security;

// The EF Core mapping of second factors, the security log and tenants' security policies, one configuration
// per entity, applied from the assembly by PlatformDbContext.

internal sealed class MfaStateConfiguration : IEntityTypeConfiguration<MfaState>
{
    public void Configure(EntityTypeBuilder<MfaState> state)
    {
        state.ToTable("MfaStates");
        state.HasKey(s => s.UserId);
    }
}

internal sealed class BackupCodeConfiguration : IEntityTypeConfiguration<BackupCode>
{
    public void Configure(EntityTypeBuilder<BackupCode> code)
    {
        code.ToTable("BackupCodes");
        code.Property(c => c.Hash).HasMaxLength(64);
        code.HasIndex(c => new { c.UserId, c.Hash });
    }
}

internal sealed class SmsCodeConfiguration : IEntityTypeConfiguration<SmsCode>
{
    public void Configure(EntityTypeBuilder<SmsCode> code)
    {
        code.ToTable("SmsCodes");
        code.Property(c => c.PhoneNumber).HasMaxLength(20);
        code.Property(c => c.Hash).HasMaxLength(64);
        code.Property(c => c.Purpose).HasConversion<string>().HasMaxLength(16);
        code.HasIndex(c => new { c.UserId, c.SentAt });
        code.HasIndex(c => new { c.PhoneNumber, c.SentAt });
    }
}

internal sealed class TenantSecurityPolicyConfiguration : IEntityTypeConfiguration<TenantSecurityPolicy>
{
    public void Configure(EntityTypeBuilder<TenantSecurityPolicy> policy)
    {
        policy.ToTable("TenantSecurityPolicies");
        policy.HasKey(p => p.TenantId);
    }
}

internal sealed class SecurityEventConfiguration : IEntityTypeConfiguration<SecurityEvent>
{
    public void Configure(EntityTypeBuilder<SecurityEvent> e)
    {
        e.ToTable("SecurityEvents");
        e.Property(x => x.Email).HasMaxLength(256);
        e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(32);
        e.Property(x => x.Detail).HasMaxLength(500);
        e.Property(x => x.IpAddress).HasMaxLength(64);
        e.Property(x => x.UserAgent).HasMaxLength(300);
        e.HasIndex(x => new { x.TenantId, x.At });
        e.HasIndex(x => new { x.UserId, x.At });
    }
}
