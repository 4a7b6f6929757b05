using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.BuildingBlocks.Http;
using Billing.BuildingBlocks.Mediation;
using Billing.Invoicing.Domain;
using Billing.Invoicing.Issuing;
using Billing.Invoicing.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Billing.Invoicing.Reissuing;

/// <summary>
/// Billing support issues the corrected invoice for a voided period, for one owner, with a mandatory reason (ADR 0036):
/// an on-demand run of that owner and period through the issuer — rated now, numbered gaplessly after the highest number
/// — that treats the period as open only while every invoice it has is void. The re-issue record and the audit entry
/// commit with the invoice. Not a mediator command: the issuer owns its numbering transaction.
/// </summary>
internal sealed class InvoiceReissuer(InvoicingDbContext db, InvoiceIssuer issuer, TimeProvider time)
{
    public async Task<ReissueRepresentation> ReissueAsync(string? ownerText, BillingPeriod? period, string? reason, string actor, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var owner = BillableOwner.TryParse(ownerText, out var parsed) ? parsed.Value : default(BillableOwner?);
        if (owner is null)
        {
            errors.Add(new FieldError("owner", "must be account:<uuid> or team:<uuid>"));
        }

        if (period is null || period.Value.End > time.GetUtcNow())
        {
            errors.Add(new FieldError("period", "must be a closed calendar month, YYYY-MM"));
        }

        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 1000)
        {
            errors.Add(new FieldError("reason", "is required (at most 1000 characters): say why the period is re-issued"));
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        await StandingOrVoidedAsync(owner!.Value, period!.Value, cancellationToken);
        InvoiceReissue? recorded = null;
        var outcome = await issuer.ReissueAsync(owner.Value, period.Value, async (invoice, ct) =>
        {
            // Under the numbering lock: the void invoice this one replaces, found again now that nothing else can issue.
            var voided = await LatestVoidedAsync(owner.Value, period.Value, ct)
                ?? throw new InvalidOperationException($"{owner} has no void invoice for {period.Value.Start:yyyy-MM} any more.");
            var now = time.GetUtcNow();
            recorded = new InvoiceReissue(voided, invoice, reason!.Trim(), actor, now);
            db.InvoiceReissues.Add(recorded);
            db.AuditEntries.Add(new AuditEntry(actor, "invoice.reissued", owner.Value.ToString(), recorded.Reason, voided.TotalCents, invoice.TotalCents, now));
        }, cancellationToken);
        if (outcome.AlreadyIssued || recorded is null)
        {
            throw Reissued(outcome.Number);
        }

        return new ReissueRepresentation(recorded.Number, recorded.InvoiceId, owner.Value.ToString(), period.Value.Start, period.Value.End, outcome.TotalCents,
            recorded.VoidedNumber, recorded.Reason, recorded.RequestedBy, recorded.At);
    }

    /// <summary>A period can be re-issued only once its invoice is void; a period never invoiced is the run's to issue.</summary>
    private async Task StandingOrVoidedAsync(BillableOwner owner, BillingPeriod period, CancellationToken cancellationToken)
    {
        var invoices = await db.Invoices.AsNoTracking()
            .Where(i => i.OwnerKind == owner.Kind && i.OwnerId == owner.Id && i.PeriodStart == period.Start)
            .Select(i => new { i.Number, i.Status }).ToListAsync(cancellationToken);
        if (invoices.FirstOrDefault(i => i.Status != InvoiceStatus.Void) is { } standing)
        {
            throw Reissued(standing.Number);
        }

        if (invoices.Count == 0)
        {
            throw new ValidationFailedException("period", $"has no void invoice for {owner} to re-issue; a billing run issues a period never invoiced");
        }
    }

    private Task<Invoice?> LatestVoidedAsync(BillableOwner owner, BillingPeriod period, CancellationToken cancellationToken) =>
        db.Invoices.AsNoTracking()
            .Where(i => i.OwnerKind == owner.Kind && i.OwnerId == owner.Id && i.PeriodStart == period.Start && i.Status == InvoiceStatus.Void)
            .OrderByDescending(i => i.Number).FirstOrDefaultAsync(cancellationToken);

    private static ConflictException Reissued(int? number) =>
        new($"That period already has invoice {number}, which is not void: void it first to re-issue the period.");
}

/// <summary>The corrected invoice (its number and id), the period, and the void invoice it replaces.</summary>
internal sealed record ReissueRepresentation(
    int Number, Guid InvoiceId, string Owner, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd, long TotalCents, int VoidedNumber, string Reason, string RequestedBy, DateTimeOffset CreatedAt);
