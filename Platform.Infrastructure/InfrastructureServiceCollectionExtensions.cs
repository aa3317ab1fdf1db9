using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Dashboard;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Email;
using Platform.Infrastructure.Events;
using Platform.Infrastructure.Features;
using Platform.Infrastructure.Identity;
using Platform.Infrastructure.Notifications;
using Platform.Infrastructure.Push;
using Platform.Infrastructure.Reminders;
using Platform.Infrastructure.Reporting;
using Platform.Infrastructure.Seeding;
using Platform.Infrastructure.Sms;
using Platform.Infrastructure.Tenancy;
using Platform.Infrastructure.Workflows;

namespace Platform.Infrastructure;

public static class InfrastructureServiceCollectionExtensions
{
    /// <summary>Everything Infrastructure provides, feature by feature: database, outbox, jobs, tenancy, people and security, bookings, messaging, notifications, plan features, workflows.</summary>
    public static IServiceCollection AddPlatformInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddPlatformDatabase(configuration);
        services.AddOutbox(configuration);
        services.AddPlatformJobs(configuration);

        services.AddHybridCache();
        services.AddSingleton<DatabaseInitializer>();
        services.AddScoped<DatabaseReadiness>();
        services.AddTenancy(configuration);
        services.AddPeopleAndSecurity();
        services.AddBookings();
        services.AddScoped<DashboardFigures>();
        services.AddReporting();

        services.AddEmail(configuration);
        services.AddSms(configuration);
        services.AddPushSenders(configuration);
        services.AddPlatformNotifications(configuration);
        services.AddPlanFeatures();
        services.AddWorkflows(configuration);
        return services;
    }
}
