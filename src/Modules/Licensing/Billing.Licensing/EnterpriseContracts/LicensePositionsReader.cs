using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.Licensing.Consumption;
using Billing.Licensing.Contracts.Enterprise;
using Billing.Licensing.Domain.Enterprise;
using Billing.Licensing.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Billing.Licensing.EnterpriseContracts;

/// <summary>
/// <see cref="ILicensePositions"/> for Invoicing: the month's contract stretches of the owner's enterprise account and,
/// per licensed product, the prorated licence against the consumption last measured for the account's teams. Many
/// owners are read with three queries in all (their teams, the accounts' contracts, the accounts' consumption): a billing
/// run asked owner by owner paid a round trip for every team it billed, enterprise or not. Consumption older than the
/// month allows is measured again first: through the month's end once it is over (ADR 0054).
/// </summary>
internal sealed class LicensePositionsReader(LicensingDbContext db, ConsumptionMeasurement measurement) : ILicensePositions
{
    public async Task<MonthlyLicensePositions> ForMonth(BillableOwner owner, BillingPeriod month, CancellationToken cancellationToken) =>
        (await ForMonth([owner], month, cancellationToken))[owner];

    public async Task<IReadOnlyDictionary<BillableOwner, MonthlyLicensePositions>> ForMonth(
        IReadOnlyCollection<BillableOwner> owners, BillingPeriod month, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owners);
        var teamIds = owners.Where(o => o.Kind == BillableOwnerKind.Team).Select(o => o.Id).Distinct().ToList();
        var teams = teamIds.Count == 0
            ? []
            : await db.EnterpriseTeams.AsNoTracking().Where(t => teamIds.Contains(t.TeamId)).ToDictionaryAsync(t => t.TeamId, t => t.EnterpriseAccountId, cancellationToken);
        var accountIds = teams.Values.Distinct().ToList();
        List<Contract> contracts = [];
        List<LicenceConsumption> consumption = [];
        if (accountIds.Count > 0)
        {
            contracts = await db.Contracts.AsNoTracking().Where(c => accountIds.Contains(c.EnterpriseAccountId)).ToListAsync(cancellationToken);
            await measurement.BringUpToDateAsync(contracts, month, cancellationToken);
            consumption = await db.LicenceConsumption.AsNoTracking()
                .Where(c => accountIds.Contains(c.EnterpriseAccountId) && c.MonthStart == month.Start)
                .ToListAsync(cancellationToken);
        }

        var contractsOf = contracts.ToLookup(c => c.EnterpriseAccountId);
        var consumptionOf = consumption.ToLookup(c => c.EnterpriseAccountId);
        var positions = new Dictionary<BillableOwner, MonthlyLicensePositions>();
        foreach (var owner in owners)
        {
            if (positions.ContainsKey(owner))
            {
                continue;
            }

            if (owner.Kind != BillableOwnerKind.Team || !teams.TryGetValue(owner.Id, out var accountId))
            {
                // Outside any enterprise account: everything it used is billed at list price.
                positions[owner] = new MonthlyLicensePositions(owner, month, null, [new ContractSegment(month, null, null)], []);
                continue;
            }

            var stretches = ContractMonth.Stretches([.. contractsOf[accountId]], month);
            positions[owner] = new MonthlyLicensePositions(owner, month, accountId,
                stretches.Select(s => new ContractSegment(s.Period, s.Contract?.Id, s.Version?.Number)).ToList(),
                LicenceArithmetic.Positions(stretches, month, ByTeamAndProduct(consumptionOf[accountId]), owner.Id));
        }

        return positions;
    }

    /// <summary>Consumption of every team of the account in the month, by team and product.</summary>
    private static Dictionary<Guid, IReadOnlyDictionary<string, decimal>> ByTeamAndProduct(IEnumerable<LicenceConsumption> rows) =>
        rows.GroupBy(r => r.TeamId)
            .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, decimal>)g.ToDictionary(r => r.Product, r => r.Consumed));
}
