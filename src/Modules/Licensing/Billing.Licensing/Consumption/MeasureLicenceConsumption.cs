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
            .Select(c => (Team: teams[c.Owner.Id], Month: BillingPeriod.MonthOf(c.MonthStart).Start))
            .Distinct()
            // Accounts are locked in one order, so two deliveries sharing accounts never deadlock.
            .OrderBy(m => m.Team.EnterpriseAccountId).ThenBy(m => m.Team.TeamId).ThenBy(m => m.Month);
        foreach (var (team, monthStart) in measurements)
        {
            await MeasureTeamAsync(team.EnterpriseAccountId, team.TeamId, BillingPeriod.MonthOf(monthStart), cancellationToken);
        }
    }

    private async Task MeasureTeamAsync(Guid enterpriseAccountId, Guid teamId, BillingPeriod month, CancellationToken cancellationToken)
    {
        // One measurement per enterprise account at a time: the pooled sum then sees every team's latest figure.
        await store.LockAccountAsync(enterpriseAccountId, cancellationToken);
        var contracts = await db.Contracts.AsNoTracking().Where(c => c.EnterpriseAccountId == enterpriseAccountId).ToListAsync(cancellationToken);
        var covered = ContractMonth.Stretches(contracts, month).Where(s => s.Covered).ToList();
        if (covered.Count == 0)
        {
            return;
        }

        var rollups = new List<UsageRollup>();
        foreach (var stretch in covered)
        {
            rollups.AddRange(await usage.MonthlyRollups([BillableOwner.Team(teamId)], stretch.Period, cancellationToken));
        }

        var now = time.GetUtcNow();
        var consumed = ConsumptionRules.Measure(rollups, month, await CatalogueAsync(month, cancellationToken));
        await store.SaveAsync(enterpriseAccountId, teamId, month, consumed, now, cancellationToken);
        await AnnounceThresholdsAsync(enterpriseAccountId, covered, month, now, cancellationToken);
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
