using Microsoft.EntityFrameworkCore;

namespace Platform.Infrastructure.Security;

/// <summary>The EF Core mapping of second factors, the security log and tenants' security policies.</summary>
internal static class SecurityModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<MfaState>(state =>
        {
            state.ToTable("MfaStates");
            state.HasKey(s => s.UserId);
        });

        builder.Entity<BackupCode>(code =>
        {
            code.ToTable("BackupCodes");
            code.Property(c => c.Hash).HasMaxLength(64);
            code.HasIndex(c => new { c.UserId, c.Hash });
        });

        builder.Entity<SmsCode>(code =>
        {
            code.ToTable("SmsCodes");
            code.Property(c => c.PhoneNumber).HasMaxLength(20);
            code.Property(c => c.Hash).HasMaxLength(64);
            code.Property(c => c.Purpose).HasConversion<string>().HasMaxLength(16);
            code.HasIndex(c => new { c.UserId, c.SentAt });
            code.HasIndex(c => new { c.PhoneNumber, c.SentAt });
        });

        builder.Entity<TenantSecurityPolicy>(policy =>
        {
            policy.ToTable("TenantSecurityPolicies");
            policy.HasKey(p => p.TenantId);
        });

        builder.Entity<SecurityEvent>(e =>
        {
            e.ToTable("SecurityEvents");
            e.Property(x => x.Email).HasMaxLength(256);
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(32);
            e.Property(x => x.Detail).HasMaxLength(500);
            e.Property(x => x.IpAddress).HasMaxLength(64);
            e.Property(x => x.UserAgent).HasMaxLength(300);
            e.HasIndex(x => new { x.TenantId, x.At });
            e.HasIndex(x => new { x.UserId, x.At });
        });
    }
}
