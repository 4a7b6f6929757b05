using System.Text.Json;
using Billing.BuildingBlocks.Abstractions;
using Billing.BuildingBlocks.Modules;
using Billing.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.BuildingBlocks.Messaging;

/// <summary>
/// Hands one event to each of its consumers. Every consumer runs in its own scope and in its own
/// module's transaction, with the inbox row written in that same transaction: the effect and the
/// "already handled" mark commit together, so a redelivered event changes nothing twice.
/// </summary>
public sealed class IntegrationEventDeliverer(
    IServiceScopeFactory scopes,
    ModuleCatalog catalog,
    IntegrationEventHandlerRegistry registry,
    TimeProvider time)
{
    public async Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var eventType = registry.FindEventType(message.Type)
            ?? throw new InvalidOperationException($"No integration event type is registered for '{message.Type}'.");
        var integrationEvent = (IntegrationEvent)(JsonSerializer.Deserialize(message.Payload, eventType, IntegrationEventJson.Options)
            ?? throw new InvalidOperationException($"Outbox message {message.Id} has an empty payload."));

        foreach (var handler in registry.HandlersOf(eventType))
        {
            await DeliverToAsync(handler, integrationEvent, cancellationToken);
        }
    }

    /// <summary>Returns false when the consumer had already handled the event.</summary>
    public async Task<bool> DeliverToAsync(HandlerRegistration handler, IntegrationEvent integrationEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(integrationEvent);
        await using var scope = scopes.CreateAsyncScope();
        var owner = catalog.GetOwnerOf(handler.HandlerType);
        var context = (ModuleDbContext)scope.ServiceProvider.GetRequiredService(owner.DbContextType);
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);

        var seen = await context.InboxMessages.AnyAsync(
            m => m.EventId == integrationEvent.EventId && m.Consumer == handler.Consumer, cancellationToken);
        if (seen)
        {
            return false;
        }

        context.InboxMessages.Add(new InboxMessage(integrationEvent.EventId, handler.Consumer, time.GetUtcNow()));
        await handler.Invoke(scope.ServiceProvider, integrationEvent, cancellationToken);
        // A concurrent delivery of the same event loses on the inbox primary key and rolls back.
        await context.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
