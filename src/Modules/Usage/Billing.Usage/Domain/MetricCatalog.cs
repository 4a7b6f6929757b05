using System.Text.RegularExpressions;
using Billing.Usage.Contracts;

namespace Billing.Usage.Domain;

/// <summary>How a metric's readings combine within a period.</summary>
internal enum Aggregation
{
    /// <summary>Gauge: Σ value × seconds held (dyno-seconds, add-on-seconds), to the second.</summary>
    TimeWeighted,
    Sum,
    Count,
    Max,
    UniqueCount,
    Latest,
}

/// <summary>What a metric needs besides the common fields, and how it aggregates.</summary>
internal sealed record MetricDefinition(string Name, Aggregation Aggregation, bool IntegerValues, decimal? MaxValue)
{
    public bool IsGauge => Aggregation == Aggregation.TimeWeighted;
}

/// <summary>
/// The metrics Usage accepts. Add-on meter readings (an event with an <c>addon_id</c> whose metric is a bare meter
/// key such as <c>requests</c>) are summed per add-on and month, like legacy's meters; any other name is unknown.
/// </summary>
internal static partial class MetricCatalog
{
    private static readonly Dictionary<string, MetricDefinition> Known = new(StringComparer.Ordinal)
    {
        [UsageMetrics.FormationQuantity] = new(UsageMetrics.FormationQuantity, Aggregation.TimeWeighted, IntegerValues: true, MaxValue: 10_000),
        [UsageMetrics.AddonPlan] = new(UsageMetrics.AddonPlan, Aggregation.TimeWeighted, IntegerValues: true, MaxValue: 1),
        [UsageMetrics.SpaceCredits] = new(UsageMetrics.SpaceCredits, Aggregation.TimeWeighted, IntegerValues: false, MaxValue: null),
        [UsageMetrics.ConnectRows] = new(UsageMetrics.ConnectRows, Aggregation.Max, IntegerValues: true, MaxValue: null),
    };

    public static IEnumerable<string> GaugeMetrics => Known.Values.Where(m => m.IsGauge).Select(m => m.Name);

    public static bool IsGauge(string metric) => Known.TryGetValue(metric, out var definition) && definition.IsGauge;

    public static MetricDefinition? Find(string metric, bool hasAddon)
    {
        if (Known.TryGetValue(metric, out var definition))
        {
            return definition;
        }

        return hasAddon && MeterKey().IsMatch(metric) ? new MetricDefinition(metric, Aggregation.Sum, IntegerValues: false, MaxValue: null) : null;
    }

    [GeneratedRegex(@"\A\w{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex MeterKey();
}
