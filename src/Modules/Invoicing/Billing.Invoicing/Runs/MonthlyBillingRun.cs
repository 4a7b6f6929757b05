using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.BuildingBlocks.Jobs;

namespace Billing.Invoicing.Runs;

/// <summary>
/// The monthly run: at 00:00 UTC on the 1st, invoice the month that just ended. Id <c>invoicing.monthly-run</c>
/// (the issue's <c>invoicing:monthly-run</c>; configuration keys split on colons, so ids use dots), cron from
/// <c>Jobs:Recurring:invoicing.monthly-run:Cron</c>. Starting it twice resumes the period's run.
/// </summary>
internal sealed class MonthlyBillingRun(BillingRunStarter runs, TimeProvider time) : IRecurringJob
{
    public const string JobId = "invoicing.monthly-run";

    public string Id => JobId;

    public string DefaultCron => "0 0 1 * *";

    public Task ExecuteAsync(CancellationToken cancellationToken)
    {
        var previousMonth = BillingPeriod.MonthOf(BillingPeriod.MonthOf(time.GetUtcNow()).Start.AddTicks(-1));
        return runs.StartAsync(previousMonth, dryRun: false, requestedBy: JobId, cancellationToken);
    }
}
