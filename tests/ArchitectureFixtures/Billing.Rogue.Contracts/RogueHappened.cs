using Billing.BuildingBlocks.Abstractions;

namespace Billing.Rogue.Contracts;

/// <summary>A well-behaved integration event, so that the fixture's public handler has something to handle.</summary>
[IntegrationEventName("rogue.happened.v1")]
public sealed record RogueHappened(Guid EventId, DateTimeOffset OccurredAt) : IntegrationEvent(EventId, OccurredAt);
