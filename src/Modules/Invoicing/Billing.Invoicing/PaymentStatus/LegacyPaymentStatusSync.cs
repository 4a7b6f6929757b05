using Billing.BuildingBlocks.Jobs;
using Billing.BuildingBlocks.Persistence;
using Billing.Invoicing.Contracts;
using Billing.Invoicing.Contracts.Legacy;
using Billing.Invoicing.Domain;
using Billing.Invoicing.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Billing.Invoicing.PaymentStatus;

/// <summary>
/// While Payments is unmigrated, legacy payments collects: every open invoice (pending or failed) that legacy knows —
/// same number and id — takes legacy's payment state, and each move is announced (<see cref="InvoicePaid"/>,
/// <see cref="InvoicePaymentFailed"/>) in the same transaction. Invoices legacy does not know, and void ones, are left
/// alone; a repeated sync changes nothing (ADR 0027).
/// </summary>
internal sealed class LegacyPaymentStatusSync(InvoicingDbContext db, ILegacyInvoicePayments legacy, TimeProvider time)
{
    public async Task<PaymentSyncOutcome> SyncAsync(CancellationToken cancellationToken)
    {
        if (!legacy.IsConfigured)
        {
            return new PaymentSyncOutcome(0, 0, 0);
        }

        var states = (await legacy.ListAsync(cancellationToken)).ToDictionary(p => p.Number);
        var open = await db.Invoices.Where(i => i.Status == InvoiceStatus.Finalized || i.Status == InvoiceStatus.Failed).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        int paid = 0, failed = 0;
        foreach (var invoice in open.Where(i => states.TryGetValue(i.Number, out var p) && p.InvoiceId == i.Id))
        {
            switch ((InvoiceStatus)states[invoice.Number].State)
            {
                case InvoiceStatus.Paid:
                    invoice.MarkPaid(now);
                    db.Publish(new InvoicePaid(Guid.CreateVersion7(now), now, invoice.Id, invoice.Number, invoice.Owner, invoice.TotalCents));
                    paid++;
                    break;
                case InvoiceStatus.Failed when invoice.Status == InvoiceStatus.Finalized:
                    invoice.MarkFailed(now);
                    db.Publish(new InvoicePaymentFailed(Guid.CreateVersion7(now), now, invoice.Id, invoice.Number, invoice.Owner, invoice.TotalCents));
                    failed++;
                    break;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return new PaymentSyncOutcome(open.Count, paid, failed);
    }
}

internal sealed record PaymentSyncOutcome(int Checked, int Paid, int Failed);

/// <summary>Polls legacy payments every 15 minutes (<c>Jobs:Recurring:invoicing.payment-status-sync:Cron</c>); disable once Payments collects.</summary>
internal sealed class PaymentStatusSyncJob(LegacyPaymentStatusSync sync) : IRecurringJob
{
    public const string JobId = "invoicing.payment-status-sync";

    public string Id => JobId;

    public string DefaultCron => "*/15 * * * *";

    public Task ExecuteAsync(CancellationToken cancellationToken) => sync.SyncAsync(cancellationToken);
}
