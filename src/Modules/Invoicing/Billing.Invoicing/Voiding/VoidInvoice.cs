using Billing.BuildingBlocks.Http;
using Billing.BuildingBlocks.Mediation;
using Billing.BuildingBlocks.Persistence;
using Billing.Invoicing.Contracts;
using Billing.Invoicing.Domain;
using Billing.Invoicing.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Billing.Invoicing.Voiding;

/// <summary>
/// Billing support voids a finalized invoice with a mandatory reason: the invoice becomes void (its lines and amounts
/// never change), a credit note reverses it, a paid one's money (and any credits it drew) goes to the account's
/// credit balance, the periods whose usage corrections it billed are opened again (ADR 0038), a negative balance it
/// carried forward is withdrawn or charged back (ADR 0043); audited, announced
/// through the outbox (ADR 0027).
/// </summary>
internal sealed record VoidInvoice(int Number, string Reason, string Actor) : ICommand<CreditNoteRepresentation>;

internal sealed class VoidInvoiceValidator : IValidator<VoidInvoice>
{
    public IEnumerable<FieldError> Validate(VoidInvoice message)
    {
        if (string.IsNullOrWhiteSpace(message.Reason) || message.Reason.Length > 1000)
        {
            yield return new FieldError("reason", "is required (at most 1000 characters): say why the invoice is voided");
        }
    }
}

internal sealed class VoidInvoiceHandler(InvoicingDbContext db, TimeProvider time) : ICommandHandler<VoidInvoice, CreditNoteRepresentation>
{
    public async ValueTask<CreditNoteRepresentation> Handle(VoidInvoice command, CancellationToken cancellationToken)
    {
        // Credit notes are numbered like invoices: the highest + 1 under a lock held to commit (gapless, unique).
        if (db.Provider == DatabaseProvider.Postgres)
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({InvoicingLocks.CreditNoteNumbering})", cancellationToken);
        }

        var invoice = await db.Invoices.SingleOrDefaultAsync(i => i.Number == command.Number, cancellationToken)
            ?? throw new NotFoundException("Couldn't find that invoice.");
        if (invoice.Status == InvoiceStatus.Void)
        {
            throw new ConflictException($"Invoice {invoice.Number} is already void.");
        }

        var now = time.GetUtcNow();
        var reason = command.Reason.Trim();
        var wasPaid = invoice.Status == InvoiceStatus.Paid;
        invoice.Void(now);
        var creditCents = CreditNote.AccountCreditFor(invoice, wasPaid);
        var number = (await db.CreditNotes.MaxAsync(n => (int?)n.Number, cancellationToken) ?? 0) + 1;
        Credit? credit = null;
        if (creditCents > 0)
        {
            credit = Credit.Grant(invoice.OwnerId, $"Credit note {number} for invoice {invoice.Number}", creditCents, null, reason, command.Actor, now);
            db.Credits.Add(credit);
            db.Publish(new CreditGranted(Guid.CreateVersion7(now), now, credit.Id, credit.AccountId, credit.AmountCents, credit.ExpiresAt, credit.Reason));
        }

        await ReopenCorrectedPeriodsAsync(invoice, now, cancellationToken);
        await SettleCarriedBalanceAsync(invoice, reason, command.Actor, now, cancellationToken);
        var note = CreditNote.For(invoice, number, credit, reason, command.Actor, now);
        db.CreditNotes.Add(note);
        db.AuditEntries.Add(new AuditEntry(command.Actor, "invoice.voided", invoice.Owner.ToString(), reason, invoice.TotalCents, 0, now));
        db.Publish(new InvoiceVoided(Guid.CreateVersion7(now), now, invoice.Id, invoice.Number, invoice.Owner, note.Number, note.TotalCents, note.AccountCreditCents, reason));
        return CreditNoteRepresentation.From(note, invoice, []);
    }

    /// <summary>
    /// The void reverses the lines that made the invoice's carried balance (ADR 0043). A part no invoice has billed yet is
    /// withdrawn; a part an invoice still standing has billed was a refund the owner already had, and is charged back on
    /// the next invoice. A part billed by an invoice voided since went with that invoice's void.
    /// </summary>
    private async Task SettleCarriedBalanceAsync(Invoice invoice, string reason, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var carried = await db.SupportAdjustments.Where(a => a.CarriedFromInvoiceId == invoice.Id).ToListAsync(cancellationToken);
        var billedBy = carried.Where(a => a.AppliedToInvoiceId is not null).Select(a => a.AppliedToInvoiceId!.Value).ToList();
        var standing = (await db.Invoices.AsNoTracking().Where(i => billedBy.Contains(i.Id) && i.Status != InvoiceStatus.Void).Select(i => i.Id).ToListAsync(cancellationToken)).ToHashSet();
        var why = $"invoice {invoice.Number} voided: {reason}";
        foreach (var balance in carried)
        {
            if (balance.AppliedToInvoiceId is null)
            {
                db.SupportAdjustments.Remove(balance);
                db.AuditEntries.Add(new AuditEntry(SupportAdjustment.CarryForwardActor, "balance.carry_withdrawn", invoice.Owner.ToString(), why, balance.AmountCents, 0, now));
            }
            else if (standing.Contains(balance.AppliedToInvoiceId.Value))
            {
                var chargeBack = SupportAdjustment.CarriedBalanceChargedBack(invoice, balance, why, actor, now);
                db.SupportAdjustments.Add(chargeBack);
                db.AuditEntries.Add(new AuditEntry(actor, "balance.carry_charged_back", invoice.Owner.ToString(), why, balance.AmountCents, balance.AmountCents + chargeBack.AmountCents, now));
            }
        }
    }

    /// <summary>
    /// The usage corrections the invoice billed are reversed with it. Unlike support adjustments (re-entered by staff,
    /// ADR 0036) they follow from usage, so each period they corrected is opened again: the next invoice — the re-issue,
    /// if there is one — re-rates it, netting out only corrections billed on invoices still standing (ADR 0038).
    /// </summary>
    private async Task ReopenCorrectedPeriodsAsync(Invoice invoice, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var billed = await db.PendingUsageCorrections.AsNoTracking().Where(c => c.SettledOnInvoiceId == invoice.Id).ToListAsync(cancellationToken);
        foreach (var period in billed.GroupBy(c => c.PeriodStart))
        {
            var corrected = period.First();
            var alreadyOpen = await db.PendingUsageCorrections.AnyAsync(
                c => c.OwnerKind == corrected.OwnerKind && c.OwnerId == corrected.OwnerId && c.PeriodStart == period.Key && c.SettledOnInvoiceId == null, cancellationToken);
            if (!alreadyOpen)
            {
                db.PendingUsageCorrections.Add(new PendingUsageCorrection(corrected.Owner, corrected.Period, now, period.Sum(c => c.LateEvents)));
            }
        }
    }
}
