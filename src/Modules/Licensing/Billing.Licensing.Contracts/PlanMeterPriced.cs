using Billing.BuildingBlocks.Abstractions;

namespace Billing.Licensing.Contracts;

/// <summary>
/// An add-on plan is metered from <see cref="EffectiveFrom"/> on: <see cref="CentsPerUnit"/> integer cents per
/// <see cref="Unit"/> used beyond <see cref="IncludedUnits"/> per month. Sent next to <see cref="PlanPriced"/>
/// (which carries the same version with <c>Metered</c> set) for consumers that need the included units.
/// </summary>
[IntegrationEventName("licensing.plan_meter_priced.v1")]
public sealed record PlanMeterPriced(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid PlanId,
    string Name,
    Guid AddonServiceId,
    long CentsPerUnit,
    string Unit,
    long IncludedUnits,
    DateTimeOffset EffectiveFrom) : IntegrationEvent(EventId, OccurredAt);
