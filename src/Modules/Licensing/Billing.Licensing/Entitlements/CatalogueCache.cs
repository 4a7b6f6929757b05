using Billing.Licensing.Domain;
using Billing.Licensing.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Billing.Licensing.Entitlements;

/// <summary>
/// Dyno units per size and current monthly price per plan, by id and by name, for entitlement checks. Loaded on
/// first use; the price-book events Licensing publishes drop it (and it expires like an owner snapshot).
/// </summary>
internal sealed class CatalogueCache
{
    private volatile CatalogueSnapshot? _snapshot;

    public CatalogueSnapshot? Current(DateTimeOffset now) => _snapshot is { } s && now < s.ValidUntil ? s : null;

    public void Put(CatalogueSnapshot snapshot) => _snapshot = snapshot;

    public void Invalidate() => _snapshot = null;

    public static async Task<CatalogueSnapshot> LoadAsync(LicensingDbContext db, DateTimeOffset now, DateTimeOffset validUntil, CancellationToken cancellationToken)
    {
        var sizes = await db.DynoSizes.AsNoTracking().Select(s => new { s.Id, s.Name, s.PreciseDynoUnits }).ToListAsync(cancellationToken);
        var services = await db.AddonServices.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);
        var plans = await db.Plans.AsNoTracking().Select(p => new { p.Id, p.Name, p.AddonServiceId }).ToListAsync(cancellationToken);
        var prices = await db.PriceVersions.AsNoTracking().Where(v => v.Kind == PricedItemKind.Plan).ToListAsync(cancellationToken);
        var priceByPlan = prices.GroupBy(p => p.ItemId).ToDictionary(g => g.Key, g => PriceHistory.InForceAt(g, now)?.Cents ?? 0);
        var dynoUnits = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);
        foreach (var size in sizes)
        {
            dynoUnits[size.Name] = size.PreciseDynoUnits;
            dynoUnits[size.Id.ToString()] = size.PreciseDynoUnits;
        }

        var planTerms = new Dictionary<string, PlanTerms>(StringComparer.OrdinalIgnoreCase);
        foreach (var plan in plans)
        {
            var terms = new PlanTerms(plan.Name, priceByPlan.GetValueOrDefault(plan.Id), IsHerokuData(services.GetValueOrDefault(plan.AddonServiceId)));
            planTerms[plan.Name] = terms;
            planTerms[plan.Id.ToString()] = terms;
        }

        return new CatalogueSnapshot(dynoUnits, planTerms, validUntil);
    }

    /// <summary>Heroku's own data services (heroku-postgresql, heroku-redis, heroku-kafka, ...) count as data credits; the rest are partner add-ons.</summary>
    private static bool IsHerokuData(string? serviceName) => serviceName?.StartsWith("heroku-", StringComparison.Ordinal) == true;
}

internal sealed record CatalogueSnapshot(IReadOnlyDictionary<string, decimal> DynoUnits, IReadOnlyDictionary<string, PlanTerms> Plans, DateTimeOffset ValidUntil);

internal sealed record PlanTerms(string Name, long MonthlyCents, bool HerokuData);
