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
/// Measures enterprise teams' consumption in the parts of a month a contract of their account covered (Usage's rollups
/// of each covered stretch, up to the clock), stores it, and announces every threshold the account's pooled consumption
/// has reached for the first time — once per (contract, product, month, threshold), enforced by a unique key, so
/// concurrent measurements never announce twice. Accounts are locked first, in one statement and one order, so the pooled
/// sum sees every team's latest figure and two measurements sharing accounts never deadlock.
/// </summary>
internal sealed class ConsumptionMeasurement(LicensingDbContext db, IUsageReader usage, ConsumptionStore store, TimeProvider time, IOptions<ConsumptionOptions> options)
{
    /// <summary>The teams' consumption in each of their months. The caller owns the transaction (a delivery's).</summary>
    public async Task MeasureAsync(IReadOnlyCollection<(EnterpriseTeam Team, BillingPeriod Month)> measurements, CancellationToken cancellationToken)
    {
        if (measurements.Count == 0)
        {
            return;
        }

        var accountIds = measurements.Select(m => m.Team.EnterpriseAccountId).Distinct().ToList();
        await store.LockAccountsAsync(accountIds, cancellationToken);
        var contracts = await ContractsAsync(accountIds, cancellationToken);
        foreach (var ofMonth in measurements.GroupBy(m => m.Month))
        {
            await MeasureMonthAsync(ofMonth.Key, [.. ofMonth.Select(m => m.Team)], contracts, cancellationToken);
        }
    }

    /// <summary>
    /// The instant a measurement of <paramref name="month"/> must have been taken at or after to be read as current: the
    /// month's end once it is over (what a billing run bills), otherwise <see cref="ConsumptionOptions.MaxAge"/> ago.
    /// </summary>
    public DateTimeOffset FreshAsOf(BillingPeriod month)
    {
        var now = time.GetUtcNow();
        return now >= month.End ? month.End : now - options.Value.MaxAge;
    }

    /// <summary>
    /// Measures again, all teams together, every account that one of <paramref name="contracts"/> (all of the account's,
    /// as the caller read them) covered in <paramref name="month"/> and that has a team not measured since
    /// <see cref="FreshAsOf"/> — in a transaction of its own unless the caller is in one. Consumption is measured when
    /// usage arrives, up to that moment: a month whose usage stopped arriving (dynos left running, nothing scaled) would
    /// otherwise be billed and shown as of its last event (ADR 0054).
    /// </summary>
    public async Task BringUpToDateAsync(IReadOnlyCollection<Contract> contracts, BillingPeriod month, CancellationToken cancellationToken)
    {
        var contractsOf = contracts.ToLookup(c => c.EnterpriseAccountId);
        var covered = contractsOf.Where(g => ContractMonth.Stretches([.. g], month).Any(s => s.Covered)).Select(g => g.Key).ToList();
        var freshAsOf = FreshAsOf(month);
        var stale = await StaleAsync(covered, month, freshAsOf, cancellationToken);
        if (stale.Count == 0)
        {
            return;
        }

        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        await store.LockAccountsAsync(stale, cancellationToken);
        // Again under the locks: a concurrent reader (another partition of the same run) may have measured them meanwhile.
        stale = await StaleAsync(stale, month, freshAsOf, cancellationToken);
        if (stale.Count > 0)
        {
            var teams = await db.EnterpriseTeams.AsNoTracking().Where(t => stale.Contains(t.EnterpriseAccountId)).ToListAsync(cancellationToken);
            await MeasureMonthAsync(month, teams, contractsOf, cancellationToken);
            // The crossings' announcements are outbox rows of this context.
            await db.SaveChangesAsync(cancellationToken);
        }

        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// The accounts with a team whose consumption in the month was last measured before <paramref name="freshAsOf"/>, or
    /// never, or is behind usage announced since (ADR 0055). A measurement writes every product of a team at once, so a
    /// team's newest row dates all of them. Compared here rather than in SQL: SQLite's provider cannot order instants, and
    /// an account has a handful of rows per team.
    /// </summary>
    private async Task<List<Guid>> StaleAsync(List<Guid> accountIds, BillingPeriod month, DateTimeOffset freshAsOf, CancellationToken cancellationToken)
    {
        if (accountIds.Count == 0)
        {
            return [];
        }

        var teams = await db.EnterpriseTeams.AsNoTracking().Where(t => accountIds.Contains(t.EnterpriseAccountId))
            .Select(t => new { t.TeamId, t.EnterpriseAccountId }).ToListAsync(cancellationToken);
        var teamIds = teams.Select(t => t.TeamId).ToList();
        var measured = (await db.LicenceConsumption.AsNoTracking().Where(c => teamIds.Contains(c.TeamId) && c.MonthStart == month.Start)
                .Select(c => new { c.TeamId, c.UpdatedAt, c.UsageChangedAt }).ToListAsync(cancellationToken))
            .GroupBy(c => c.TeamId)
            .ToDictionary(g => g.Key, g => (At: g.Max(c => c.UpdatedAt), Behind: g.Any(c => c.UsageChangedAt > c.UpdatedAt)));
        return [.. teams
            .Where(t => !measured.TryGetValue(t.TeamId, out var team) || team.At < freshAsOf || team.Behind)
            .Select(t => t.EnterpriseAccountId)
            .Distinct()];
    }

    private async Task<ILookup<Guid, Contract>> ContractsAsync(IReadOnlyCollection<Guid> accountIds, CancellationToken cancellationToken) =>
        (await db.Contracts.AsNoTracking().Where(c => accountIds.Contains(c.EnterpriseAccountId)).ToListAsync(cancellationToken))
            .ToLookup(c => c.EnterpriseAccountId);

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

        // Taken before Usage is read: usage announced after this instant is not in the figures, so a mark made then stays later.
        var now = time.GetUtcNow();
        var rollups = measured.ToDictionary(t => t.TeamId, _ => new List<UsageRollup>());
        foreach (var stretch in measured.SelectMany(t => covered[t.EnterpriseAccountId].Select(s => (t.TeamId, s.Period))).GroupBy(x => x.Period))
        {
            foreach (var rollup in await usage.MonthlyRollups([.. stretch.Select(x => BillableOwner.Team(x.TeamId))], stretch.Key, cancellationToken))
            {
                rollups[rollup.Owner.Id].Add(rollup);
            }
        }

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
