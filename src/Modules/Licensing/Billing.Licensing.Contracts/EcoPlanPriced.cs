using Billing.BuildingBlocks.Abstractions;

namespace Billing.Licensing.Contracts;

/// <summary>
/// The Eco plan costs <see cref="MonthlyCents"/> per month (flat, for any month with Eco use) for a pool of
/// <see cref="PoolHours"/> dyno hours shared by an account's Eco dynos, from <see cref="EffectiveFrom"/> on.
/// </summary>
[IntegrationEventName("licensing.eco_plan_priced.v1")]
public sealed record EcoPlanPriced(
    Guid EventId,
    DateTimeOffset OccurredAt,
    long MonthlyCents,
    decimal PoolHours,
    DateTimeOffset EffectiveFrom) : IntegrationEvent(EventId, OccurredAt);
