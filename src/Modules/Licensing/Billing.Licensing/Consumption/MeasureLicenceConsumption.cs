using Billing.BuildingBlocks.Abstractions;
using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.Licensing.Contracts.Enterprise;
using Billing.Licensing.Domain;
using Billing.Licensing.Domain.Enterprise;
using Billing.Licensing.Persistence;
using Billing.Usage.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Billing.Licensing.Consumption;

/// <summary>
/// On <c>UsageBatchRecorded</c> (or the older per-owner <c>UsageRecorded</c>), for each team of an enterprise account
/// among the owners whose usage changed: measures the team's consumption in the parts of the month a contract covered
/// (Usage's rollups of each covered stretch), stores it, and announces every threshold the account's pooled consumption
/// has reached for the first time — once per (contract, product, month, threshold), enforced by a unique key, so
/// concurrent deliveries or instances never announce twice. A batch's teams are measured in one transaction.
/// </summary>
internal sealed class MeasureLicenceConsumption(LicensingDbContext db, IUsageReader usage, ConsumptionStore store, TimeProvider time, IOptions<ConsumptionOptions> options)
    : IIntegrationEventHandler<UsageRecorded>, IIntegrationEventHandler<UsageBatchRecorded>
{
    public Task Handle(UsageRecorded integrationEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(integrationEvent);
        return MeasureAsync([new UsageChange(integrationEvent.Owner, integrationEvent.MonthStart, integrationEvent.AcceptedEvents)], cancellationToken);
    }

    public Task Handle(UsageBatchRecorded integrationEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(integrationEvent);
        return MeasureAsync(integrationEvent.Changes, cancellationToken);
    }

    private async Task MeasureAsync(IReadOnlyList<UsageChange> changes, CancellationToken cancellationToken)
    {
        var teamIds = changes.Where(c => c.Owner.Kind == BillableOwnerKind.Team).Select(c => c.Owner.Id).Distinct().ToList();
        if (teamIds.Count == 0)
        {
            return;
        }

        // Most owners are not enterprise teams: one query finds the few that are.
        var teams = await db.EnterpriseTeams.AsNoTracking().Where(t => teamIds.Contains(t.TeamId)).ToDictionaryAsync(t => t.TeamId, cancellationToken);
        var measurements = changes
            .Where(c => c.Owner.Kind == BillableOwnerKind.Team && teams.ContainsKey(c.Owner.Id))
            .Select(c => (Team: teams[c.Owner.Id], Month: BillingPeriod.MonthOf(c.MonthStart)))
            .Distinct()
            .ToList();
        if (measurements.Count == 0)
        {
            return;
        }

        // One measurement per enterprise account at a time, so the pooled sum sees every team's latest figure: the batch's
        // accounts are all locked first, in one statement and one order, so two deliveries sharing accounts never deadlock.
        var accountIds = measurements.Select(m => m.Team.EnterpriseAccountId).Distinct().ToList();
        await store.LockAccountsAsync(accountIds, cancellationToken);
        var contracts = (await db.Contracts.AsNoTracking().Where(c => accountIds.Contains(c.EnterpriseAccountId)).ToListAsync(cancellationToken))
            .ToLookup(c => c.EnterpriseAccountId);
        foreach (var ofMonth in measurements.GroupBy(m => m.Month))
        {
            await MeasureMonthAsync(ofMonth.Key, [.. ofMonth.Select(m => m.Team)], contracts, cancellationToken);
        }
    }

    /// <summary>
    /// The teams' consumption in the parts of the month a contract of their account covered. Teams under the same covered
    /// stretch are read from Usage together: a batch touching many enterprise teams used to cost a dozen round trips each.
    /// </summary>
    private async Task MeasureMonthAsync(BillingPeriod month, IReadOnlyList<EnterpriseTeam> teams, ILookup<Guid, Contract> contracts, CancellationToken cancellationToken)
    {
        var covered = teams.Select(t => t.EnterpriseAccountId).Distinct()
            .ToDictionary(a => a, a => ContractMonth.Stretches([.. contracts[a]], month).Where(s => s.Covered).ToList());
        var measured = teams.Where(t => covered[t.EnterpriseAccountId].Count > 0).ToList();
        if (measured.Count == 0)
        {
            return;
        }

        var rollups = measured.ToDictionary(t => t.TeamId, _ => new List<UsageRollup>());
        foreach (var stretch in measured.SelectMany(t => covered[t.EnterpriseAccountId].Select(s => (t.TeamId, s.Period))).GroupBy(x => x.Period))
        {
            foreach (var rollup in await usage.MonthlyRollups([.. stretch.Select(x => BillableOwner.Team(x.TeamId))], stretch.Key, cancellationToken))
            {
                rollups[rollup.Owner.Id].Add(rollup);
            }
        }

        var now = time.GetUtcNow();
        var catalogue = await CatalogueAsync(month, cancellationToken);
        await store.SaveAsync(month, [.. measured.Select(t => new TeamConsumption(t.EnterpriseAccountId, t.TeamId, ConsumptionRules.Measure(rollups[t.TeamId], month, catalogue)))], now, cancellationToken);
        foreach (var accountId in measured.Select(t => t.EnterpriseAccountId).Distinct())
        {
            await AnnounceThresholdsAsync(accountId, covered[accountId], month, now, cancellationToken);
        }
    }

    private async Task AnnounceThresholdsAsync(Guid enterpriseAccountId, IReadOnlyList<CoveredStretch> covered, BillingPeriod month, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var pool = await store.PoolAsync(enterpriseAccountId, month, cancellationToken);
        foreach (var (product, licensed) in LicenceArithmetic.Licensed(covered, month))
        {
            var contract = covered.Last(s => s.Version!.LicenceFor(product) is not null).Contract!;
            var poolConsumed = pool.GetValueOrDefault(product);
            foreach (var threshold in ConsumptionRules.ThresholdsReached(licensed, poolConsumed, options.Value.Thresholds))
            {
                if (await store.TryRecordCrossingAsync(contract.Id, product, month, threshold, now, cancellationToken))
                {
                    db.Publish(new LicenceThresholdCrossed(Guid.CreateVersion7(now), now, contract.Id, enterpriseAccountId, product, month.Start, threshold,
                        LicenceArithmetic.Quantity(licensed), LicenceArithmetic.Quantity(poolConsumed)));
                }
            }
        }
    }

    private async Task<ConsumptionCatalogue> CatalogueAsync(BillingPeriod month, CancellationToken cancellationToken)
    {
        var sizes = await db.DynoSizes.AsNoTracking().ToDictionaryAsync(s => s.Name, s => s.PreciseDynoUnits, cancellationToken);
        var services = await db.AddonServices.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);
        var plans = await db.Plans.AsNoTracking().ToListAsync(cancellationToken);
        var prices = await db.PriceVersions.AsNoTracking().Where(v => v.Kind == PricedItemKind.Plan).ToListAsync(cancellationToken);
        // Credits are the plan's list price in force at the month's start, in dollars.
        var credits = plans.ToDictionary(
            p => p.Id.ToString(),
            p => ((PriceHistory.InForceAt(prices.Where(v => v.ItemId == p.Id), month.Start)?.Cents ?? 0) / 100m,
                services.GetValueOrDefault(p.AddonServiceId)?.StartsWith("heroku-", StringComparison.Ordinal) == true));
        return new ConsumptionCatalogue(sizes, credits);
    }
}
