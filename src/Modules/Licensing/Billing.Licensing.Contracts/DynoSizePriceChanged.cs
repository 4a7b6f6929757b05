using Billing.BuildingBlocks.Abstractions;

namespace Billing.Licensing.Contracts;

/// <summary>
/// A dyno size gets a new list price from <see cref="EffectiveFrom"/> on (until a later change). Earlier
/// instants keep their price: consumers add this as a new rate version rather than overwrite the old one.
/// </summary>
[IntegrationEventName("licensing.dyno_size_price_changed.v1")]
public sealed record DynoSizePriceChanged(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid DynoSizeId,
    string Name,
    long? MonthlyPriceCents,
    decimal PreciseDynoUnits,
    DateTimeOffset EffectiveFrom) : IntegrationEvent(EventId, OccurredAt);
