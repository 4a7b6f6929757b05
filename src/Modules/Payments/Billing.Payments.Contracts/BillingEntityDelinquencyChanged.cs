using Billing.BuildingBlocks.Abstractions;
using Billing.BuildingBlocks.Abstractions.Billing;

namespace Billing.Payments.Contracts;

/// <summary>
/// Payments (which owns collection) decided that <see cref="Owner"/> became delinquent
/// (<see cref="DelinquentSince"/> set: an invoice went unpaid) or stopped being so (null: paid up). Consumers keep
/// the latest by <see cref="IntegrationEvent.OccurredAt"/>; Licensing denies entitlements to delinquent owners.
/// </summary>
[IntegrationEventName("payments.billing_entity_delinquency_changed.v1")]
public sealed record BillingEntityDelinquencyChanged(
    Guid EventId,
    DateTimeOffset OccurredAt,
    BillableOwner Owner,
    DateTimeOffset? DelinquentSince) : IntegrationEvent(EventId, OccurredAt);
