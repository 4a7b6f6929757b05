using Billing.BuildingBlocks.Backfill;
using Billing.Licensing.Contracts.Legacy;
using Billing.Licensing.Domain.Enterprise;
using Billing.Licensing.Persistence;
using Microsoft.EntityFrameworkCore;

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
        var now = time.GetUtcNow();
        var written = 0;
        foreach (var legacy in items)
        {
            var account = await db.EnterpriseAccounts.SingleOrDefaultAsync(a => a.Id == legacy.Id, cancellationToken);
            if (account is null)
            {
                db.EnterpriseAccounts.Add(new EnterpriseAccount(legacy.Id, legacy.Name, now));
                written++;
            }
            else if (account.Rename(legacy.Name, now))
            {
                written++;
            }

            foreach (var legacyTeam in legacy.Teams)
            {
                var team = await db.EnterpriseTeams.SingleOrDefaultAsync(t => t.TeamId == legacyTeam.Id, cancellationToken);
                if (team is null)
                {
                    db.EnterpriseTeams.Add(new EnterpriseTeam(legacyTeam.Id, legacyTeam.Name, legacy.Id, now));
                    written++;
                }
                else if (team.Apply(legacyTeam.Name, legacy.Id, now))
                {
                    written++;
                }
            }
        }

        return written;
    }
}
