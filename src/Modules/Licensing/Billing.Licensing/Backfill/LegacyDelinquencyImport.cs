using Billing.BuildingBlocks.Backfill;
using Billing.Licensing.Contracts.Legacy;
using Billing.Licensing.Delinquency;
using Billing.Licensing.Persistence;

namespace Billing.Licensing.Backfill;

/// <summary>
/// Takes legacy's current delinquencies as of the import: until Payments collects and reports changes itself
/// (<c>BillingEntityDelinquencyChanged</c>), legacy is the one that knows who has not paid.
/// </summary>
internal sealed class LegacyDelinquencyImport(TimeProvider time) : IBackfillTarget<LicensingDbContext, LegacyDelinquencyEntry>
{
    public const string BackfillName = "licensing.legacy-delinquencies";

    public async Task<int> UpsertAsync(LicensingDbContext db, IReadOnlyList<LegacyDelinquencyEntry> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(items);
        var written = 0;
        foreach (var item in items)
        {
            if (await DelinquencyRecords.ReportAsync(db, item.Owner.ToString(), item.DelinquentSince, time.GetUtcNow(), cancellationToken))
            {
                written++;
            }
        }

        return written;
    }
}
