using Billing.BuildingBlocks.Abstractions;
using Billing.Licensing.Domain.Enterprise;
using Billing.Licensing.Persistence;
using Billing.Payments.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Billing.Licensing.Delinquency;

/// <summary>
/// Keeps Licensing's copy of who is delinquent, as Payments reports it, for entitlement checks. A report older than
/// the one kept (events can arrive out of order) changes nothing; the inbox makes a redelivery a no-op.
/// </summary>
internal sealed class RecordDelinquency(LicensingDbContext db) : IIntegrationEventHandler<BillingEntityDelinquencyChanged>
{
    public async Task Handle(BillingEntityDelinquencyChanged integrationEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(integrationEvent);
        // The entitlement cache drops the owner when this commits (EntitlementInvalidation).
        await DelinquencyRecords.ReportAsync(db, integrationEvent.Owner.ToString(), integrationEvent.DelinquentSince, integrationEvent.OccurredAt, cancellationToken);
    }
}

internal static class DelinquencyRecords
{
    public static async Task<bool> ReportAsync(LicensingDbContext db, string owner, DateTimeOffset? delinquentSince, DateTimeOffset reportedAt, CancellationToken cancellationToken)
    {
        var known = await db.Delinquencies.SingleOrDefaultAsync(d => d.Owner == owner, cancellationToken);
        if (known is null)
        {
            db.Delinquencies.Add(new OwnerDelinquency(owner, delinquentSince, reportedAt));
            return true;
        }

        return known.DelinquentSince != delinquentSince && known.Report(delinquentSince, reportedAt);
    }
}
