using Microsoft.EntityFrameworkCore;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Data;

namespace Platform.Infrastructure.Tenancy;

/// <summary>A tenant's uploaded logo, kept apart from the tenant row so catalog reads stay small.</summary>
public sealed class TenantLogo
{
    public Guid TenantId { get; init; }

    public required string ContentType { get; set; }

    public required byte[] Content { get; set; }
}

/// <summary>A logo as it is served: its bytes and the image type they are.</summary>
public sealed record TenantLogoFile(string ContentType, byte[] Content);

/// <summary>The current tenant's logo for /branding/logo: public, like the pages that show it; null without a tenant or a logo.</summary>
public sealed class TenantLogos(IDbContextFactory<PlatformDbContext> contexts, ITenantContext tenantContext)
{
    public async Task<TenantLogoFile?> CurrentAsync(CancellationToken ct = default)
    {
        if (tenantContext.TenantId is not { } tenantId)
        {
            return null;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.TenantLogos.AsNoTracking().Where(l => l.TenantId == tenantId)
            .Select(l => new TenantLogoFile(l.ContentType, l.Content)).FirstOrDefaultAsync(ct);
    }
}
