using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.Invoicing.Domain;
using Billing.Invoicing.Persistence;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace Billing.Invoicing.Runs;

/// <summary>Starts billing runs (admin, monthly schedule); the work itself is <see cref="BillingRunJobs"/>.</summary>
internal sealed class BillingRunStarter(InvoicingDbContext db, IBackgroundJobClient jobs, TimeProvider time)
{
    /// <summary>Creates a run (or, for a real run of a period that already has one, resumes that one) and queues its planning.</summary>
    public async Task<BillingRun> StartAsync(BillingPeriod period, bool dryRun, string requestedBy, CancellationToken cancellationToken)
    {
        var run = dryRun ? null : await db.BillingRuns.SingleOrDefaultAsync(r => r.PeriodStart == period.Start && !r.DryRun, cancellationToken);
        if (run is null)
        {
            run = BillingRun.Start(Guid.CreateVersion7(time.GetUtcNow()), period, dryRun, requestedBy, time.GetUtcNow());
            db.BillingRuns.Add(run);
            await db.SaveChangesAsync(cancellationToken);
        }

        var runId = run.Id;
        jobs.Enqueue<BillingRunJobs>(j => j.PlanAsync(runId, CancellationToken.None));
        return run;
    }
}
