using Billing.Licensing.Contracts.Legacy;
using Billing.Licensing.Domain.Enterprise;
using Billing.Licensing.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Billing.Licensing.EnterpriseContracts;

/// <summary>Records an enterprise account and which teams belong to it; the legacy import and the staff endpoint both write through here.</summary>
internal static class EnterpriseDirectory
{
    /// <summary>Adds or updates the account and its teams; returns how many rows changed (0 when nothing did).</summary>
    public static async Task<int> UpsertAsync(LicensingDbContext db, LegacyEnterpriseAccountEntry entry, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var written = 0;
        var account = await db.EnterpriseAccounts.SingleOrDefaultAsync(a => a.Id == entry.Id, cancellationToken);
        if (account is null)
        {
            db.EnterpriseAccounts.Add(new EnterpriseAccount(entry.Id, entry.Name, now));
            written++;
        }
        else if (account.Rename(entry.Name, now))
        {
            written++;
        }

        foreach (var member in entry.Teams)
        {
            var team = await db.EnterpriseTeams.SingleOrDefaultAsync(t => t.TeamId == member.Id, cancellationToken);
            if (team is null)
            {
                db.EnterpriseTeams.Add(new EnterpriseTeam(member.Id, member.Name, entry.Id, now));
                written++;
            }
            else if (team.Apply(member.Name, entry.Id, now))
            {
                written++;
            }
        }

        return written;
    }
}
