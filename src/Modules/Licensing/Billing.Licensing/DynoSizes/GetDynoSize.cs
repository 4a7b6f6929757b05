using Billing.BuildingBlocks.Http;
using Billing.Licensing.Domain;
using Billing.Licensing.Persistence;
using Billing.Licensing.PriceBook;
using Mediator;
using Microsoft.EntityFrameworkCore;

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

internal static class DynoSizeLookup
{
    /// <summary>Legacy matches ids and names lower-cased; so do we.</summary>
    public static async Task<DynoSize> FindDynoSizeAsync(this LicensingDbContext db, string idOrName, CancellationToken cancellationToken)
    {
        var key = idOrName.ToLowerInvariant();
        var sizes = db.DynoSizes.AsNoTracking();
        var size = Guid.TryParse(key, out var id)
            ? await sizes.SingleOrDefaultAsync(s => s.Id == id, cancellationToken)
            : await sizes.SingleOrDefaultAsync(s => s.Name == key, cancellationToken);
        return size ?? throw new NotFoundException("Couldn't find that dyno size.");
    }
}
