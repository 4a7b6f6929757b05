using Billing.BuildingBlocks.Http;
using Billing.Invoicing.Domain;
using Billing.Invoicing.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Billing.Invoicing.Credits;

internal sealed record ListCredits(Guid AccountId, RangeRequest Range) : IQuery<Page<CreditRepresentation>>
{
    public static readonly IReadOnlyList<SortKey<Credit>> SortKeys =
    [
        SortKey.ForGuid<Credit>("id", c => c.Id),
    ];
}

internal sealed class ListCreditsHandler(InvoicingDbContext db) : IQueryHandler<ListCredits, Page<CreditRepresentation>>
{
    public async ValueTask<Page<CreditRepresentation>> Handle(ListCredits query, CancellationToken cancellationToken)
    {
        var page = await db.Credits.AsNoTracking()
            .Where(c => c.AccountId == query.AccountId)
            .ToPageAsync(query.Range, ListCredits.SortKeys, cancellationToken);
        return page.Map(CreditRepresentation.From);
    }
}
