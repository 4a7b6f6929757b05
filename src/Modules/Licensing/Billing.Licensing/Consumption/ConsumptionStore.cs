using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.BuildingBlocks.Persistence;
using Billing.Licensing.Domain.Enterprise;
using Billing.Licensing.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Billing.Licensing.Consumption;

/// <summary>
/// Consumption rows and threshold crossings. On PostgreSQL concurrent measurements are serialised per enterprise
/// account by a row lock and a crossing is inserted with <c>ON CONFLICT DO NOTHING</c> (only the inserting
/// transaction announces it); on the embedded SQLite default the delivering transaction already holds the
/// database's write lock, so a plain check-then-insert is just as exclusive.
/// </summary>
internal sealed class ConsumptionStore(LicensingDbContext db)
{
    /// <summary>Row locks on the accounts, taken in the database's order of their ids by one statement.</summary>
    public async Task LockAccountsAsync(IReadOnlyCollection<Guid> enterpriseAccountIds, CancellationToken cancellationToken)
    {
        if (db.Provider == DatabaseProvider.Postgres && enterpriseAccountIds.Count > 0)
        {
            var ids = enterpriseAccountIds.ToArray();
            await db.Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM licensing.enterprise_accounts WHERE id = ANY({ids}) ORDER BY id FOR UPDATE", cancellationToken);
        }
    }

    /// <summary>The teams' consumption in the month, replacing what was measured before: one read and one write for them all.</summary>
    public async Task SaveAsync(BillingPeriod month, IReadOnlyList<TeamConsumption> measured, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var teamIds = measured.Select(m => m.TeamId).ToList();
        var rows = (await db.LicenceConsumption.Where(c => teamIds.Contains(c.TeamId) && c.MonthStart == month.Start).ToListAsync(cancellationToken))
            .ToDictionary(r => (r.TeamId, r.Product));
        foreach (var team in measured)
        {
            foreach (var (product, value) in team.Consumed)
            {
                if (rows.TryGetValue((team.TeamId, product), out var row))
                {
                    row.Measure(value, now);
                }
                else
                {
                    db.LicenceConsumption.Add(new LicenceConsumption(team.EnterpriseAccountId, team.TeamId, month.Start, product, value, now));
                }
            }
        }

        // Hard limits read the pooled consumption: EntitlementInvalidation drops the account's cached entitlements when this commits.
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// The (team, month) pairs among <paramref name="pairs"/> measured as of <paramref name="since"/> or later. Compared in
    /// memory: SQLite's provider cannot order instants, and a team has one row per product.
    /// </summary>
    public async Task<HashSet<(Guid TeamId, DateTimeOffset MonthStart)>> MeasuredSinceAsync(
        IReadOnlyCollection<(Guid TeamId, DateTimeOffset MonthStart)> pairs, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var teamIds = pairs.Select(p => p.TeamId).Distinct().ToList();
        var months = pairs.Select(p => p.MonthStart).Distinct().ToList();
        var rows = await db.LicenceConsumption.AsNoTracking()
            .Where(c => teamIds.Contains(c.TeamId) && months.Contains(c.MonthStart))
            .Select(c => new { c.TeamId, c.MonthStart, c.UpdatedAt })
            .ToListAsync(cancellationToken);
        var wanted = pairs.ToHashSet();
        return [.. rows.Where(r => r.UpdatedAt >= since).Select(r => (r.TeamId, r.MonthStart)).Where(wanted.Contains)];
    }

    /// <summary>
    /// Marks the teams' figures in the months as behind the usage Usage announced at <paramref name="now"/>, in one
    /// statement: a later measurement (the refresh job, or positions read) catches up (ADR 0055).
    /// </summary>
    public Task MarkBehindUsageAsync(IReadOnlyCollection<(Guid TeamId, DateTimeOffset MonthStart)> pairs, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Teams × months may mark a pair that did not change (a delivery almost always names one month): one measurement more.
        var teamIds = pairs.Select(p => p.TeamId).Distinct().ToList();
        var months = pairs.Select(p => p.MonthStart).Distinct().ToList();
        return db.LicenceConsumption
            .Where(c => teamIds.Contains(c.TeamId) && months.Contains(c.MonthStart))
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.UsageChangedAt, now), cancellationToken);
    }

    /// <summary>The account's consumption in the month, all teams together, by product.</summary>
    public async Task<IReadOnlyDictionary<string, decimal>> PoolAsync(Guid enterpriseAccountId, BillingPeriod month, CancellationToken cancellationToken)
    {
        var rows = await db.LicenceConsumption.AsNoTracking()
            .Where(c => c.EnterpriseAccountId == enterpriseAccountId && c.MonthStart == month.Start)
            .Select(c => new { c.Product, c.Consumed })
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.Product).ToDictionary(g => g.Key, g => g.Sum(r => r.Consumed));
    }

    /// <summary>Records the crossing; true only for the one caller that recorded it first.</summary>
    public async Task<bool> TryRecordCrossingAsync(Guid contractId, string product, BillingPeriod month, int threshold, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (db.Provider == DatabaseProvider.Postgres)
        {
            return await db.Database.ExecuteSqlInterpolatedAsync(
                $"""
                INSERT INTO licensing.licence_threshold_crossings (contract_id, product, month_start, threshold_percent, crossed_at)
                VALUES ({contractId}, {product}, {month.Start}, {threshold}, {now})
                ON CONFLICT (contract_id, product, month_start, threshold_percent) DO NOTHING
                """, cancellationToken) == 1;
        }

        if (await db.LicenceThresholdCrossings.AnyAsync(c => c.ContractId == contractId && c.Product == product && c.MonthStart == month.Start && c.ThresholdPercent == threshold, cancellationToken))
        {
            return false;
        }

        db.LicenceThresholdCrossings.Add(new LicenceThresholdCrossing(contractId, product, month.Start, threshold, now));
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}

/// <summary>One team's consumption in a month, by licensed product.</summary>
internal sealed record TeamConsumption(Guid EnterpriseAccountId, Guid TeamId, IReadOnlyDictionary<string, decimal> Consumed);
