using Microsoft.EntityFrameworkCore;
using Platform.Core.Tenancy;

namespace Platform.Infrastructure.Data;

// One subclass per provider: EF Core keeps one migration history per context type.

public sealed class SqlitePlatformDbContext(DbContextOptions<SqlitePlatformDbContext> options, ITenantContext tenantContext)
    : PlatformDbContext(options, tenantContext)
{
    protected override bool NeedsDateTimeOffsetConversion => true;
}

public sealed class SqlServerPlatformDbContext(DbContextOptions<SqlServerPlatformDbContext> options, ITenantContext tenantContext)
    : PlatformDbContext(options, tenantContext);

public sealed class PostgresPlatformDbContext(DbContextOptions<PostgresPlatformDbContext> options, ITenantContext tenantContext)
    : PlatformDbContext(options, tenantContext);
