using Billing.Licensing.Domain;
using Billing.Licensing.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Billing.Licensing.PriceBook;

/// <summary>Loads the versions in force at an instant for a set of items (one query for a whole page).</summary>
internal static class PriceLookup
{
    public static async Task<IReadOnlyDictionary<Guid, PriceVersion>> InForceAtAsync(this LicensingDbContext db, IReadOnlyCollection<Guid> itemIds, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var versions = await db.PriceVersions.AsNoTracking()
            .Where(v => itemIds.Contains(v.ItemId) && v.EffectiveFrom <= at)
            .ToListAsync(cancellationToken);
        return versions.GroupBy(v => v.ItemId).ToDictionary(g => g.Key, g => PriceHistory.InForceAt(g, at)!);
    }

    public static async Task<PriceVersion?> InForceAtAsync(this LicensingDbContext db, Guid itemId, DateTimeOffset at, CancellationToken cancellationToken) =>
        (await db.InForceAtAsync([itemId], at, cancellationToken)).GetValueOrDefault(itemId);
}
