using Billing.BuildingBlocks.Abstractions;

namespace Billing.Licensing.Contracts;

/// <summary>
/// A dyno size was added to the price book. Money is in integer cents per month; dyno units carry
/// the two decimals Enterprise licensing counts in.
/// </summary>
[IntegrationEventName("licensing.dyno_size_published.v1")]
public sealed record DynoSizePublished(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid DynoSizeId,
    string Name,
    long? MonthlyPriceCents,
    decimal PreciseDynoUnits,
    DateTimeOffset EffectiveFrom) : IntegrationEvent(EventId, OccurredAt);
