using Billing.BuildingBlocks.Http;
using Billing.Licensing.Domain;
using Billing.Licensing.AddonServices;
using Billing.Licensing.DynoSizes;
using Billing.Licensing.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Billing.Licensing.PriceBook;

/// <summary>"What did this size or plan cost at instant T": the version in force then, never today's price.</summary>
internal sealed record GetPriceAt(PricedItemKind Kind, string IdOrName, DateTimeOffset? At) : IQuery<PriceVersionRepresentation>;

internal sealed class GetPriceAtHandler(LicensingDbContext db, TimeProvider time) : IQueryHandler<GetPriceAt, PriceVersionRepresentation>
{
    public async ValueTask<PriceVersionRepresentation> Handle(GetPriceAt query, CancellationToken cancellationToken)
    {
        Guid id;
        string name;
        if (query.Kind == PricedItemKind.EcoPlan)
        {
            (id, name) = (EcoPlan.Id, EcoPlan.Name);
        }
        else if (query.Kind == PricedItemKind.DynoSize)
        {
            var size = await db.FindDynoSizeAsync(query.IdOrName, cancellationToken);
            (id, name) = (size.Id, size.Name);
        }
        else
        {
            var plan = await db.FindPlanAsync(query.IdOrName, cancellationToken);
            (id, name) = (plan.Id, plan.Name);
        }

        var at = query.At ?? time.GetUtcNow();
        var versions = await db.PriceVersions.AsNoTracking().Where(v => v.ItemId == id).ToListAsync(cancellationToken);
        var version = PriceHistory.InForceAt(versions, at)
            ?? throw new NotFoundException($"{name} had no price at {at:yyyy-MM-dd'T'HH:mm:ss'Z'}.");
        return PriceVersionRepresentation.From(version, name, PriceHistory.EffectiveUntil(versions, at));
    }
}
