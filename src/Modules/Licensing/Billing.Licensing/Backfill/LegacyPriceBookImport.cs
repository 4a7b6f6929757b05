using Billing.BuildingBlocks.Backfill;
using Billing.Licensing.AddonServices;
using Billing.Licensing.Contracts;
using Billing.Licensing.Contracts.Legacy;
using Billing.Licensing.Domain;
using Billing.Licensing.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Billing.Licensing.Backfill;

/// <summary>
/// Writes legacy's dyno sizes, add-on services and plans into the price book, keyed by legacy's ids. A new
/// item is added with its price; a known one takes legacy's current fields; a price that differs from the one
/// in force now becomes a new version from now on (history is never rewritten). Unchanged items write nothing.
/// </summary>
internal sealed class LegacyPriceBookImport(TimeProvider time) : IBackfillTarget<LicensingDbContext, LegacyPriceBookEntry>
{
    public const string BackfillName = "licensing.legacy-price-book";

    private const string Actor = "backfill:" + BackfillName;

    /// <summary>
    /// Legacy keeps no price history and dyno sizes have no creation date, so an imported size's price is taken
    /// to have applied since the epoch: "as far back as anyone can ask". Plans start at their legacy created_at.
    /// </summary>
    public static readonly DateTimeOffset LegacyDynoSizePricesFrom = DateTimeOffset.UnixEpoch;

    public async Task<int> UpsertAsync(LicensingDbContext db, IReadOnlyList<LegacyPriceBookEntry> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(items);
        var written = 0;
        foreach (var item in items)
        {
            written += item switch
            {
                { DynoSize: { } size } => await UpsertAsync(db, size, cancellationToken) ? 1 : 0,
                { AddonService: { } service } => await UpsertAsync(db, service, cancellationToken) ? 1 : 0,
                { Plan: { } plan } => await UpsertAsync(db, plan, cancellationToken) ? 1 : 0,
                _ => 0,
            };
        }

        return written;
    }

    private async Task<bool> UpsertAsync(LicensingDbContext db, LegacyDynoSizeEntry legacy, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var spec = new DynoSizeSpec(legacy.Name, legacy.MonthlyPriceCents, legacy.PreciseDynoUnits, legacy.Memory, legacy.Compute, legacy.Dedicated,
            legacy.PrivateSpaceOnly, legacy.Architecture, legacy.Generation, legacy.CanAutoscale, legacy.InfrastructureTier, legacy.ProductDynoTier, legacy.GenerationId);
        var size = await db.DynoSizes.SingleOrDefaultAsync(s => s.Id == legacy.Id, cancellationToken);
        var terms = new PriceTerms(legacy.MonthlyPriceCents, "month");
        if (size is null)
        {
            size = new DynoSize(legacy.Id, spec, now);
            db.DynoSizes.Add(size);
            var first = AddPrice(db, PricedItemKind.DynoSize, size.Id, terms, LegacyDynoSizePricesFrom, now, "imported from legacy");
            db.Publish(new DynoSizePublished(Guid.CreateVersion7(now), now, size.Id, size.Name, first.Cents, size.PreciseDynoUnits, first.EffectiveFrom));
            return true;
        }

        var changed = size.Apply(spec, now);
        if (await PriceDiffersAsync(db, size.Id, terms, now, cancellationToken))
        {
            var price = AddPrice(db, PricedItemKind.DynoSize, size.Id, terms, now, now, "legacy price changed");
            db.Publish(new DynoSizePriceChanged(Guid.CreateVersion7(now), now, size.Id, size.Name, price.Cents, size.PreciseDynoUnits, now));
            changed = true;
        }

        return changed;
    }

    private static async Task<bool> UpsertAsync(LicensingDbContext db, LegacyAddonServiceEntry legacy, CancellationToken cancellationToken)
    {
        var spec = new AddonServiceSpec(legacy.Name, legacy.HumanName, legacy.CliPluginName, legacy.State, legacy.SupportsMultipleInstallations,
            legacy.SupportsSharing, legacy.SupportedGenerations.Select(g => (g.Name, g.Id)).ToList());
        var service = await db.AddonServices.SingleOrDefaultAsync(s => s.Id == legacy.Id, cancellationToken);
        if (service is null)
        {
            var added = new AddonService(legacy.Id, spec, legacy.CreatedAt);
            added.Apply(spec, legacy.UpdatedAt);
            db.AddonServices.Add(added);
            return true;
        }

        return service.Apply(spec, legacy.UpdatedAt);
    }

    private async Task<bool> UpsertAsync(LicensingDbContext db, LegacyPlanEntry legacy, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var spec = new PlanSpec(legacy.Name, legacy.HumanName, legacy.Description, legacy.Compliance, legacy.Default, legacy.InstallableInsidePrivateNetwork,
            legacy.InstallableOutsidePrivateNetwork, legacy.SpaceDefault, legacy.State, legacy.Visible);
        var terms = new PriceTerms(legacy.Cents, legacy.Unit, legacy.Contract, legacy.Metered);
        var plan = await db.Plans.SingleOrDefaultAsync(p => p.Id == legacy.Id, cancellationToken);
        if (plan is null)
        {
            plan = new Plan(legacy.Id, legacy.AddonServiceId, spec, legacy.CreatedAt);
            plan.Apply(spec, legacy.UpdatedAt);
            db.Plans.Add(plan);
            var first = AddPrice(db, PricedItemKind.Plan, plan.Id, terms, legacy.CreatedAt, now, "imported from legacy");
            db.Publish(PlanEvents.Priced(plan, first, now));
            return true;
        }

        var changed = plan.Apply(spec, legacy.UpdatedAt);
        if (await PriceDiffersAsync(db, plan.Id, terms, now, cancellationToken))
        {
            db.Publish(PlanEvents.Priced(plan, AddPrice(db, PricedItemKind.Plan, plan.Id, terms, now, now, "legacy price changed"), now));
            changed = true;
        }

        return changed;
    }

    private static async Task<bool> PriceDiffersAsync(LicensingDbContext db, Guid itemId, PriceTerms terms, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var versions = await db.PriceVersions.Where(v => v.ItemId == itemId).ToListAsync(cancellationToken);
        return PriceHistory.InForceAt(versions, now)?.Terms != terms;
    }

    private static PriceVersion AddPrice(LicensingDbContext db, PricedItemKind kind, Guid itemId, PriceTerms terms, DateTimeOffset effectiveFrom, DateTimeOffset now, string reason)
    {
        var price = new PriceVersion(Guid.CreateVersion7(now), kind, itemId, terms, effectiveFrom, new PriceAudit(Actor, reason, now));
        db.PriceVersions.Add(price);
        return price;
    }
}
