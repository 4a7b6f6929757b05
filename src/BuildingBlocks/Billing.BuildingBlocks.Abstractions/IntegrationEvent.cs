namespace Billing.BuildingBlocks.Abstractions;

/// <summary>
/// A fact one module publishes for others. Records in a module's Contracts project derive from this;
/// the event id is what inboxes deduplicate on, so a producer must never reuse one.
/// </summary>
public abstract record IntegrationEvent(Guid EventId, DateTimeOffset OccurredAt);
