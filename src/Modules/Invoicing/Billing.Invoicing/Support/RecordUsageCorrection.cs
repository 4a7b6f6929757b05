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
        // One statement, so it either counts in before an issuing settles the correction (which then sees the count
        // change and re-opens the period, ADR 0038) or waits for it and finds nothing open; read-then-write could count
        // an event into a correction already settled without it.
        var folded = await db.PendingUsageCorrections
            .Where(c => c.OwnerKind == owner.Kind && c.OwnerId == owner.Id && c.PeriodStart == integrationEvent.InvoicedPeriodStart && c.SettledOnInvoiceId == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.LateEvents, c => c.LateEvents + 1), cancellationToken);
        if (folded > 0)
        {
            return;
        }

        db.PendingUsageCorrections.Add(new PendingUsageCorrection(owner, new BillingPeriod(integrationEvent.InvoicedPeriodStart, integrationEvent.InvoicedPeriodEnd), time.GetUtcNow()));
    }
}
