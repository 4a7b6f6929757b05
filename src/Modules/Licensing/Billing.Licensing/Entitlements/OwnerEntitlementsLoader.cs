using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.Licensing.Domain.Enterprise;
using Billing.Licensing.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Billing.Licensing.Entitlements;

/// <summary>Reads what an entitlement check needs about one owner from Licensing's tables.</summary>
internal static class OwnerEntitlementsLoader
{
    public static async Task<OwnerEntitlements> LoadAsync(LicensingDbContext db, BillableOwner owner, DateTimeOffset now, TimeSpan maxAge, CancellationToken cancellationToken)
    {
        var month = BillingPeriod.MonthOf(now);
        var validUntil = Earliest(now + maxAge, month.End);
        var ownerKey = owner.ToString();
        var delinquent = await db.Delinquencies.AsNoTracking().AnyAsync(d => d.Owner == ownerKey && d.DelinquentSince != null, cancellationToken);
        var enterpriseAccountId = owner.Kind == BillableOwnerKind.Team
            ? await db.EnterpriseTeams.AsNoTracking().Where(t => t.TeamId == owner.Id).Select(t => (Guid?)t.EnterpriseAccountId).SingleOrDefaultAsync(cancellationToken)
            : null;
        if (enterpriseAccountId is not { } accountId)
        {
            return new OwnerEntitlements(null, delinquent, ContractStanding.SelfServe, new Dictionary<string, ContractLicence>(), new Dictionary<string, decimal>(), month, validUntil);
        }

        var contracts = await db.Contracts.AsNoTracking().Where(c => c.EnterpriseAccountId == accountId).ToListAsync(cancellationToken);
        // The answer changes by itself when a version takes effect, a contract starts or ends: serve it no longer than that.
        foreach (var instant in contracts.SelectMany(c => c.Versions).SelectMany(v => new[] { v.EffectiveFrom, v.StartsAt, v.EndsAt }).Where(i => i > now))
        {
            validUntil = Earliest(validUntil, instant);
        }

        var covering = contracts.Select(c => c.CoveringAt(now)).FirstOrDefault(v => v is not null);
        var standing = covering is not null ? ContractStanding.Covered
            : contracts.Any(c => c.Current.EndsAt <= now) ? ContractStanding.Ended
            : ContractStanding.NoContract;
        var consumed = await db.LicenceConsumption.AsNoTracking()
            .Where(c => c.EnterpriseAccountId == accountId && c.MonthStart == month.Start)
            .Select(c => new { c.Product, c.Consumed })
            .ToListAsync(cancellationToken);
        return new OwnerEntitlements(accountId, delinquent, standing,
            covering?.Licences.ToDictionary(l => l.Product) ?? new Dictionary<string, ContractLicence>(),
            consumed.GroupBy(c => c.Product).ToDictionary(g => g.Key, g => g.Sum(c => c.Consumed)),
            month, validUntil);
    }

    private static DateTimeOffset Earliest(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
