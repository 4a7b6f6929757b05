using System.Runtime.ExceptionServices;
using Billing.BuildingBlocks.Abstractions;
using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.BuildingBlocks.Messaging;
using Billing.BuildingBlocks.Persistence;
using Billing.Invoicing.Contracts;
using Billing.Invoicing.Domain;
using Billing.Invoicing.Domain.Rating;
using Billing.Invoicing.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Billing.Invoicing.Issuing;

/// <summary>
/// Finalizes owners' invoices for a period, exactly once each. Owners already invoiced are found in one query; the
/// others are rated together before any transaction (reads only), then written in ONE transaction: it writes the
/// lines, takes the numbering lock, checks no other worker invoiced one of the owners meanwhile, numbers the invoices
/// from the highest number so far + 1 (legacy numbers included; gapless because a rolled-back transaction releases its
/// numbers), draws the credits, marks the adjustments billed, writes the invoices and queues one
/// <see cref="InvoiceFinalized"/> each in the outbox (ADR 0048). An owner invoiced meanwhile gets that invoice as its
/// outcome and the batch is written again without it. The unique (owner, period) key stays the last guard. If the batch
/// cannot be written, each invoice is written alone, so one bad owner fails alone.
/// </summary>
internal sealed class InvoiceIssuer(InvoicingDbContext db, OwnerRating rating, InvoiceWriter writer, TimeProvider time)
{
    public async Task<IssueOutcome> IssueAsync(BillableOwner owner, BillingPeriod period, bool dryRun, CancellationToken cancellationToken)
    {
        var outcome = (await IssueManyAsync([owner], period, dryRun, cancellationToken)).Single();
        if (outcome.Failure is not null)
        {
            ExceptionDispatchInfo.Throw(outcome.Failure);
        }

        return outcome;
    }

    /// <summary>
    /// Billing support re-issues one owner's voided period: here only a non-void invoice counts as issued (a run counts
    /// void ones too, so it never re-issues by itself), and <paramref name="inTransaction"/> records the re-issue in the
    /// issuing transaction, under the numbering lock (ADR 0036). Already issued = a standing invoice exists (or won a race).
    /// </summary>
    public async Task<IssueOutcome> ReissueAsync(BillableOwner owner, BillingPeriod period, Func<Invoice, CancellationToken, Task> inTransaction, CancellationToken cancellationToken)
    {
        var outcome = (await IssueManyAsync([owner], period, dryRun: false, new IssueMode(VoidCountsAsIssued: false, inTransaction), cancellationToken)).Single();
        if (outcome.Failure is not null)
        {
            ExceptionDispatchInfo.Throw(outcome.Failure);
        }

        return outcome;
    }

    /// <summary>One outcome per owner: issued now, already issued, rated only (dry run), or failed (with why).</summary>
    public Task<IReadOnlyList<IssueOutcome>> IssueManyAsync(IReadOnlyCollection<BillableOwner> owners, BillingPeriod period, bool dryRun, CancellationToken cancellationToken) =>
        IssueManyAsync(owners, period, dryRun, IssueMode.Run, cancellationToken);

    private async Task<IReadOnlyList<IssueOutcome>> IssueManyAsync(IReadOnlyCollection<BillableOwner> owners, BillingPeriod period, bool dryRun, IssueMode mode, CancellationToken cancellationToken)
    {
        var issued = await IssuedAsync(owners, period, mode, cancellationToken);
        var outcomes = issued.Values.ToList();
        var occasion = dryRun ? RatingOccasion.Preview : mode.VoidCountsAsIssued ? RatingOccasion.Issue : RatingOccasion.Reissue(time.GetUtcNow());
        var rated = await rating.RateManyAsync([.. owners.Where(o => !issued.ContainsKey(o))], period, occasion, cancellationToken);
        outcomes.AddRange(rated.Where(r => r.Failure is not null).Select(r => IssueOutcome.Failed(r.Owner, r.Failure!)));
        var invoices = rated.Where(r => r.Invoice is not null).Select(r => r.Invoice!).ToList();
        if (dryRun)
        {
            outcomes.AddRange(invoices.Select(i => new IssueOutcome(i.Owner, null, i.TotalCents, AlreadyIssued: false)));
            return outcomes;
        }

        if (invoices.Count == 1)
        {
            outcomes.Add(await FinalizeAloneAsync(invoices[0], period, mode, cancellationToken));
            return outcomes;
        }

        try
        {
            outcomes.AddRange(await FinalizeAsync(invoices, period, mode, cancellationToken));
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            db.ChangeTracker.Clear();
            foreach (var invoice in invoices)
            {
                outcomes.Add(await FinalizeAloneAsync(invoice, period, mode, cancellationToken));
            }
        }

        return outcomes;
    }

