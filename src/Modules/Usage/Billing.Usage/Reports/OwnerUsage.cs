using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.Usage.Contracts;
using Billing.Usage.Domain;

namespace Billing.Usage.Reports;

/// <summary>One app's line in a period: whether it ran anything, and its numerators.</summary>
internal sealed record AppUsage(Guid AppId, string Name, UsageNumerators Figures);

/// <summary>A team's (or account's) usage in one report period: its active apps by name, its own space credits and Connect rows.</summary>
internal sealed record OwnerPeriodUsage(IReadOnlyList<AppUsage> Apps, UsageNumerators Totals, long ConnectRows);

/// <summary>
/// Turns an owner's held gauge values over a report's range into per-period figures, legacy's way: dynos =
/// Σ units(size) × quantity × seconds; add-on credits = Σ plan dollars × seconds, split data/partner; space =
/// Σ credits × seconds. An app is listed in a period if a formation with dynos or any add-on overlapped it.
/// </summary>
internal static class OwnerUsageCalculator
{
    public static OwnerPeriodUsage For(ReportPeriod period, IReadOnlyList<HeldValue> held, IReadOnlyDictionary<Guid, string> appNames, UsageRates rates, IReadOnlyDictionary<string, long> connectByMonth)
    {
        var apps = new List<AppUsage>();
        var space = Int128.Zero;
        foreach (var byApp in held.GroupBy(h => h.Source.AppId))
        {
            var figures = default(UsageNumerators);
            var active = false;
            foreach (var h in byApp)
            {
                var seconds = period.Period.OverlapSeconds(h.From, h.To);
                if (seconds == 0)
                {
                    continue;
                }

                var value = UsageNumerators.Micro(h.Source.Value);
                switch (h.Source.Metric)
                {
                    case UsageMetrics.FormationQuantity:
                        active = true;
                        figures += new UsageNumerators(rates.UnitsOf(h.Source.Variant) * value / 1_000_000 * seconds, 0, 0, 0);
                        break;
                    case UsageMetrics.AddonPlan:
                        active = true;
                        var credits = rates.RateOf(h.Source.Variant) * value / 1_000_000 * seconds;
                        figures += rates.IsData(h.Source.Subject, h.Source.Variant) ? new UsageNumerators(0, credits, 0, 0) : new UsageNumerators(0, 0, credits, 0);
                        break;
                    case UsageMetrics.SpaceCredits:
                        space += value * seconds;
                        break;
                }
            }

            if (active && byApp.Key != Guid.Empty)
            {
                apps.Add(new AppUsage(byApp.Key, appNames.GetValueOrDefault(byApp.Key) ?? byApp.Key.ToString(), figures));
            }
        }

        apps.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name) is var byName and not 0 ? byName : string.CompareOrdinal(a.AppId.ToString(), b.AppId.ToString()));
        var totals = apps.Aggregate(new UsageNumerators(0, 0, 0, space), (sum, app) => sum + app.Figures);
        var connect = period.Monthly ? connectByMonth.GetValueOrDefault(period.Label) : 0;
        return new OwnerPeriodUsage(apps, totals, connect);
    }
}
