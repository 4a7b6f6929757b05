using Billing.BuildingBlocks.Abstractions;
using Billing.Rogue.Contracts;

namespace Billing.Rogue.Handlers;

/// <summary>VIOLATION (handlers are not public): an integration event handler other modules could call directly.</summary>
public sealed class PublicIntegrationEventHandler : IIntegrationEventHandler<RogueHappened>
{
    public Task Handle(RogueHappened integrationEvent, CancellationToken cancellationToken) => Task.CompletedTask;
}
