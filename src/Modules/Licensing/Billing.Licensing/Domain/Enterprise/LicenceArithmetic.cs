using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.Licensing.Contracts.Enterprise;

namespace Billing.Licensing.Domain.Enterprise;

/// <summary>
/// Licensed vs consumed for a month. One rounding rule: quantities half-to-even to 2 decimals, money half-to-even to
/// a whole cent, each once at the end (never on intermediate sums).
/// </summary>
internal static class LicenceArithmetic
{
    public static decimal Quantity(decimal value) => decimal.Round(value, 2, MidpointRounding.ToEven);

    public static long Cents(decimal value) => (long)decimal.Round(value, 0, MidpointRounding.ToEven);

    /// <summary>Each licensed product's monthly quantity prorated by the seconds of the month its licence covered.</summary>
    public static IReadOnlyDictionary<string, decimal> Licensed(IReadOnlyList<CoveredStretch> stretches, BillingPeriod month)
    {
        var licensed = new Dictionary<string, decimal>();
        foreach (var stretch in stretches.Where(s => s.Covered))
        {
            foreach (var licence in stretch.Version!.Licences)
            {
                licensed[licence.Product] = licensed.GetValueOrDefault(licence.Product) + (licence.MonthlyQuantity * stretch.Period.Seconds / month.Seconds);
            }
        }

        return licensed;
    }

    /// <summary>
    /// Positions of <paramref name="owner"/> given every pool member's consumption (by team id, product). The On-demand
    /// rate is the one of the month's last covered stretch that licenses the product.
    /// </summary>
    public static IReadOnlyList<LicensePosition> Positions(
        IReadOnlyList<CoveredStretch> stretches, BillingPeriod month, IReadOnlyDictionary<Guid, IReadOnlyDictionary<string, decimal>> consumption, Guid owner)
    {
        var positions = new List<LicensePosition>();
        foreach (var (product, licensedExact) in Licensed(stretches, month).OrderBy(p => LicenceProductsOrder(p.Key)))
        {
            var rate = stretches.Where(s => s.Covered).Select(s => s.Version!.LicenceFor(product)).Last(l => l is not null)!.OnDemandRateCents;
            var byTeam = consumption.ToDictionary(c => c.Key, c => c.Value.GetValueOrDefault(product));
            var pool = byTeam.Values.Sum();
            var licensed = Quantity(licensedExact);
            var overage = Math.Max(0, Quantity(pool) - licensed);
            var poolCents = Cents(overage * rate);
            var shares = ShareOut(poolCents, byTeam);
            positions.Add(new LicensePosition(product, licensed, Quantity(pool), Quantity(byTeam.GetValueOrDefault(owner)), overage, rate, poolCents,
                shares.GetValueOrDefault(owner)));
        }

        return positions;
    }

    /// <summary>Splits <paramref name="cents"/> in proportion to <paramref name="weights"/> by largest remainder, so the shares add up exactly.</summary>
    public static IReadOnlyDictionary<Guid, long> ShareOut(long cents, IReadOnlyDictionary<Guid, decimal> weights)
    {
        var total = weights.Values.Where(w => w > 0).Sum();
        if (cents == 0 || total == 0)
        {
            return new Dictionary<Guid, long>();
        }

        var exact = weights.Where(w => w.Value > 0).ToDictionary(w => w.Key, w => cents * w.Value / total);
        var shares = exact.ToDictionary(e => e.Key, e => (long)decimal.Floor(e.Value));
        var left = cents - shares.Values.Sum();
        foreach (var key in exact.OrderByDescending(e => e.Value - decimal.Floor(e.Value)).ThenBy(e => e.Key).Take((int)left).Select(e => e.Key))
        {
            shares[key]++;
        }

        return shares;
    }

    private static int LicenceProductsOrder(string product) => LicenceProductsIndex.IndexOf(product);

    private static readonly List<string> LicenceProductsIndex = [.. LicenceProducts.All];
}
