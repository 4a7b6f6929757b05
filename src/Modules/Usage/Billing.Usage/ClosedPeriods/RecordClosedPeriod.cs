using Billing.BuildingBlocks.Abstractions;
using Billing.Invoicing.Contracts;
using Billing.Usage.Domain;
using Billing.Usage.Intake;
using Billing.Usage.Persistence;
using Billing.Usage.Reading;
using Billing.Usage.Rollups;
using Microsoft.EntityFrameworkCore;

namespace Billing.Usage.ClosedPeriods;

/// <summary>
/// Remembers that an owner's period is invoiced, so later usage in it becomes a correction. Events that were stored
/// after the invoice's usage was read (above the position it was rated through, ADR 0038) but before this notice
/// arrived are corrected here, so neither the run's own duration nor the outbox's delay loses any.
/// </summary>
internal sealed class RecordClosedPeriod(UsageDbContext db, TimeProvider time) : IIntegrationEventHandler<InvoiceFinalized>
{
    public async Task Handle(InvoiceFinalized integrationEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(integrationEvent);
        // Until commit: an intake of this owner committing at the same instant either sees the closed period or is seen here.
        await UsageLocks.ClosePeriodAsync(db, cancellationToken);
        if (await db.ClosedPeriods.AnyAsync(c => c.InvoiceId == integrationEvent.InvoiceId, cancellationToken))
        {
            return;
        }

        var period = new ClosedPeriod(integrationEvent.InvoiceId, integrationEvent.Owner, integrationEvent.PeriodStart.ToUniversalTime(),
            integrationEvent.PeriodEnd.ToUniversalTime(), integrationEvent.OccurredAt.ToUniversalTime(), integrationEvent.UsageThrough);
        db.ClosedPeriods.Add(period);
        var owner = integrationEvent.Owner;
        var inPeriod = db.UsageEvents.AsNoTracking()
            .Where(e => e.OwnerKind == owner.Kind && e.OwnerId == owner.Id && e.OccurredAt >= period.Start && e.OccurredAt < period.End);
        var invoiced = period.UsageThrough is { } through ? UsageCut.Through(through) : UsageCut.RecordedBy(period.FinalizedAt);
        var lateArrivals = await invoiced.Beyond(inPeriod)
            .OrderBy(e => e.Seq)
            .ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        foreach (var e in lateArrivals)
        {
            db.Publish(UsageCorrections.For(e, period, now));
        }
    }
}
