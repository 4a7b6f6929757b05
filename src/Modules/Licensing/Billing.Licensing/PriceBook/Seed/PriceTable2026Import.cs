using Billing.BuildingBlocks.Backfill;
using Billing.Licensing.Contracts;
using Billing.Licensing.Domain;
using Billing.Licensing.EcoDynos;
using Billing.Licensing.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Billing.Licensing.PriceBook.Seed;

/// <summary>
/// Adds what the 2026 table has and the price book lacks — never overwriting a size legacy (or an operator)
/// already priced — with prices from the epoch, like imported legacy sizes; announces each as the admin endpoints do.
/// </summary>
internal sealed class PriceTable2026Import(TimeProvider time) : IBackfillTarget<LicensingDbContext, PriceTableEntry>
{
    public const string BackfillName = "licensing.price-table-2026";

    private const string Actor = "backfill:" + BackfillName;

    public async Task<int> UpsertAsync(LicensingDbContext db, IReadOnlyList<PriceTableEntry> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(items);
        var now = time.GetUtcNow();
        var audit = new PriceAudit(Actor, "heroku-billing-rules §4 (2026 list)", now);
        var written = 0;
        foreach (var item in items)
        {
            if (item.Size is null)
            {
                if (!await db.PriceVersions.AnyAsync(v => v.ItemId == EcoPlan.Id, cancellationToken))
                {
                    EcoPlanPrices.Add(db, EcoPlan.List2026, DateTimeOffset.UnixEpoch, audit);
                    written++;
                }

                continue;
            }

            if (await db.DynoSizes.AnyAsync(s => s.Name == item.Size.Name, cancellationToken))
            {
                continue;
            }

            var size = new DynoSize(Guid.CreateVersion7(now), item.Size, now);
            var price = new PriceVersion(Guid.CreateVersion7(now), PricedItemKind.DynoSize, size.Id, new PriceTerms(item.Size.MonthlyPriceCents, "month"), DateTimeOffset.UnixEpoch, audit);
            db.DynoSizes.Add(size);
            db.PriceVersions.Add(price);
            db.Publish(new DynoSizePublished(Guid.CreateVersion7(now), now, size.Id, size.Name, price.Cents, size.PreciseDynoUnits, price.EffectiveFrom));
            written++;
        }

        return written;
    }
}
