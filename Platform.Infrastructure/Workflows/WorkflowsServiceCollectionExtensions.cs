using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Workflows;

namespace Platform.Infrastructure.Workflows;

public static class WorkflowsServiceCollectionExtensions
{
    /// <summary>Workflows: the expression language and the definitions with their versions.</summary>
    public static IServiceCollection AddWorkflows(this IServiceCollection services)
    {
        services.AddSingleton<WorkflowExpressions>();
        services.AddSingleton<IWorkflowExpressions>(sp => sp.GetRequiredService<WorkflowExpressions>());
        services.AddScoped<WorkflowDefinitions>();
        return services;
    }
}
