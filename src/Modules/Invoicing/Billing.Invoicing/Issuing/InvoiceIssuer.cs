using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.BuildingBlocks.Persistence;
using Billing.Invoicing.Contracts;
using Billing.Invoicing.Domain;
using Billing.Invoicing.Domain.Rating;
using Billing.Invoicing.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Billing.Invoicing.Issuing;

/// <summary>
/// Finalizes one owner's invoice for a period, exactly once. Rating happens before the transaction; the
/// transaction takes the numbering lock, checks that no invoice exists for (owner, period), takes the next
/// number (the highest so far + 1, legacy numbers included: gapless because a rolled-back transaction
/// releases its number), draws the credits, writes the invoice and queues <see cref="InvoiceFinalized"/> in the
/// outbox. A concurrent duplicate loses on the unique (owner, period) key and finds the winner's invoice.
/// </summary>
internal sealed class InvoiceIssuer(InvoicingDbContext db, OwnerRating rating, TimeProvider time)
{
    public async Task<IssueOutcome> IssueAsync(BillableOwner owner, BillingPeriod period, bool dryRun, CancellationToken cancellationToken)
    {
        var existing = await FindAsync(owner, period, cancellationToken);
        if (existing is not null)
        {
            return new IssueOutcome(existing.Number, existing.TotalCents, AlreadyIssued: true);
        }

        var rated = await rating.RateAsync(owner, period, cancellationToken);
        if (dryRun)
        {
            return new IssueOutcome(null, rated.TotalCents, AlreadyIssued: false);
        }

        try
        {
            return await FinalizeAsync(rated, cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            var winner = await FindAsync(owner, period, cancellationToken);
            if (winner is null)
            {
                throw;
            }

            return new IssueOutcome(winner.Number, winner.TotalCents, AlreadyIssued: true);
        }
    }

    private async Task<IssueOutcome> FinalizeAsync(RatedInvoice rated, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await LockNumberingAsync(cancellationToken);
        if (await FindAsync(rated.Owner, rated.Period, cancellationToken) is { } winner)
        {
            return new IssueOutcome(winner.Number, winner.TotalCents, AlreadyIssued: true);
        }

        var now = time.GetUtcNow();
        var number = (await db.Invoices.MaxAsync(i => (int?)i.Number, cancellationToken) ?? 0) + 1;
        var invoice = Invoice.Finalize(rated, number, now);
        db.Invoices.Add(invoice);
        foreach (var draw in rated.CreditDraws)
        {
            var credit = await db.Credits.SingleAsync(c => c.Id == draw.CreditId, cancellationToken);
            credit.Draw(draw.Cents, now);
            db.Publish(new CreditApplied(Guid.CreateVersion7(now), now, credit.Id, credit.AccountId, invoice.Id, invoice.Number, draw.Cents, credit.BalanceCents));
        }

        foreach (var adjustmentId in rated.AdjustmentIds)
        {
            if (await db.SupportAdjustments.SingleOrDefaultAsync(a => a.Id == adjustmentId, cancellationToken) is { } adjustment)
            {
                adjustment.AppliedTo(invoice.Id);
            }
            else if (await db.PendingUsageCorrections.SingleOrDefaultAsync(c => c.Id == adjustmentId, cancellationToken) is { } correction)
            {
                correction.Settle(invoice.Id, rated.AdjustmentCents(adjustmentId));
            }
        }

        db.Publish(new InvoiceFinalized(Guid.CreateVersion7(now), now, invoice.Id, invoice.Number, invoice.Owner, invoice.PeriodStart, invoice.PeriodEnd, invoice.TotalCents));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return new IssueOutcome(number, invoice.TotalCents, AlreadyIssued: false);
    }

    private Task<Invoice?> FindAsync(BillableOwner owner, BillingPeriod period, CancellationToken cancellationToken) =>
        db.Invoices.AsNoTracking().SingleOrDefaultAsync(i => i.OwnerKind == owner.Kind && i.OwnerId == owner.Id && i.PeriodStart == period.Start, cancellationToken);

    /// <summary>
    /// Serialises numbering across workers and hosts until commit (PostgreSQL advisory transaction lock).
    /// SQLite's single writer serialises it already.
    /// </summary>
    private async Task LockNumberingAsync(CancellationToken cancellationToken)
    {
        if (db.Provider == DatabaseProvider.Postgres)
        {
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(7283640001)", cancellationToken);
        }
    }
}

internal sealed record IssueOutcome(int? Number, long TotalCents, bool AlreadyIssued);
