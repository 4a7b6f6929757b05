using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.Licensing.Contracts.Enterprise;
using Billing.Usage.Contracts;

namespace Billing.Licensing.Domain.Enterprise;

/// <summary>What a product's licence needs to know of the price book to measure usage in it.</summary>
/// <param name="DynoUnits">precise_dyno_units by dyno size name.</param>
/// <param name="PlanCredits">add-on credits per month (the plan's price in dollars) and whether it is a Heroku data plan, by plan id.</param>
internal sealed record ConsumptionCatalogue(IReadOnlyDictionary<string, decimal> DynoUnits, IReadOnlyDictionary<string, (decimal Credits, bool HerokuData)> PlanCredits);

/// <summary>
/// Turns Usage's rollups of the covered part of a month into licence products (heroku-billing-rules §6):
/// dyno units = Σ precise_dyno_units × dyno-seconds ÷ month seconds; add-on credits = Σ plan price in dollars ×
/// provisioned seconds ÷ month seconds, split into data (Heroku's own data services) and partner, general
/// add-on credits being both; space credits = Σ credits-per-month × seconds ÷ month seconds; Connect rows = the
/// month's maximum. Unrounded: rounding happens once, where figures are shown or billed.
/// </summary>
internal static class ConsumptionRules
{
    public static IReadOnlyDictionary<string, decimal> Measure(IEnumerable<UsageRollup> rollups, BillingPeriod month, ConsumptionCatalogue catalogue)
    {
        var consumed = LicenceProducts.All.ToDictionary(p => p, _ => 0m);
        var monthSeconds = (decimal)month.Seconds;
        foreach (var rollup in rollups)
        {
            switch (rollup.Metric)
            {
                case UsageMetrics.FormationQuantity:
                    consumed[LicenceProducts.DynoUnits] += catalogue.DynoUnits.GetValueOrDefault(rollup.Variant) * rollup.ValueSeconds / monthSeconds;
                    break;
                case UsageMetrics.AddonPlan when catalogue.PlanCredits.TryGetValue(rollup.Variant, out var plan):
                    var credits = plan.Credits * rollup.ValueSeconds / monthSeconds;
                    consumed[plan.HerokuData ? LicenceProducts.DataCredits : LicenceProducts.PartnerCredits] += credits;
                    consumed[LicenceProducts.AddonCredits] += credits;
                    break;
                case UsageMetrics.SpaceCredits:
                    consumed[LicenceProducts.SpaceCredits] += rollup.ValueSeconds / monthSeconds;
                    break;
                case UsageMetrics.ConnectRows:
                    consumed[LicenceProducts.ConnectRows] = Math.Max(consumed[LicenceProducts.ConnectRows], rollup.MaxValue);
                    break;
            }
        }

        return consumed;
    }

    /// <summary>
    /// The thresholds (percent of the licensed quantity) the pool has reached: each is announced once per contract,
    /// product and month, so callers record what this returns under a unique key.
    /// </summary>
    public static IEnumerable<int> ThresholdsReached(decimal licensed, decimal poolConsumed, IEnumerable<int> thresholdPercents) =>
        licensed <= 0 ? [] : thresholdPercents.Where(t => poolConsumed * 100 >= licensed * t);
}
