using Billing.BuildingBlocks.Http;
using Billing.Invoicing.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Billing.Invoicing.Credits;

/// <summary>One of the caller's credits; another account's credit is indistinguishable from a missing one.</summary>
internal sealed record GetCredit(Guid AccountId, Guid CreditId) : IQuery<CreditRepresentation>;

internal sealed class GetCreditHandler(InvoicingDbContext db) : IQueryHandler<GetCredit, CreditRepresentation>
{
    public async ValueTask<CreditRepresentation> Handle(GetCredit query, CancellationToken cancellationToken)
    {
        var credit = await db.Credits.AsNoTracking()
            .SingleOrDefaultAsync(c => c.Id == query.CreditId && c.AccountId == query.AccountId, cancellationToken);
        return credit is null ? throw new NotFoundException("Couldn't find that credit.") : CreditRepresentation.From(credit);
    }
}
