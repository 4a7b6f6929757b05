using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.Licensing.Contracts.Enterprise;
using Billing.Licensing.Domain.Enterprise;
using Billing.Licensing.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Billing.Licensing.EnterpriseContracts;

/// <summary>
/// <see cref="ILicensePositions"/> for Invoicing: the month's contract stretches of the owner's enterprise account and,
/// per licensed product, the prorated licence against the consumption last measured for the account's teams.
/// </summary>
internal sealed class LicensePositionsReader(LicensingDbContext db) : ILicensePositions
{
    public async Task<MonthlyLicensePositions> ForMonth(BillableOwner owner, BillingPeriod month, CancellationToken cancellationToken)
    {
        var uncovered = new MonthlyLicensePositions(owner, month, null, [new ContractSegment(month, null, null)], []);
        if (owner.Kind != BillableOwnerKind.Team)
        {
            return uncovered;
        }

        var team = await db.EnterpriseTeams.AsNoTracking().SingleOrDefaultAsync(t => t.TeamId == owner.Id, cancellationToken);
        if (team is null)
        {
            return uncovered;
        }

        var contracts = await db.Contracts.AsNoTracking().Where(c => c.EnterpriseAccountId == team.EnterpriseAccountId).ToListAsync(cancellationToken);
        var stretches = ContractMonth.Stretches(contracts, month);
        var consumption = await LoadConsumptionAsync(team.EnterpriseAccountId, month, cancellationToken);
        return new MonthlyLicensePositions(owner, month, team.EnterpriseAccountId,
            stretches.Select(s => new ContractSegment(s.Period, s.Contract?.Id, s.Version?.Number)).ToList(),
            LicenceArithmetic.Positions(stretches, month, consumption, owner.Id));
    }

    /// <summary>Consumption of every team of the account in the month, by team and product.</summary>
    private async Task<IReadOnlyDictionary<Guid, IReadOnlyDictionary<string, decimal>>> LoadConsumptionAsync(Guid enterpriseAccountId, BillingPeriod month, CancellationToken cancellationToken)
    {
        var rows = await db.LicenceConsumption.AsNoTracking()
            .Where(c => c.EnterpriseAccountId == enterpriseAccountId && c.MonthStart == month.Start)
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.TeamId)
            .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, decimal>)g.ToDictionary(r => r.Product, r => r.Consumed));
    }
}
