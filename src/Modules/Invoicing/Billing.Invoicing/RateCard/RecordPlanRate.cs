using Billing.BuildingBlocks.Abstractions;
using Billing.Invoicing.Domain;
using Billing.Invoicing.Persistence;
using Billing.Licensing.Contracts;

namespace Billing.Invoicing.RateCard;

/// <summary>Each <c>PlanPriced</c> is one more plan rate version (never an update), as for dyno sizes.</summary>
internal sealed class RecordPlanRate(InvoicingDbContext db) : IIntegrationEventHandler<PlanPriced>
{
    public Task Handle(PlanPriced integrationEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(integrationEvent);
        db.PlanRates.Add(new PlanRate(integrationEvent.EventId, integrationEvent.PlanId, integrationEvent.Name, integrationEvent.AddonServiceId,
            integrationEvent.Cents, integrationEvent.Unit, integrationEvent.Contract, integrationEvent.Metered, integrationEvent.EffectiveFrom));
        return Task.CompletedTask;
    }
}
