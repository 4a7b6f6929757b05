using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.BuildingBlocks.Jobs;
using Billing.Licensing.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Billing.Licensing.Consumption;

/// <summary>
/// Every minute (<c>licensing.consumption-refresh</c>; cron from <c>Jobs:Recurring:licensing.consumption-refresh:Cron</c>):
/// brings the consumption of every enterprise account under a contract up to date — the running month's to within
/// <see cref="ConsumptionOptions.MaxAge"/> and to the usage announced since it was measured, the previous month's through
/// its end (ADR 0054, 0055). An account already up to date costs two small queries per 50 accounts. Consumption is
/// measured when usage arrives; dynos left running without a new event would otherwise cross the licence's 80 % and
/// 100 % thresholds unannounced, the team-license and entitlement figures would stand still, and a busy team's usage
/// announced within <see cref="ConsumptionOptions.MinInterval"/> of a measurement would wait for the next one.
/// </summary>
internal sealed class RefreshLicenceConsumption(LicensingDbContext db, ConsumptionMeasurement measurement, TimeProvider time) : IRecurringJob
{
    public const string JobId = "licensing.consumption-refresh";

    /// <summary>Accounts measured per transaction: each holds its accounts' locks only while they are measured.</summary>
    private const int AccountsPerTransaction = 50;

    public string Id => JobId;

    public string DefaultCron => "* * * * *";

    public async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        var running = BillingPeriod.MonthOf(time.GetUtcNow());
        var contracts = await db.Contracts.AsNoTracking().ToListAsync(cancellationToken);
        foreach (var month in new[] { BillingPeriod.MonthOf(running.Start.AddTicks(-1)), running })
        {
            foreach (var accounts in contracts.GroupBy(c => c.EnterpriseAccountId).Chunk(AccountsPerTransaction))
            {
                await measurement.BringUpToDateAsync([.. accounts.SelectMany(a => a)], month, cancellationToken);
                db.ChangeTracker.Clear();
            }
        }
    }
}
