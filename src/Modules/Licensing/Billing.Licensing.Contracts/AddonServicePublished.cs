using Billing.BuildingBlocks.Abstractions;

namespace Billing.Licensing.Contracts;

/// <summary>
/// A new add-on service is in the marketplace catalogue (its plans follow as <see cref="PlanPriced"/>). Carries who
/// published it and why: the add-on service row has no audit columns, so this outbox record is the audit trail.
/// </summary>
[IntegrationEventName("licensing.addon_service_published.v1")]
public sealed record AddonServicePublished(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AddonServiceId,
    string Name,
    string HumanName,
    string State,
    string PublishedBy,
    string Reason) : IntegrationEvent(EventId, OccurredAt);
