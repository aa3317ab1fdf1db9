using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Platform.Core.Events;
using Platform.Core.Workflows;
using Platform.Infrastructure.Events;

namespace Platform.Infrastructure.Workflows;

public static class WorkflowsServiceCollectionExtensions
{
    /// <summary>
    /// Workflows: the expression language, the definitions with their versions, and the engine: its triggers on booking
    /// events, its outbox handlers, its timers on Quartz, its webhook client, the approvals inbox and the instances.
    /// </summary>
    public static IServiceCollection AddWorkflows(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WorkflowOptions>().Bind(configuration.GetSection(WorkflowOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<WorkflowExpressions>();
        services.AddSingleton<IWorkflowExpressions>(sp => sp.GetRequiredService<WorkflowExpressions>());
        services.AddSingleton<WorkflowDefinitionCache>();
        services.AddScoped<WorkflowDefinitions>();
        // With Redis (Redis:Connection), the designer's rooms of one draft on every node share one log of edits (ADR 0036).
        services.AddSingleton(sp => new DesignRooms(
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<DesignRooms>>(),
            sp.GetService<StackExchange.Redis.IConnectionMultiplexer>() is { } redis ? new RedisDesignBackplane(redis) : null));
        services.AddScoped<WorkflowDesign>();
        services.AddScoped<WorkflowEngine>();
        services.AddScoped<WorkflowOutsideCalls>();
        services.AddScoped<WorkflowTimers>();
        services.AddScoped<WorkflowTasks>();
        services.AddScoped<WorkflowInstances>();
        services.AddScoped<WorkflowBookingTimes>();
        services.AddScoped<WorkflowSchedules>();
        services.AddSingleton<WorkflowClockService>();
        services.AddHostedService(sp => sp.GetRequiredService<WorkflowClockService>());
        services.AddHttpClient(WorkflowOutsideCalls.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => WorkflowOutsideCalls.Handler(sp.GetRequiredService<IOptions<WorkflowOptions>>().Value));
        services.AddMessageHandler<BookingCreated, WorkflowTriggers>();
        services.AddMessageHandler<BookingConfirmed, WorkflowTriggers>();
        services.AddMessageHandler<BookingRejected, WorkflowTriggers>();
        services.AddMessageHandler<BookingCancelled, WorkflowTriggers>();
        services.AddMessageHandler<BookingRescheduled, WorkflowTriggers>();
        services.AddMessageHandler<BookingCompleted, WorkflowTriggers>();
        services.AddMessageHandler<BookingNoShow, WorkflowTriggers>();
        services.AddMessageHandler<WorkflowAdvance, WorkflowTriggers>();
        services.AddMessageHandler<CustomerCreated, WorkflowTriggers>();
        services.AddMessageHandler<WorkflowStepEffect, WorkflowEffects>();
        services.AddMessageHandler<WorkflowTaskNotice, WorkflowEffects>();
        return services;
    }
}
