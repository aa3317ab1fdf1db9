using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Tenancy;
using Platform.Tests.Support;

namespace Platform.Tests.Data;

public class SqliteStartupTests(SqliteStartupTests.App app) : IClassFixture<SqliteStartupTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);

    [Fact]
    public async Task SQLite_runs_in_WAL_mode_with_a_busy_timeout()
    {
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreateHost();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();
        Assert.Equal("wal", await Scalar(connection, "PRAGMA journal_mode;"));
        Assert.Equal("5000", await Scalar(connection, "PRAGMA busy_timeout;"));
        Assert.Equal("1", await Scalar(connection, "PRAGMA foreign_keys;"));
    }

    [Fact]
    public async Task Migrations_are_applied_and_demo_data_seeded()
    {
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreateHost();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(["acme", "globex"], await db.Tenants.OrderBy(t => t.Slug).Select(t => t.Slug).ToListAsync());
    }

    private static async Task<string?> Scalar(System.Data.Common.DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (await command.ExecuteScalarAsync())?.ToString();
    }
}

public class PostgresStartupTests(PostgresStartupTests.App app) : IClassFixture<PostgresStartupTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Postgres);

    [Fact]
    public async Task Migrations_apply_on_PostgreSQL_and_the_app_is_ready()
    {
        await using (var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreateHost())
        {
            var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            Assert.True(db.Database.IsNpgsql());
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        }

        using var client = app.CreateClientFor("http://localhost/");
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("health/ready")).StatusCode);
    }
}
