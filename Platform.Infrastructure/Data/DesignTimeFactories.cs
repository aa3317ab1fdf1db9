using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.DependencyInjection;
using Platform.Infrastructure.Identity;
using Platform.Infrastructure.Tenancy;

namespace Platform.Infrastructure.Data;

// Used by `dotnet ef` (scripts/add-migration.sh) and by the pending-model-changes tests.
// The connection strings are placeholders: creating a migration never connects.

public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqlitePlatformDbContext>
{
    public SqlitePlatformDbContext CreateDbContext(string[] args) =>
        new(DesignTime.Options<SqlitePlatformDbContext>(b => b.UseSqlite("Data Source=design.db")), new TenantContext());
}

public sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerPlatformDbContext>
{
    public SqlServerPlatformDbContext CreateDbContext(string[] args) =>
        new(DesignTime.Options<SqlServerPlatformDbContext>(b => b.UseSqlServer("Server=design;Database=platform")), new TenantContext());
}

public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresPlatformDbContext>
{
    public PostgresPlatformDbContext CreateDbContext(string[] args) =>
        new(DesignTime.Options<PostgresPlatformDbContext>(b => b.UseNpgsql("Host=design;Database=platform")), new TenantContext());
}

internal static class DesignTime
{
    /// <summary>The Identity options the app runs with, so the model built here is the app's model.</summary>
    private static readonly IServiceProvider AppServices =
        new ServiceCollection().AddOptions().Configure<Microsoft.AspNetCore.Identity.IdentityOptions>(PlatformIdentityOptions.Configure).BuildServiceProvider();

    public static DbContextOptions<TContext> Options<TContext>(Action<DbContextOptionsBuilder<TContext>> provider)
        where TContext : DbContext
    {
        var builder = new DbContextOptionsBuilder<TContext>().UseApplicationServiceProvider(AppServices);
        provider(builder);
        return builder.Options;
    }
}
