using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.Usage.Contracts;

namespace Billing.Usage.Domain;

/// <summary>
/// Rolls a period's usage up per app, metric, subject and variant: Σ value × seconds for gauges, and for counters
/// the metric's own aggregation (sum for meters, the maximum for Connect rows) with the highest reading.
/// </summary>
internal static class UsageRollups
{
    public static IEnumerable<UsageRollup> Of(BillableOwner owner, BillingPeriod period, IEnumerable<HeldValue> held, IEnumerable<UsageEvent> counterReadings)
    {
        var gauges = held
            .GroupBy(h => (h.Source.AppId, h.Source.Metric, h.Source.Subject, h.Source.Variant))
            .Select(g => new UsageRollup(owner, g.Key.AppId, g.Key.Metric, g.Key.Subject, g.Key.Variant, period, g.Sum(h => h.ValueSeconds), g.Max(h => h.Source.Value)));
        var counters = counterReadings
            .GroupBy(e => (e.AppId, e.Metric, e.Subject, e.Variant))
            .Select(g =>
            {
                var values = g.OrderBy(e => e.OccurredAt).ThenBy(e => e.Seq).Select(e => e.Value).ToList();
                var aggregation = MetricCatalog.Find(g.Key.Metric, hasAddon: g.Key.Subject.Length > 0)?.Aggregation ?? Aggregation.Sum;
                return new UsageRollup(owner, g.Key.AppId, g.Key.Metric, g.Key.Subject, g.Key.Variant, period, Aggregations.Apply(aggregation, values), values.Max());
            });
        return gauges.Concat(counters)
            .OrderBy(r => r.AppId).ThenBy(r => r.Metric, StringComparer.Ordinal).ThenBy(r => r.Subject, StringComparer.Ordinal).ThenBy(r => r.Variant, StringComparer.Ordinal);
    }
}
