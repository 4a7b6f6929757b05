using Billing.BuildingBlocks.Http;
using Billing.Licensing.Domain;
using Billing.Licensing.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Billing.Licensing.DynoSizes;

internal sealed record ListDynoSizes(RangeRequest Range) : IQuery<Page<DynoSizeRepresentation>>
{
    public static readonly IReadOnlyList<SortKey<DynoSize>> SortKeys =
    [
        SortKey.ForGuid<DynoSize>("id", s => s.Id),
        SortKey.ForString<DynoSize>("name", s => s.Name),
    ];
}

internal sealed class ListDynoSizesHandler(LicensingDbContext db) : IQueryHandler<ListDynoSizes, Page<DynoSizeRepresentation>>
{
    public async ValueTask<Page<DynoSizeRepresentation>> Handle(ListDynoSizes query, CancellationToken cancellationToken)
    {
        var page = await db.DynoSizes.AsNoTracking().ToPageAsync(query.Range, ListDynoSizes.SortKeys, cancellationToken);
        return page.Map(DynoSizeRepresentation.From);
    }
}
