using Billing.Licensing.Persistence;
using Billing.Licensing.PriceBook;
using Mediator;

namespace Billing.Licensing.DynoSizes;

/// <summary>By id or by name, as every Heroku identity accepts both; priced as of now.</summary>
internal sealed record GetDynoSize(string IdOrName) : IQuery<PricedDynoSize>;

internal sealed class GetDynoSizeHandler(LicensingDbContext db, TimeProvider time) : IQueryHandler<GetDynoSize, PricedDynoSize>
{
    public async ValueTask<PricedDynoSize> Handle(GetDynoSize query, CancellationToken cancellationToken)
    {
        var size = await db.FindDynoSizeAsync(query.IdOrName, cancellationToken);
        return new PricedDynoSize(size, await db.InForceAtAsync(size.Id, time.GetUtcNow(), cancellationToken));
    }
}

