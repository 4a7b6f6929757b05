namespace Billing.Usage.Domain;

/// <summary>The non-time-weighted aggregations over a period's readings, in arrival order.</summary>
internal static class Aggregations
{
    public static decimal Apply(Aggregation aggregation, IReadOnlyList<decimal> values) => aggregation switch
    {
        _ when values.Count == 0 => 0m,
        Aggregation.Sum => values.Sum(),
        Aggregation.Count => values.Count,
        Aggregation.Max => values.Max(),
        Aggregation.UniqueCount => values.Distinct().Count(),
        Aggregation.Latest => values[^1],
        _ => throw new ArgumentOutOfRangeException(nameof(aggregation), aggregation, "Time-weighted gauges aggregate through GaugeTimeline."),
    };
}
