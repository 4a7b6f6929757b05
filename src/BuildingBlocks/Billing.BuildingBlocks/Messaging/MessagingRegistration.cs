using Billing.BuildingBlocks.Abstractions;
using Billing.BuildingBlocks.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Billing.BuildingBlocks.Messaging;

public static class MessagingRegistration
{
    public static IServiceCollection AddBillingMessaging(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MessagingOptions>().Bind(configuration.GetSection(MessagingOptions.Section));
        services.GetOrAddHandlerRegistry();
        services.TryAddSingleton<OutboxSignal>();
        services.TryAddSingleton<IntegrationEventDeliverer>();
        services.TryAddSingleton<OutboxProcessor>();
        services.AddHostedService<OutboxDispatcher>();
        services.AddRecurringJob<OutboxRetentionJob>();
        return services;
    }

    /// <summary>Subscribes a module's handler to an event another module (or the same one) publishes.</summary>
    public static IServiceCollection AddIntegrationEventHandler<TEvent, THandler>(this IServiceCollection services)
        where TEvent : IntegrationEvent
        where THandler : class, IIntegrationEventHandler<TEvent>
    {
        services.GetOrAddHandlerRegistry().AddHandler<TEvent, THandler>();
        services.TryAddScoped<THandler>();
        return services;
    }

    /// <summary>Declares an event a module publishes, so its outbox rows can be read back by name.</summary>
    public static IServiceCollection AddIntegrationEvent<TEvent>(this IServiceCollection services)
        where TEvent : IntegrationEvent
    {
        services.GetOrAddHandlerRegistry().AddEvent(typeof(TEvent));
        return services;
    }

    private static IntegrationEventHandlerRegistry GetOrAddHandlerRegistry(this IServiceCollection services)
    {
        if (services.FirstOrDefault(d => d.ServiceType == typeof(IntegrationEventHandlerRegistry))?.ImplementationInstance is IntegrationEventHandlerRegistry registry)
        {
            return registry;
        }

        registry = new IntegrationEventHandlerRegistry();
        services.AddSingleton(registry);
        return registry;
    }
}
