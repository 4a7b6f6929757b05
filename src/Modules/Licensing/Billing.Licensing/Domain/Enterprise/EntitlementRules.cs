using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.Licensing.Contracts.Enterprise;

namespace Billing.Licensing.Domain.Enterprise;

/// <summary>Where an owner stands with respect to Enterprise contracts right now.</summary>
internal enum ContractStanding
{
    /// <summary>Not in an enterprise account: pays list price, nothing to license.</summary>
    SelfServe,

    /// <summary>In an enterprise account that has no contract covering now and none that ended.</summary>
    NoContract,

    /// <summary>In an enterprise account whose contracts have all ended.</summary>
    Ended,

    Covered,
}

/// <summary>
/// What an entitlement check needs about one owner, loaded once and then served from memory until
/// <see cref="ValidUntil"/> (or an event drops it). <see cref="PoolConsumed"/> is the month's consumption of the
/// enterprise account's teams together, by product.
/// </summary>
internal sealed record OwnerEntitlements(
    Guid? EnterpriseAccountId,
    bool Delinquent,
    ContractStanding Standing,
    IReadOnlyDictionary<string, ContractLicence> Licences,
    IReadOnlyDictionary<string, decimal> PoolConsumed,
    BillingPeriod Month,
    DateTimeOffset ValidUntil);

/// <summary>
/// A request in licence terms: which licence products could cover it (first match wins) and how much of the product
/// it uses over a whole month (dyno units for N dynos of a size, add-on credits = plan price in dollars).
/// </summary>
internal readonly record struct EntitlementRequest(string Name, int Quantity, IReadOnlyList<string> Products, decimal MonthlyAmount)
{
    /// <summary>For messages only (built on denial, so an allowed check allocates nothing for it).</summary>
    public string What => Quantity == 1 ? Name : $"{Quantity} × {Name}";
}

internal static class EntitlementRules
{
    private static readonly EntitlementDecision SelfServe = new(true, EntitlementReasons.SelfServe, "Not under an Enterprise contract: billed at list price.");

    // One answer per product, so the common "allowed" path allocates nothing.
    private static readonly Dictionary<string, EntitlementDecision> LicensedBy =
        LicenceProducts.All.ToDictionary(p => p, p => new EntitlementDecision(true, EntitlementReasons.Licensed, $"Licensed under {p}."));

    /// <summary>
    /// Delinquency first (nothing new for an owner who does not pay), then the contract, then the licence. A hard limit
    /// is checked on what the month would reach if the request ran from now to the month's end:
    /// consumed so far + MonthlyAmount × (remaining seconds ÷ month seconds) must not exceed the monthly quantity.
    /// </summary>
    public static EntitlementDecision Decide(OwnerEntitlements owner, EntitlementRequest request, DateTimeOffset now)
    {
        if (owner.Delinquent)
        {
            return new(false, EntitlementReasons.Delinquent, "The account has unpaid invoices; pay them to provision or scale.");
        }

        switch (owner.Standing)
        {
            case ContractStanding.SelfServe:
                return SelfServe;
            case ContractStanding.Ended:
                return new(false, EntitlementReasons.ContractEnded, "The Enterprise contract has ended.");
            case ContractStanding.NoContract:
                return new(false, EntitlementReasons.NoLicense, $"No Enterprise contract licenses {request.What}.");
        }

        for (var i = 0; i < request.Products.Count; i++)
        {
            var product = request.Products[i];
            if (!owner.Licences.TryGetValue(product, out var licence))
            {
                continue;
            }

            if (licence.HardLimit)
            {
                var remaining = (decimal)(owner.Month.End - now).TotalSeconds / owner.Month.Seconds;
                var projected = owner.PoolConsumed.GetValueOrDefault(product) + (request.MonthlyAmount * remaining);
                if (projected > licence.MonthlyQuantity)
                {
                    return new(false, EntitlementReasons.OverHardLimit,
                        $"{request.What} would bring {product} to {LicenceArithmetic.Quantity(projected)} of {licence.MonthlyQuantity} licensed this month.");
                }
            }

            return LicensedBy[product];
        }

        return new(false, EntitlementReasons.NoLicense, $"The Enterprise contract does not license {request.What} ({string.Join(" or ", request.Products)}).");
    }
}
