using Billing.BuildingBlocks.Abstractions;

namespace Billing.Licensing.Contracts;

/// <summary>
/// An add-on plan has a price from <see cref="EffectiveFrom"/> on: sent when a plan is published and on
/// every price change. Integer cents per <see cref="Unit"/>; <see cref="Contract"/> plans are billed by
/// contract, <see cref="Metered"/> ones per unit used.
/// </summary>
[IntegrationEventName("licensing.plan_priced.v1")]
public sealed record PlanPriced(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid PlanId,
    string Name,
    Guid AddonServiceId,
    long Cents,
    string Unit,
    bool Contract,
    bool Metered,
    DateTimeOffset EffectiveFrom) : IntegrationEvent(EventId, OccurredAt);
