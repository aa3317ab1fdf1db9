using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Core.Events;

namespace Platform.Infrastructure.Events;

public static class EventsServiceCollectionExtensions
{
    /// <summary>The outbox, its commit signal, this node's dispatcher and the clean-up of delivered messages.</summary>
    public static IServiceCollection AddOutbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OutboxOptions>().Bind(configuration.GetSection(OutboxOptions.Section)).ValidateDataAnnotations()
            .Validate(o => o.LeaseRenewal < o.Lease, "Outbox:LeaseRenewal must be shorter than Outbox:Lease.").ValidateOnStart();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<OutboxCommitInterceptor>();
        services.AddSingleton<MessageTypes>();
        services.AddScoped<IOutbox, Outbox>();
        services.AddScoped<OutboxAdministration>();
        services.AddSingleton<OutboxNode>();
        services.AddScoped<OutboxHandling>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService<OutboxDispatcherService>();
        services.AddSingleton<OutboxRetention>();
        services.AddHostedService<OutboxRetentionService>();
        return services;
    }

    /// <summary>Registers a handler (scoped, resolved in the message's tenant scope) and makes its message type readable.</summary>
    public static IServiceCollection AddMessageHandler<TMessage, THandler>(this IServiceCollection services)
        where TMessage : IOutboxMessage
        where THandler : class, IMessageHandler<TMessage>
    {
        services.AddSingleton(new MessageTypeRegistration(typeof(TMessage)));
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IMessageHandler<TMessage>, THandler>());
        return services;
    }
}
