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
/// On <c>UsageRecorded(owner, month)</c> for a team of an enterprise account: measures the team's consumption in the
/// parts of the month a contract covered (Usage's rollups of each covered stretch), stores it, and announces every
/// threshold the account's pooled consumption has reached for the first time — once per (contract, product, month,
/// threshold), enforced by a unique key, so concurrent deliveries or instances never announce twice.
/// </summary>
internal sealed class MeasureLicenceConsumption(LicensingDbContext db, IUsageReader usage, ConsumptionStore store, TimeProvider time, IOptions<ConsumptionOptions> options)
    : IIntegrationEventHandler<UsageRecorded>
{
    public async Task Handle(UsageRecorded integrationEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(integrationEvent);
        if (integrationEvent.Owner.Kind != BillableOwnerKind.Team)
        {
            return;
        }

        var team = await db.EnterpriseTeams.AsNoTracking().SingleOrDefaultAsync(t => t.TeamId == integrationEvent.Owner.Id, cancellationToken);
        if (team is null)
        {
            return;
        }

        var month = BillingPeriod.MonthOf(integrationEvent.MonthStart);
        // One measurement per enterprise account at a time: the pooled sum then sees every team's latest figure.
        await store.LockAccountAsync(team.EnterpriseAccountId, cancellationToken);
        var contracts = await db.Contracts.AsNoTracking().Where(c => c.EnterpriseAccountId == team.EnterpriseAccountId).ToListAsync(cancellationToken);
        var covered = ContractMonth.Stretches(contracts, month).Where(s => s.Covered).ToList();
        if (covered.Count == 0)
        {
            return;
        }

        var rollups = new List<UsageRollup>();
        foreach (var stretch in covered)
        {
            rollups.AddRange(await usage.MonthlyRollups([integrationEvent.Owner], stretch.Period, cancellationToken));
        }

        var now = time.GetUtcNow();
        var consumed = ConsumptionRules.Measure(rollups, month, await CatalogueAsync(month, cancellationToken));
        await store.SaveAsync(team.EnterpriseAccountId, team.TeamId, month, consumed, now, cancellationToken);
        await AnnounceThresholdsAsync(team.EnterpriseAccountId, covered, month, now, cancellationToken);
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
