using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.BuildingBlocks.Persistence;
using Billing.Invoicing.Domain;
using Billing.Invoicing.Issuing;
using Billing.Invoicing.Persistence;
using Billing.Usage.Contracts;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Billing.Invoicing.Runs;

/// <summary>
/// The billing run as Hangfire jobs. Hangfire stores only the run id (and a partition number); all progress is
/// in <c>billing_runs</c> / <c>billing_run_items</c>, so any job can crash at any point and its retry resumes:
/// planning inserts items idempotently, and rating an owner that already has its invoice just marks it done.
/// Partitions are separate jobs, so they spread over every worker of every host.
/// </summary>
internal sealed class BillingRunJobs(
    InvoicingDbContext db,
    IUsageReader usage,
    InvoiceIssuer issuer,
    IBackgroundJobClient jobs,
    IOptions<InvoicingOptions> options,
    TimeProvider time,
    ILogger<BillingRunJobs> logger)
{
    /// <summary>
    /// Lists the run's owners into items and queues a job per partition. A partition is committed and queued as soon as
    /// its last owner is planned, so workers rate the first partitions while planning streams on (ADR 0056): a planning
    /// worker no longer holds every other worker idle. Resumable: a retry keeps the items committed before it (their
    /// partitions queued again, in case the crash came between commit and queueing; rating a partition twice is
    /// harmless) and plans the owners after them. The last partition, the owners with open adjustments and the switch to
    /// rating commit together.
    /// </summary>
    [AutomaticRetry(Attempts = 5)]
    [DisableConcurrentExecution("invoicing-run-plan:{0}", 600)]
    public async Task PlanAsync(Guid runId, CancellationToken cancellationToken)
    {
        // Serialised per run across hosts for the whole planning, not one transaction: a second planner waits, then finds it done.
        await using var planning = await RunPlanningLock.TakeAsync(db, runId, cancellationToken);
        var run = await db.BillingRuns.AsNoTracking().SingleAsync(r => r.Id == runId, cancellationToken);
        var size = options.Value.PartitionSize;
        var queued = 0;
        if (run.Status == BillingRunStatus.Planning)
        {
            var known = (await db.BillingRunItems.Where(i => i.RunId == runId).Select(i => new { i.OwnerKind, i.OwnerId }).ToListAsync(cancellationToken))
                .Select(k => new BillableOwner(k.OwnerKind, k.OwnerId)).ToHashSet();
            var index = known.Count;
            var batch = new List<BillingRunItem>();
            queued = Queue(runId, 0, index / size);
            var period = new BillingPeriod(run.PeriodStart, run.PeriodEnd);
            // The period's last pages marked for index-only reads before any partition reads them (ADR 0059).
            await usage.PrepareForRunAsync(cancellationToken);
            await foreach (var owner in usage.OwnersWithUsage(period, cancellationToken))
            {
                await PlanOwnerAsync(owner);
            }

            foreach (var owner in await OwnersWithOpenAdjustmentsAsync(period, cancellationToken))
            {
                await PlanOwnerAsync(owner);
            }

            async Task PlanOwnerAsync(BillableOwner owner)
            {
                if (known.Add(owner))
                {
                    batch.Add(new BillingRunItem(runId, owner, index++ / size));
                    if (index % size == 0)
                    {
                        await SaveItemsAsync(batch, cancellationToken);
                        queued += Queue(runId, queued, index / size);
                    }
                }
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await SaveItemsAsync(batch, cancellationToken);
            var planned = await db.BillingRuns.SingleAsync(r => r.Id == runId, cancellationToken);
            planned.Planned(index == 0 ? 0 : ((index - 1) / size) + 1, time.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            run = planned;
        }

        Queue(runId, queued, run.Partitions);
        await CompleteIfFinishedAsync(runId, cancellationToken);
    }

    /// <summary>Queues the jobs of partitions <paramref name="from"/> to <paramref name="to"/> (exclusive); returns how many.</summary>
    private int Queue(Guid runId, int from, int to)
    {
        for (var partition = from; partition < to; partition++)
        {
            var p = partition;
            jobs.Enqueue<BillingRunJobs>(j => j.RatePartitionAsync(runId, p, CancellationToken.None));
        }

        return Math.Max(0, to - from);
    }

    /// <summary>
    /// Owners with something to bill besides the period's usage: a usage correction of an earlier period still open, or
    /// a support adjustment not applied yet. An owner whose usage stopped would otherwise never see them billed.
    /// </summary>
    private async Task<IReadOnlyList<BillableOwner>> OwnersWithOpenAdjustmentsAsync(BillingPeriod period, CancellationToken cancellationToken)
    {
        var corrected = await db.PendingUsageCorrections.AsNoTracking()
            .Where(c => c.SettledOnInvoiceId == null && c.PeriodStart < period.Start)
            .Select(c => new { c.OwnerKind, c.OwnerId }).Distinct().ToListAsync(cancellationToken);
        var adjusted = await db.SupportAdjustments.AsNoTracking()
            .Where(a => a.AppliedToInvoiceId == null && a.CreatedAt < period.End)
            .Select(a => new { a.OwnerKind, a.OwnerId }).Distinct().ToListAsync(cancellationToken);
        return [.. corrected.Concat(adjusted).Select(o => new BillableOwner(o.OwnerKind, o.OwnerId)).Distinct().OrderBy(o => o.Kind).ThenBy(o => o.Id)];
    }

    /// <summary>
    /// Issues every owner of the partition not yet done, as one batch (usage read in bulk, rated in memory, written in
    /// one transaction). One owner's failure is recorded on its item and does not stop the others; the job then fails
    /// so that Hangfire retries the partition (only the unfinished owners).
    /// </summary>
    [AutomaticRetry(Attempts = BillingRunItem.MaxAttempts)]
    public async Task RatePartitionAsync(Guid runId, int partition, CancellationToken cancellationToken)
    {
        var run = await db.BillingRuns.AsNoTracking().SingleAsync(r => r.Id == runId, cancellationToken);
        var period = new BillingPeriod(run.PeriodStart, run.PeriodEnd);
        var owners = (await db.BillingRunItems.AsNoTracking()
                .Where(i => i.RunId == runId && i.Partition == partition && i.Status != BillingRunItemStatus.Done)
                .ToListAsync(cancellationToken))
            .Where(i => i.Retryable).Select(i => i.Owner).ToList();
        if (owners.Count > 0)
        {
            var outcomes = await issuer.IssueManyAsync(owners, period, run.DryRun, cancellationToken);
            await RecordAsync(runId, partition, outcomes);
        }

        await CompleteIfFinishedAsync(runId, cancellationToken);
        var retryable = (await db.BillingRunItems.AsNoTracking()
            .Where(i => i.RunId == runId && i.Partition == partition && i.Status == BillingRunItemStatus.Failed)
            .ToListAsync(cancellationToken)).Count(i => i.Retryable);
        if (retryable > 0)
        {
            throw new BillingRunPartitionIncompleteException($"Billing run {runId}, partition {partition}: {retryable} owner(s) failed and will be retried.");
        }
    }

    /// <summary>
    /// The outcomes on the run's items (a crash before it is harmless: the retry finds the invoices). On PostgreSQL the
    /// owners done are one UPDATE from arrays, as <see cref="BillingRunItem.Done"/> sets them: the change tracker's 200
    /// single-row UPDATEs per partition took up to half the run on the loaded benchmark machine. The rare failures, and
    /// everything on other providers, go through <see cref="BillingRunItem"/>.
    /// The partition is in the condition so that the rows are found through the partition's index whatever the planner
    /// believes of the table: with statistics from before planning filled it, it hashed the whole run's items for every
    /// partition (ADR 0058).
    /// </summary>
    private async Task RecordAsync(Guid runId, int partition, IReadOnlyList<IssueOutcome> outcomes)
    {
        db.ChangeTracker.Clear();
        var now = time.GetUtcNow();
        var tracked = outcomes;
        if (db.Provider == DatabaseProvider.Postgres)
        {
            var done = outcomes.Where(o => o.Failure is null).ToList();
            await db.Database.ExecuteSqlAsync($"""
                UPDATE invoicing.billing_run_items i
                SET status = {(int)BillingRunItemStatus.Done}, invoice_number = d.number, total_cents = d.total, last_error = NULL, updated_at = {now}
                FROM unnest({done.Select(o => (int)o.Owner.Kind).ToArray()}, {done.Select(o => o.Owner.Id).ToArray()}, {done.Select(o => o.Number).ToArray()}, {done.Select(o => o.TotalCents).ToArray()})
                  AS d (owner_kind, owner_id, number, total)
                WHERE i.run_id = {runId} AND i.partition = {partition} AND i.owner_kind = d.owner_kind AND i.owner_id = d.owner_id
                """, CancellationToken.None);
            tracked = [.. outcomes.Where(o => o.Failure is not null)];
        }

        if (tracked.Count == 0)
        {
            return;
        }

        var ids = tracked.Select(o => o.Owner.Id).ToList();
        var items = (await db.BillingRunItems.Where(i => i.RunId == runId && i.Partition == partition && ids.Contains(i.OwnerId)).ToListAsync(CancellationToken.None))
            .ToDictionary(i => i.Owner);
        foreach (var outcome in tracked)
        {
            if (!items.TryGetValue(outcome.Owner, out var item))
            {
                continue;
            }

            if (outcome.Failure is { } failure)
            {
                logger.LogWarning(failure, "Billing run {RunId}: rating {Owner} failed", runId, outcome.Owner);
                item.Failed($"{failure.GetType().Name}: {failure.Message}", now);
            }
            else
            {
                item.Done(outcome.Number, outcome.TotalCents, now);
            }
        }

        await db.SaveChangesAsync(CancellationToken.None);
        db.ChangeTracker.Clear();
    }

    /// <summary>
    /// Adds planned items. On PostgreSQL a batch is one INSERT from arrays (through the change tracker, planning 5,000
    /// owners allocated 75 MB and took longer than finding them); elsewhere through the change tracker.
    /// </summary>
    private async Task SaveItemsAsync(List<BillingRunItem> batch, CancellationToken cancellationToken)
    {
        if (batch.Count > 0 && db.Provider == DatabaseProvider.Postgres)
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO invoicing.billing_run_items (run_id, owner_kind, owner_id, partition, status, attempts)
                SELECT {batch[0].RunId}, p.owner_kind, p.owner_id, p.partition, {(int)BillingRunItemStatus.Pending}, 0
                FROM unnest({batch.Select(i => (int)i.OwnerKind).ToArray()}, {batch.Select(i => i.OwnerId).ToArray()}, {batch.Select(i => i.Partition).ToArray()})
                  AS p (owner_kind, owner_id, partition)
                """, cancellationToken);
        }
        else
        {
            db.BillingRunItems.AddRange(batch);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        batch.Clear();
    }

    private async Task CompleteIfFinishedAsync(Guid runId, CancellationToken cancellationToken)
    {
        var run = await db.BillingRuns.SingleAsync(r => r.Id == runId, cancellationToken);
        if (run.Status != BillingRunStatus.Rating)
        {
            return;
        }

        // Retryable, in SQL: pending, or failed fewer than MaxAttempts times. Pending items are sought from the last
        // partition down, where a run that is not finished has them (partitions are rated about in order), through the
        // items' (run, partition, status) index: the check stops at the first. Asked as one condition with the failures,
        // it visited every item already done — each update leaves a dead pending entry until vacuum — for every
        // partition (ADR 0058). The failures, rare, are looked for only when nothing is pending.
        var open = await db.BillingRunItems
                .Where(i => i.RunId == runId && i.Status == BillingRunItemStatus.Pending)
                .OrderByDescending(i => i.Partition).Select(i => (int?)i.Partition).FirstOrDefaultAsync(cancellationToken) is not null
            || await db.BillingRunItems.AnyAsync(
                i => i.RunId == runId && i.Status == BillingRunItemStatus.Failed && i.Attempts < BillingRunItem.MaxAttempts, cancellationToken);
        if (!open)
        {
            run.Complete(time.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
        }
    }
}

internal sealed class BillingRunPartitionIncompleteException(string message) : Exception(message);
