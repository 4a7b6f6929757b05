using Billing.BuildingBlocks.Abstractions;

namespace Billing.Licensing.Contracts.Enterprise;

/// <summary>
/// An enterprise account's consumption of a licensed product reached <see cref="ThresholdPercent"/> of its licensed
/// quantity for the month starting <see cref="MonthStart"/>. Sent once per contract, product, month and threshold,
/// however many usage updates (or instances) see the crossing.
/// </summary>
[IntegrationEventName("licensing.licence_threshold_crossed.v1")]
public sealed record LicenceThresholdCrossed(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid ContractId,
    Guid EnterpriseAccountId,
    string Product,
    DateTimeOffset MonthStart,
    int ThresholdPercent,
    decimal Licensed,
    decimal Consumed) : IntegrationEvent(EventId, OccurredAt);
