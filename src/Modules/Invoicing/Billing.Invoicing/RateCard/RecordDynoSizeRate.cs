using Billing.BuildingBlocks.Abstractions;
using Billing.Invoicing.Domain;
using Billing.Invoicing.Persistence;
using Billing.Licensing.Contracts;

namespace Billing.Invoicing.RateCard;

/// <summary>
/// Keeps Invoicing's rate card in step with Licensing's price book. A new size and a price change are
/// both one more rate row with its own effective date, never an update of an old one, so rating a past
/// period keeps the rate it had; the inbox makes a redelivered event a no-op.
/// </summary>
internal sealed class RecordDynoSizeRate(InvoicingDbContext db)
    : IIntegrationEventHandler<DynoSizePublished>, IIntegrationEventHandler<DynoSizePriceChanged>
{
    public Task Handle(DynoSizePublished integrationEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(integrationEvent);
        return Record(integrationEvent.DynoSizeId, integrationEvent.Name, integrationEvent.MonthlyPriceCents,
            integrationEvent.PreciseDynoUnits, integrationEvent.EffectiveFrom, integrationEvent.EventId);
    }

    public Task Handle(DynoSizePriceChanged integrationEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(integrationEvent);
        return Record(integrationEvent.DynoSizeId, integrationEvent.Name, integrationEvent.MonthlyPriceCents,
            integrationEvent.PreciseDynoUnits, integrationEvent.EffectiveFrom, integrationEvent.EventId);
    }

    private Task Record(Guid dynoSizeId, string name, long? monthlyPriceCents, decimal preciseDynoUnits, DateTimeOffset effectiveFrom, Guid eventId)
    {
        db.DynoSizeRates.Add(new DynoSizeRate(dynoSizeId, name, monthlyPriceCents, preciseDynoUnits, effectiveFrom, eventId));
        return Task.CompletedTask;
    }
}
