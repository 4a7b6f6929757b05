using Billing.BuildingBlocks.Abstractions;
using Billing.Invoicing.Domain;
using Billing.Invoicing.Persistence;
using Billing.Licensing.Contracts;

namespace Billing.Invoicing.RateCard;

/// <summary>Keeps Invoicing's rate card in step with Licensing's price book.</summary>
internal sealed class RecordDynoSizeRate(InvoicingDbContext db) : IIntegrationEventHandler<DynoSizePublished>
{
    public Task Handle(DynoSizePublished integrationEvent, CancellationToken cancellationToken)
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
