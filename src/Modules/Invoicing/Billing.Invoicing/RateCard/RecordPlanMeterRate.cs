using Billing.BuildingBlocks.Abstractions;
using Billing.Invoicing.Domain;
using Billing.Invoicing.Persistence;
using Billing.Licensing.Contracts;

namespace Billing.Invoicing.RateCard;

/// <summary>Keeps the included units of each metered plan version (one row per <c>PlanMeterPriced</c>, never updated).</summary>
internal sealed class RecordPlanMeterRate(InvoicingDbContext db) : IIntegrationEventHandler<PlanMeterPriced>
{
    public Task Handle(PlanMeterPriced integrationEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(integrationEvent);
        db.PlanMeterRates.Add(new PlanMeterRate(integrationEvent.EventId, integrationEvent.PlanId, integrationEvent.CentsPerUnit,
            integrationEvent.IncludedUnits, integrationEvent.EffectiveFrom));
        return Task.CompletedTask;
    }
}
