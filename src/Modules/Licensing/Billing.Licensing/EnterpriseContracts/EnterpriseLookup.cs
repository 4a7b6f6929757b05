using Billing.BuildingBlocks.Http;
using Billing.Licensing.Domain.Enterprise;
using Billing.Licensing.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Billing.Licensing.EnterpriseContracts;

/// <summary>Finds enterprise accounts, teams and contracts by id or name, as legacy does.</summary>
internal static class EnterpriseLookup
{
    public static async Task<EnterpriseAccount> FindEnterpriseAccountAsync(this LicensingDbContext db, string idOrName, CancellationToken cancellationToken)
    {
        var account = Guid.TryParse(idOrName, out var id)
            ? await db.EnterpriseAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken)
            : await db.EnterpriseAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.Name == idOrName, cancellationToken);
        return account ?? throw new NotFoundException("Couldn't find that enterprise account.");
    }

    /// <summary>The team's enterprise membership; null for a team outside any enterprise account (or unknown here).</summary>
    public static async Task<EnterpriseTeam?> FindEnterpriseTeamAsync(this LicensingDbContext db, string idOrName, CancellationToken cancellationToken) =>
        Guid.TryParse(idOrName, out var id)
            ? await db.EnterpriseTeams.AsNoTracking().SingleOrDefaultAsync(t => t.TeamId == id, cancellationToken)
            : await db.EnterpriseTeams.AsNoTracking().SingleOrDefaultAsync(t => t.Name == idOrName, cancellationToken);

    public static async Task<Contract> FindContractAsync(this LicensingDbContext db, Guid id, CancellationToken cancellationToken) =>
        await db.Contracts.SingleOrDefaultAsync(c => c.Id == id, cancellationToken) ?? throw new NotFoundException("Couldn't find that contract.");
}
