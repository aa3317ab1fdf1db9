using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Platform.Infrastructure.Events;

namespace Platform.Infrastructure.Data;

public static class DatabaseServiceCollectionExtensions
{
    public const string ConnectionStringName = "Platform";
    public const string DefaultSqliteConnectionString = "Data Source=App_Data/platform.db";

    /// <summary>
    /// Registers <see cref="PlatformDbContext"/> (scoped, for requests) and
    /// <see cref="IDbContextFactory{PlatformDbContext}"/> (for components and jobs) on the configured provider.
    /// </summary>
    public static IServiceCollection AddPlatformDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>().Bind(configuration.GetSection(DatabaseOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        services.AddSingleton<SqliteWriteGate>();

        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                var sqlite = PrepareSqliteConnectionString(connectionString ?? DefaultSqliteConnectionString);
                Register<SqlitePlatformDbContext>(services, b => b
                    .UseSqlite(sqlite)
                    .AddInterceptors(new SqlitePragmas(options.SqliteBusyTimeoutMs)));
                break;
            case DatabaseProvider.SqlServer:
                Register<SqlServerPlatformDbContext>(services, b => b.UseSqlServer(Require(connectionString, options.Provider),
                    sql => sql.EnableRetryOnFailure()));
                break;
            case DatabaseProvider.PostgreSql:
                Register<PostgresPlatformDbContext>(services, b => b.UseNpgsql(PostgresConnections.Tuned(Require(connectionString, options.Provider))));
                break;
            default:
                throw new InvalidOperationException($"Unknown database provider '{options.Provider}'.");
        }

        return services;
    }

    private static void Register<TContext>(IServiceCollection services, Action<DbContextOptionsBuilder> configure)
        where TContext : PlatformDbContext
    {
        services.AddDbContextFactory<TContext>((sp, builder) =>
        {
            configure(builder);
            builder.AddInterceptors(sp.GetRequiredService<OutboxCommitInterceptor>());
        }, ServiceLifetime.Scoped);
        services.AddScoped<IDbContextFactory<PlatformDbContext>, PlatformDbContextFactory<TContext>>();
        services.AddScoped<PlatformDbContext>(sp => sp.GetRequiredService<TContext>());
    }

    private static string Require(string? connectionString, DatabaseProvider provider) =>
        string.IsNullOrWhiteSpace(connectionString)
            ? throw new InvalidOperationException($"ConnectionStrings:{ConnectionStringName} is required for the {provider} provider.")
            : connectionString;

    /// <summary>Makes the folder of a file database exist, so a fresh clone needs no set-up.</summary>
    private static string PrepareSqliteConnectionString(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.Mode != SqliteOpenMode.Memory && !string.IsNullOrEmpty(builder.DataSource))
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }

        return builder.ToString();
    }

    private sealed class PlatformDbContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<PlatformDbContext>
        where TContext : PlatformDbContext
    {
        public PlatformDbContext CreateDbContext() => inner.CreateDbContext();
    }
}
