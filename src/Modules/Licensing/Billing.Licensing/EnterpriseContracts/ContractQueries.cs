using Billing.Licensing.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Billing.Licensing.EnterpriseContracts;

internal sealed record GetContract(Guid ContractId) : IQuery<ContractRepresentation>;

internal sealed record ListContracts(string EnterpriseAccount) : IQuery<IReadOnlyList<ContractRepresentation>>;

internal sealed class ContractQueryHandler(LicensingDbContext db)
    : IQueryHandler<GetContract, ContractRepresentation>, IQueryHandler<ListContracts, IReadOnlyList<ContractRepresentation>>
{
    public async ValueTask<ContractRepresentation> Handle(GetContract query, CancellationToken cancellationToken) =>
        ContractRepresentation.From(await db.FindContractAsync(query.ContractId, cancellationToken));

    public async ValueTask<IReadOnlyList<ContractRepresentation>> Handle(ListContracts query, CancellationToken cancellationToken)
    {
        var account = await db.FindEnterpriseAccountAsync(query.EnterpriseAccount, cancellationToken);
        var contracts = await db.Contracts.AsNoTracking().Where(c => c.EnterpriseAccountId == account.Id).ToListAsync(cancellationToken);
        return contracts.OrderBy(c => c.Current.StartsAt).Select(ContractRepresentation.From).ToList();
    }
}