    private async Task<IssueOutcome> FinalizeAloneAsync(RatedInvoice invoice, BillingPeriod period, IssueMode mode, CancellationToken cancellationToken)
    {
        try
        {
            return (await FinalizeAsync([invoice], period, mode, cancellationToken)).Single();
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // A concurrent duplicate loses on the unique (owner, period) key: the winner's invoice is the outcome.
            db.ChangeTracker.Clear();
            var winner = await IssuedAsync([invoice.Owner], period, mode, cancellationToken);
            return winner.TryGetValue(invoice.Owner, out var issued) ? issued : IssueOutcome.Failed(invoice.Owner, exception);
        }
    }

    private async Task<IReadOnlyList<IssueOutcome>> FinalizeAsync(List<RatedInvoice> rated, BillingPeriod period, IssueMode mode, CancellationToken cancellationToken)
    {
        if (rated.Count == 0)
        {
            return [];
        }

        var now = time.GetUtcNow();
        // Everything but the numbers is built and the lines written before the numbering lock, which every worker and
        // host queues on: under it, only what needs the number or must not race (ADR 0048).
        return await WriteAsync(rated, [.. rated.Select(r => Invoice.Unnumbered(r, now))], now, period, mode, cancellationToken);
    }

    private async Task<IReadOnlyList<IssueOutcome>> WriteAsync(
        List<RatedInvoice> rated, List<Invoice> invoices, DateTimeOffset now, BillingPeriod period, IssueMode mode, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await writer.InsertLinesAheadAsync(invoices, cancellationToken);
        await LockNumberingAsync(cancellationToken);
        var winners = await IssuedAsync([.. rated.Select(r => r.Owner)], period, mode, cancellationToken);
        if (winners.Count > 0)
        {
            // Another worker invoiced some of these owners since this batch was rated (two hosts on one partition). The
            // lines already written include theirs: roll back, and write the rest (already built) as a batch again.
            await transaction.RollbackAsync(cancellationToken);
            var rest = Enumerable.Range(0, rated.Count).Where(n => !winners.ContainsKey(rated[n].Owner)).ToList();
            return [.. winners.Values, .. rest.Count == 0 ? [] : await WriteAsync([.. rest.Select(n => rated[n])], [.. rest.Select(n => invoices[n])], now, period, mode, cancellationToken)];
        }

        var next = (await db.Invoices.MaxAsync(i => (int?)i.Number, cancellationToken) ?? 0) + 1;
        for (var n = 0; n < invoices.Count; n++)
        {
            invoices[n].Numbered(next + n);
        }

        await DrawCreditsAsync(rated, invoices, now, cancellationToken);
        await MarkAdjustmentsBilledAsync(rated, invoices, now, cancellationToken);
        CarryBalancesForward(rated, invoices, now);
        if (mode.InTransaction is { } inTransaction)
        {
            foreach (var invoice in invoices)
            {
                await inTransaction(invoice, cancellationToken);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await writer.InsertInvoicesAsync(invoices, cancellationToken);
        await db.PublishAllAsync(
            [.. invoices.Select(i => (IntegrationEvent)new InvoiceFinalized(Guid.CreateVersion7(now), now, i.Id, i.Number, i.Owner, i.PeriodStart, i.PeriodEnd, i.TotalCents, i.UsageThrough))],
            cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return [.. invoices.Select(i => new IssueOutcome(i.Owner, i.Number, i.TotalCents, AlreadyIssued: false))];
    }

    /// <summary>Draws each invoice's credits and announces each draw (<see cref="CreditApplied"/>) in the issuing transaction.</summary>
    private async Task DrawCreditsAsync(List<RatedInvoice> rated, List<Invoice> invoices, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var draws = rated.Zip(invoices).SelectMany(p => p.First.CreditDraws.Select(d => (Draw: d, Invoice: p.Second))).ToList();
        if (draws.Count == 0)
        {
            return;
        }

        var ids = draws.Select(d => d.Draw.CreditId).Distinct().ToList();
        var credits = await db.Credits.Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        foreach (var (draw, invoice) in draws)
        {
            var credit = credits[draw.CreditId];
            credit.Draw(draw.Cents, now);
            db.Publish(new CreditApplied(Guid.CreateVersion7(now), now, credit.Id, credit.AccountId, invoice.Id, invoice.Number, draw.Cents, credit.BalanceCents));
        }
    }

    /// <summary>Each invoice that came to less than zero hands its balance to the owner's next invoice, audited (ADR 0043).</summary>
    private void CarryBalancesForward(List<RatedInvoice> rated, List<Invoice> invoices, DateTimeOffset now)
    {
        foreach (var (ratedInvoice, invoice) in rated.Zip(invoices).Where(p => p.First.CarriedForwardCents > 0))
        {
            var carried = SupportAdjustment.CarriedForward(invoice, ratedInvoice.CarriedForwardCents, now);
            db.SupportAdjustments.Add(carried);
            db.AuditEntries.Add(new AuditEntry(SupportAdjustment.CarryForwardActor, "balance.carried_forward", invoice.Owner.ToString(), carried.Reason, 0, carried.AmountCents, now));
        }
    }

    private async Task MarkAdjustmentsBilledAsync(List<RatedInvoice> rated, List<Invoice> invoices, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var billedOn = rated.Zip(invoices).SelectMany(p => p.First.AdjustmentIds.Select(id => (Id: id, Rated: p.First, Invoice: p.Second))).ToList();
        if (billedOn.Count == 0)
        {
            return;
        }

        var ids = billedOn.Select(b => b.Id).ToList();
        var adjustments = await db.SupportAdjustments.Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, cancellationToken);
        var corrections = await db.PendingUsageCorrections.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        foreach (var (id, ratedInvoice, invoice) in billedOn)
        {
            if (adjustments.TryGetValue(id, out var adjustment))
            {
                adjustment.AppliedTo(invoice.Id);
            }
            else if (corrections.TryGetValue(id, out var correction))
            {
                await SettleAsync(correction, ratedInvoice, invoice, now, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Settles a usage correction with what this invoice bills for it. If late events were counted into it after it was
    /// rated (their usage may be above the pinned position, ADR 0038), it is settled all the same and the period opened
    /// again, so the next invoice re-rates it; nothing billed twice, since re-rating nets out what corrections billed.
    /// </summary>
    private async Task SettleAsync(PendingUsageCorrection correction, RatedInvoice rated, Invoice invoice, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var cents = rated.AdjustmentCents(correction.Id);
        var asRated = rated.CorrectionsAsRated.GetValueOrDefault(correction.Id, correction.LateEvents);
        var open = db.PendingUsageCorrections.Where(c => c.Id == correction.Id && c.SettledOnInvoiceId == null);
        Task<int> SettleWhereAsync(IQueryable<PendingUsageCorrection> which) =>
            which.ExecuteUpdateAsync(s => s.SetProperty(c => c.SettledOnInvoiceId, invoice.Id).SetProperty(c => c.SettledCents, cents), cancellationToken);
        if (await SettleWhereAsync(open.Where(c => c.LateEvents == asRated)) == 1)
        {
            return;
        }

        var counted = await open.Select(c => (int?)c.LateEvents).SingleOrDefaultAsync(cancellationToken)
            ?? throw new InvalidOperationException($"Usage correction {correction.Id} was settled by another issuing.");
        await SettleWhereAsync(open);
        db.PendingUsageCorrections.Add(new PendingUsageCorrection(correction.Owner, correction.Period, now, Math.Max(1, counted - asRated)));
    }

    private async Task<Dictionary<BillableOwner, IssueOutcome>> IssuedAsync(IReadOnlyCollection<BillableOwner> owners, BillingPeriod period, IssueMode mode, CancellationToken cancellationToken)
    {
        var wanted = owners.ToHashSet();
        var ids = wanted.Select(o => o.Id).Distinct().ToList();
        var issued = await db.Invoices.AsNoTracking()
            .Where(i => ids.Contains(i.OwnerId) && i.PeriodStart == period.Start && (mode.VoidCountsAsIssued || i.Status != InvoiceStatus.Void))
            .Select(i => new { i.OwnerKind, i.OwnerId, i.Number, i.TotalCents })
            .ToListAsync(cancellationToken);
        return issued
            .Select(i => new IssueOutcome(new BillableOwner(i.OwnerKind, i.OwnerId), i.Number, i.TotalCents, AlreadyIssued: true))
            .Where(o => wanted.Contains(o.Owner))
            .GroupBy(o => o.Owner)
            .ToDictionary(g => g.Key, g => g.MaxBy(o => o.Number)!); // a re-issued period: its standing invoice, numbered after the void one
    }

    /// <summary>
    /// Serialises numbering across workers and hosts until commit (PostgreSQL advisory transaction lock).
    /// SQLite's single writer serialises it already.
    /// </summary>
    private async Task LockNumberingAsync(CancellationToken cancellationToken)
    {
        if (db.Provider == DatabaseProvider.Postgres)
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({InvoicingLocks.InvoiceNumbering})", cancellationToken);
        }
    }
}

/// <summary>
/// Runs: any invoice of the period, void included, means issued (exactly one invoice per owner and period for runs).
/// A re-issue: only a standing (non-void) one does, and its own rows join the issuing transaction.
/// </summary>
internal sealed record IssueMode(bool VoidCountsAsIssued, Func<Invoice, CancellationToken, Task>? InTransaction)
{
    public static readonly IssueMode Run = new(VoidCountsAsIssued: true, InTransaction: null);
}

/// <summary>What issuing did for one owner; <see cref="Failure"/> is set when the owner could not be rated or written.</summary>
internal sealed record IssueOutcome(BillableOwner Owner, int? Number, long TotalCents, bool AlreadyIssued, Exception? Failure = null)
{
    public static IssueOutcome Failed(BillableOwner owner, Exception failure) => new(owner, null, 0, AlreadyIssued: false, failure);
}
