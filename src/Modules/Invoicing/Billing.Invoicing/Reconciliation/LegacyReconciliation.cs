using System.Runtime.ExceptionServices;
using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.Invoicing.Domain;
using Billing.Invoicing.Domain.Rating;
using Billing.Invoicing.Issuing;
using Billing.Invoicing.Persistence;
using Billing.Usage.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Billing.Invoicing.Reconciliation;

/// <summary>
/// While Invoicing is in Shadow, dry-rates a period for every owner legacy invoiced or that has usage, and
/// diffs line by line (by description) against the backfilled legacy invoices, a partition of owners at a time
/// (only owner keys are held for the whole period). The period's previous differences are replaced in one
/// transaction, so a re-run reflects the current rating.
/// </summary>
internal sealed class LegacyReconciliation(InvoicingDbContext db, OwnerRating rating, IUsageReader usage, IOptions<InvoicingOptions> options, TimeProvider time)
{
    public async Task<ReconciliationSummary> RunAsync(BillingPeriod period, CancellationToken cancellationToken)
    {
        var owners = (await db.Invoices.AsNoTracking()
            .Where(i => i.Source == InvoiceSource.Legacy && i.PeriodStart == period.Start)
            .Select(i => new { i.OwnerKind, i.OwnerId }).ToListAsync(cancellationToken))
            .Select(i => new BillableOwner(i.OwnerKind, i.OwnerId)).ToHashSet();
        await foreach (var owner in usage.OwnersWithUsage(period, cancellationToken))
        {
            owners.Add(owner);
        }

        var now = time.GetUtcNow();
        var (unexplained, explained) = (0, 0);
        // The period's differences are replaced as a whole: readers see the previous report until the commit.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.ReconciliationDifferences.Where(d => d.PeriodStart == period.Start).ExecuteDeleteAsync(cancellationToken);
        // A partition at a time, like a billing run (ADR 0029): only that partition's legacy invoices, lines and
        // differences are in memory, however many owners the period has.
        foreach (var batch in owners.OrderBy(o => o.Kind).ThenBy(o => o.Id).Chunk(options.Value.PartitionSize))
        {
            var differences = await DiffPartitionAsync(batch, period, now, cancellationToken);
            db.ReconciliationDifferences.AddRange(differences);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            unexplained += differences.Count(d => !d.Explained);
            explained += differences.Count(d => d.Explained);
        }

        await transaction.CommitAsync(cancellationToken);
        return new ReconciliationSummary(period.Start, owners.Count, unexplained, explained);
    }

    private async Task<List<ReconciliationDifference>> DiffPartitionAsync(BillableOwner[] batch, BillingPeriod period, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ids = batch.Select(o => o.Id).ToList();
        var legacyByOwner = (await db.Invoices.AsNoTracking().Include(i => i.Lines)
                .Where(i => i.Source == InvoiceSource.Legacy && i.PeriodStart == period.Start && ids.Contains(i.OwnerId)).ToListAsync(cancellationToken))
            .ToDictionary(i => i.Owner);
        var differences = new List<ReconciliationDifference>();
        foreach (var rated in await rating.RateManyAsync(batch, period, RatingOccasion.Preview, cancellationToken))
        {
            var invoice = legacyByOwner.GetValueOrDefault(rated.Owner);
            if (rated.Failure is UnratableUsageException unratable)
            {
                differences.Add(new ReconciliationDifference(rated.Owner, period, ReconciliationReasons.NotRated, unratable.Message, invoice?.TotalCents, null, now));
                continue;
            }

            if (rated.Failure is not null)
            {
                ExceptionDispatchInfo.Throw(rated.Failure);
            }

            differences.AddRange(Diff(rated.Owner, period, invoice, rated.Invoice!, now));
        }

        return differences;
    }

    private static IEnumerable<ReconciliationDifference> Diff(BillableOwner owner, BillingPeriod period, Invoice? legacy, RatedInvoice rated, DateTimeOffset now)
    {
        var newLines = rated.Lines.Where(l => l.Kind is not (LineKind.Credit or LineKind.Tax)).GroupBy(l => l.Description).ToDictionary(g => g.Key, g => g.Sum(l => l.AmountCents));
        var legacyLines = (legacy?.Lines ?? []).GroupBy(l => l.Description).ToDictionary(g => g.Key, g => g.Sum(l => l.AmountCents));
        foreach (var (description, amount) in legacyLines)
        {
            if (!newLines.TryGetValue(description, out var rerated))
            {
                yield return new ReconciliationDifference(owner, period, ReconciliationReasons.MissingInNew, description, amount, null, now);
            }
            else if (rerated != amount)
            {
                yield return new ReconciliationDifference(owner, period, ReconciliationReasons.AmountDiffers, description, amount, rerated, now);
            }
        }

        foreach (var (description, amount) in newLines.Where(l => !legacyLines.ContainsKey(l.Key) && l.Value != 0))
        {
            yield return new ReconciliationDifference(owner, period, ReconciliationReasons.MissingInLegacy, description, null, amount, now);
        }

        if (legacy is not null && legacy.CreditsCents != rated.CreditsCents)
        {
            yield return new ReconciliationDifference(owner, period, ReconciliationReasons.CreditsFromCurrentBalances, "credits_total", legacy.CreditsCents, rated.CreditsCents, now);
        }
    }
}

internal sealed record ReconciliationSummary(DateTimeOffset PeriodStart, int Owners, int Unexplained, int Explained);
