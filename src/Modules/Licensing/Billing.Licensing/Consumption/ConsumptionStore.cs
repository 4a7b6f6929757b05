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
    public async Task LockAccountAsync(Guid enterpriseAccountId, CancellationToken cancellationToken)
    {
        if (db.Provider == DatabaseProvider.Postgres)
        {
            await db.Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM licensing.enterprise_accounts WHERE id = {enterpriseAccountId} FOR UPDATE", cancellationToken);
        }
    }

    public async Task SaveAsync(Guid enterpriseAccountId, Guid teamId, BillingPeriod month, IReadOnlyDictionary<string, decimal> consumed, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rows = await db.LicenceConsumption.Where(c => c.TeamId == teamId && c.MonthStart == month.Start).ToListAsync(cancellationToken);
        foreach (var (product, value) in consumed)
        {
            if (rows.FirstOrDefault(r => r.Product == product) is { } row)
            {
                row.Measure(value, now);
            }
            else
            {
                db.LicenceConsumption.Add(new LicenceConsumption(enterpriseAccountId, teamId, month.Start, product, value, now));
            }
        }

        // Hard limits read the pooled consumption: EntitlementInvalidation drops the account's cached entitlements when this commits.
        await db.SaveChangesAsync(cancellationToken);
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
