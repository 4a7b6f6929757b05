using Billing.BuildingBlocks.Abstractions;
using Billing.BuildingBlocks.Messaging;
using Billing.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.IntegrationTests.Usage;

/// <summary>Hands an integration event to the Usage module's handlers through the real inbox, as the dispatcher would.</summary>
internal static class UsageDeliveries
{
    public static Task<int> DeliverToUsageAsync<TEvent>(this BillingApiFactory factory, TEvent integrationEvent)
        where TEvent : IntegrationEvent =>
        factory.Services.DeliverToUsageAsync(integrationEvent);

    public static async Task<int> DeliverToUsageAsync<TEvent>(this IServiceProvider services, TEvent integrationEvent)
        where TEvent : IntegrationEvent
    {
        var registry = services.GetRequiredService<IntegrationEventHandlerRegistry>();
        var deliverer = services.GetRequiredService<IntegrationEventDeliverer>();
        var handled = 0;
        foreach (var handler in registry.HandlersOf(typeof(TEvent)).Where(h => h.HandlerType.Namespace!.StartsWith("Billing.Usage", StringComparison.Ordinal)))
        {
            handled += await deliverer.DeliverToAsync(handler, integrationEvent, CancellationToken.None) ? 1 : 0;
        }

        return handled;
    }
}
