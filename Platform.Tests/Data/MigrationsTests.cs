using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Platform.Infrastructure.Data;

namespace Platform.Tests.Data;

/// <summary>Fails when the model has changes that a provider's migrations lack: run scripts/add-migration.sh.</summary>
public class MigrationsTests
{
    public static TheoryData<string> Providers => ["Sqlite", "SqlServer", "Postgres"];

    [Theory]
    [MemberData(nameof(Providers))]
    public void Every_provider_has_migrations_for_the_whole_model(string provider)
    {
        using DbContext context = provider switch
        {
            "Sqlite" => new SqliteDesignTimeFactory().CreateDbContext([]),
            "SqlServer" => new SqlServerDesignTimeFactory().CreateDbContext([]),
            _ => new PostgresDesignTimeFactory().CreateDbContext([]),
        };

        Assert.NotEmpty(context.Database.GetMigrations());
        Assert.False(context.Database.HasPendingModelChanges(),
            $"The {provider} migrations lack model changes: run scripts/add-migration.sh <Name>.");
    }

    [Fact]
    public void Design_time_factories_are_discoverable_by_dotnet_ef()
    {
        var factories = typeof(PlatformDbContext).Assembly.GetTypes()
            .Where(t => t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDesignTimeDbContextFactory<>)));
        Assert.Equal(3, factories.Count());
    }
}
