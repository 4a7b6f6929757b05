using Billing.BuildingBlocks.Backfill;
using Billing.Licensing.Contracts.Legacy;
using Billing.Licensing.EnterpriseContracts;
using Billing.Licensing.Persistence;

namespace Billing.Licensing.Backfill;

/// <summary>
/// Writes legacy's enterprise accounts and which teams belong to them, keyed by legacy's ids: what contracts
/// apply to and whose usage a licence pools. Unchanged entries write nothing, so the import can run again.
/// </summary>
internal sealed class LegacyEnterpriseDirectoryImport(TimeProvider time) : IBackfillTarget<LicensingDbContext, LegacyEnterpriseAccountEntry>
{
    public const string BackfillName = "licensing.legacy-enterprise-accounts";

    public async Task<int> UpsertAsync(LicensingDbContext db, IReadOnlyList<LegacyEnterpriseAccountEntry> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(items);
        var written = 0;
        foreach (var legacy in items)
        {
            written += await EnterpriseDirectory.UpsertAsync(db, legacy, time.GetUtcNow(), cancellationToken);
        }

        return written;
    }
}
