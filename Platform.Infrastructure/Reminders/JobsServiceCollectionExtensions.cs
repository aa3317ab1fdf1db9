using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Events;
using Quartz;

namespace Platform.Infrastructure.Reminders;

public static class JobsServiceCollectionExtensions
{
    /// <summary>
    /// Quartz.NET on its ADO.NET job store in the platform's own database (clustered on SQL Server and
    /// PostgreSQL, so every node may run jobs and each trigger fires on one), and the booking reminders' sweep.
    /// Quartz creates its tables when they are missing (ADR 0012).
    /// </summary>
    public static IServiceCollection AddPlatformJobs(this IServiceCollection services, IConfiguration configuration)
    {
        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = configuration.GetConnectionString(DatabaseServiceCollectionExtensions.ConnectionStringName)
            ?? DatabaseServiceCollectionExtensions.DefaultSqliteConnectionString;
        var enabled = configuration.GetValue("Jobs:Enabled", true);

        services.AddQuartz(quartz =>
        {
            quartz.UsePersistentStore(store =>
            {
                store.UseSystemTextJsonSerializer(_ => { });
                store.ProvisionSchema();
                switch (database.Provider)
                {
                    case DatabaseProvider.Sqlite:
                        store.UseSqlite(new BusyWaitingSqliteFactory(database.SqliteBusyTimeoutMs), new SqliteConnectionStringBuilder(connectionString) { DefaultTimeout = 30 }.ToString());
                        break;
                    case DatabaseProvider.SqlServer:
                        store.UseSqlServer(SqlClientFactory.Instance, connectionString);
                        store.UseClustering(_ => { });
                        break;
                    case DatabaseProvider.PostgreSql:
                        store.UsePostgres(NpgsqlFactory.Instance, PostgresConnections.Tuned(connectionString));
                        store.UseClustering(_ => { });
                        break;
                }
            });
        });
        services.AddQuartzHostedService(options =>
        {
            options.WaitForJobsToComplete = true;
            options.AutoStart = enabled;
        });

        services.AddOptions<ReminderOptions>().Bind(configuration.GetSection(ReminderOptions.Section))
            .Configure(o => o.Enabled = enabled)
            .Validate(o => o.SweepInterval > TimeSpan.Zero, "Reminders:SweepInterval must be positive.").ValidateOnStart();
        services.AddScoped<ReminderSettingsStore>();
        services.AddScoped<BookingReminders>();
        services.AddScoped<ReminderSweep>();
        services.AddHostedService<ReminderSweepService>();
        services.AddScoped<IReminderSender, EmailReminderSender>();
        services.AddScoped<IReminderSender, SmsReminderSender>();
        services.AddMessageHandler<ResyncReminders, ReminderResyncHandler>();
        return services;
    }
}
