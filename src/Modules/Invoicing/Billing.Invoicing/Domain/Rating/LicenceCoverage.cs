using Billing.Licensing.Contracts.Enterprise;

namespace Billing.Invoicing.Domain.Rating;

/// <summary>
/// An enterprise owner's On-demand overage for one licensed product in the month, as Licensing computed it (the pool's
/// figures and this owner's share of the overage cents).
/// </summary>
internal sealed record OnDemandOverage(string Product, decimal Licensed, decimal PoolConsumed, decimal OwnerConsumed, decimal Overage, long RateCents, long PoolOverageCents, long OwnerOverageCents);

/// <summary>
/// What enterprise contracts licensed of an owner's month: the stretches a contract covered and the licensed products
/// with their overage. Usage of a licensed product inside a covered stretch is paid by the licence (and its On-demand
/// overage), never at list price; outside them, or for a product the contract does not license, list price applies.
/// </summary>
internal sealed record LicenceCoverage(IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)> Covered, IReadOnlyList<OnDemandOverage> Overages)
{
    public static readonly LicenceCoverage None = new([], []);

    public bool Licenses(string product) => Overages.Any(o => o.Product == product);

    /// <summary>Whether an add-on of the category is paid from a licence (general add-on credits cover data and partner add-ons alike).</summary>
    public bool LicensesAddons(LineCategory category) =>
        Licenses(LicenceProducts.AddonCredits) || Licenses(category == LineCategory.Database ? LicenceProducts.DataCredits : LicenceProducts.PartnerCredits);

    /// <summary>The parts of <c>[from, to)</c> no contract covered, in order.</summary>
    public IEnumerable<(DateTimeOffset From, DateTimeOffset To)> Uncovered(DateTimeOffset from, DateTimeOffset to)
    {
        var at = from;
        foreach (var (coveredFrom, coveredTo) in Covered.Where(c => c.To > from && c.From < to).OrderBy(c => c.From))
        {
            if (coveredFrom > at)
            {
                yield return (at, coveredFrom);
            }

            at = coveredTo > at ? coveredTo : at;
        }

        if (to > at)
        {
            yield return (at, to);
        }
    }

    /// <summary>Team invoices count overage where its product belongs: dynos, spaces and Connect on the platform, credits by kind.</summary>
    public static LineCategory CategoryOf(string product) => product switch
    {
        LicenceProducts.DataCredits => LineCategory.Database,
        LicenceProducts.AddonCredits or LicenceProducts.PartnerCredits => LineCategory.Addons,
        _ => LineCategory.Platform,
    };
}
