using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Core.Tenancy;

namespace Platform.Infrastructure.Identity;

// The EF Core mapping of users (beside Identity's own), staff invitations and API keys, one configuration per
// entity, applied from the assembly by PlatformDbContext after Identity's model. The users' tenant query filter
// stays in PlatformDbContext, since it reads the context's current tenant.

internal sealed class PlatformUserConfiguration : IEntityTypeConfiguration<PlatformUser>
{
    public void Configure(EntityTypeBuilder<PlatformUser> user)
    {
        user.Property(u => u.DisplayName).HasMaxLength(120);
        // The same e-mail may exist once per tenant: uniqueness includes the tenant.
        var byName = user.Metadata.GetIndexes().Single(i => i.Properties.Any(p => p.Name == nameof(PlatformUser.NormalizedUserName)));
        user.Metadata.RemoveIndex(byName);
        user.HasIndex(u => new { u.TenantId, u.NormalizedUserName }).IsUnique().HasDatabaseName("UserNameIndex");
        user.HasIndex(u => new { u.TenantId, u.NormalizedEmail }).HasDatabaseName("TenantEmailIndex");
        user.HasOne<Tenant>().WithMany().HasForeignKey(u => u.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class StaffInvitationConfiguration : IEntityTypeConfiguration<StaffInvitation>
{
    public void Configure(EntityTypeBuilder<StaffInvitation> invitation)
    {
        invitation.ToTable("StaffInvitations");
        invitation.Property(i => i.Email).HasMaxLength(256);
        invitation.Property(i => i.DisplayName).HasMaxLength(120);
        invitation.Property(i => i.Role).HasMaxLength(32);
        invitation.Property(i => i.TokenHash).HasMaxLength(64);
        invitation.HasIndex(i => i.TokenHash).IsUnique();
        invitation.HasIndex(i => new { i.TenantId, i.Email });
    }
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> key)
    {
        key.ToTable("ApiKeys");
        key.Property(k => k.Name).HasMaxLength(80);
        key.Property(k => k.Prefix).HasMaxLength(16);
        key.Property(k => k.Hash).HasMaxLength(64);
        key.Property(k => k.Scopes).HasMaxLength(200);
        key.HasIndex(k => k.Hash).IsUnique();
    }
}
