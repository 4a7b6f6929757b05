using Billing.BuildingBlocks.Abstractions;
using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.Invoicing.Domain;
using Billing.Invoicing.Persistence;
using Billing.Usage.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Billing.Invoicing.Support;

/// <summary>
/// A late usage event for an invoiced period: remember the period (one open correction per owner and period), so that
/// the owner's next invoice re-rates it and bills the difference as an adjustment line. The finalized invoice stays.
/// </summary>
internal sealed class RecordUsageCorrection(InvoicingDbContext db, TimeProvider time) : IIntegrationEventHandler<UsageCorrectionRecorded>
{
    public async Task Handle(UsageCorrectionRecorded integrationEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(integrationEvent);
        var owner = integrationEvent.Owner;
        var open = await db.PendingUsageCorrections.SingleOrDefaultAsync(
            c => c.OwnerKind == owner.Kind && c.OwnerId == owner.Id && c.PeriodStart == integrationEvent.InvoicedPeriodStart && c.SettledOnInvoiceId == null, cancellationToken);
        if (open is not null)
        {
            open.OneMore();
            return;
        }

        db.PendingUsageCorrections.Add(new PendingUsageCorrection(owner, new BillingPeriod(integrationEvent.InvoicedPeriodStart, integrationEvent.InvoicedPeriodEnd), time.GetUtcNow()));
    }
}
