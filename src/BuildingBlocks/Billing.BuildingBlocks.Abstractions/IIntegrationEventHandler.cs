namespace Billing.BuildingBlocks.Abstractions;

/// <summary>
/// Consumes an integration event inside the consuming module. The messaging plumbing runs each
/// handler in the consumer's own transaction together with its inbox row, so a handler is called
/// at most once per (event id, handler) even when the event is delivered again.
/// </summary>
public interface IIntegrationEventHandler<in TEvent>
    where TEvent : IntegrationEvent
{
    Task Handle(TEvent integrationEvent, CancellationToken cancellationToken);
}
