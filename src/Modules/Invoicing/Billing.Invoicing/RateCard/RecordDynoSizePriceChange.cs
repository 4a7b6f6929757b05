using Billing.BuildingBlocks.Abstractions;
using Billing.Invoicing.Domain;
using Billing.Invoicing.Persistence;
using Billing.Licensing.Contracts;

namespace Billing.Invoicing.RateCard;

/// <summary>
/// A price change is one more rate row with its own effective date, never an update of the old one, so
/// rating a past period keeps the rate it had. The inbox makes a redelivered change a no-op.
/// </summary>
internal sealed class RecordDynoSizePriceChange(InvoicingDbContext db) : IIntegrationEventHandler<DynoSizePriceChanged>
{
    public Task Handle(DynoSizePriceChanged integrationEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(integrationEvent);
        db.DynoSizeRates.Add(new DynoSizeRate(
            integrationEvent.DynoSizeId,
            integrationEvent.Name,
            integrationEvent.MonthlyPriceCents,
            integrationEvent.PreciseDynoUnits,
            integrationEvent.EffectiveFrom,
            integrationEvent.EventId));
        return Task.CompletedTask;
    }
}
