using Billing.BuildingBlocks.Http;
using Billing.Licensing.Domain;
using Billing.Licensing.Persistence;
using Billing.Licensing.PriceBook;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Billing.Licensing.DynoSizes;

internal sealed record ListDynoSizes(RangeRequest Range) : IQuery<Page<PricedDynoSize>>
{
    public static readonly IReadOnlyList<SortKey<DynoSize>> SortKeys =
    [
        SortKey.ForGuid<DynoSize>("id", s => s.Id),
        SortKey.ForString<DynoSize>("name", s => s.Name),
    ];
}

internal sealed class ListDynoSizesHandler(LicensingDbContext db, TimeProvider time) : IQueryHandler<ListDynoSizes, Page<PricedDynoSize>>
{
    public async ValueTask<Page<PricedDynoSize>> Handle(ListDynoSizes query, CancellationToken cancellationToken)
    {
        var page = await db.DynoSizes.AsNoTracking().ToPageAsync(query.Range, ListDynoSizes.SortKeys, cancellationToken);
        var prices = await db.InForceAtAsync(page.Items.Select(s => s.Id).ToList(), time.GetUtcNow(), cancellationToken);
        return page.Map(s => new PricedDynoSize(s, prices.GetValueOrDefault(s.Id)));
    }
}
