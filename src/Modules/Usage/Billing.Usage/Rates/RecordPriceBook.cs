using Billing.BuildingBlocks.Abstractions;
using Billing.Licensing.Contracts;
using Billing.Usage.Domain;
using Billing.Usage.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Billing.Usage.Rates;

/// <summary>Keeps Usage's copy of what reports count in: dyno units per size and plan prices, from Licensing's price-book events.</summary>
internal sealed class RecordPriceBook(UsageDbContext db) : IIntegrationEventHandler<DynoSizePublished>, IIntegrationEventHandler<PlanPriced>
{
    public async Task Handle(DynoSizePublished integrationEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(integrationEvent);
        var name = integrationEvent.Name.ToLowerInvariant();
        var known = await db.DynoSizeUnits.SingleOrDefaultAsync(s => s.Name == name, cancellationToken);
        if (known is null)
        {
            db.DynoSizeUnits.Add(new DynoSizeUnits(name, integrationEvent.PreciseDynoUnits));
        }
        else
        {
            known.PreciseDynoUnits = integrationEvent.PreciseDynoUnits;
        }
    }

    public async Task Handle(PlanPriced integrationEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(integrationEvent);
        var from = integrationEvent.EffectiveFrom.ToUniversalTime();
        if (!await db.PlanRates.AnyAsync(r => r.PlanId == integrationEvent.PlanId && r.EffectiveFrom == from, cancellationToken))
        {
            db.PlanRates.Add(new PlanRate(integrationEvent.PlanId, integrationEvent.Name, integrationEvent.Cents, from));
        }
    }
}
