namespace Billing.Usage.Domain;

/// <summary>A stretch <c>[From, To)</c> over which one gauge held the value its <see cref="Source"/> event set.</summary>
internal sealed record HeldValue(UsageEvent Source, DateTimeOffset From, DateTimeOffset To)
{
    public long Seconds => (long)(To - From).TotalSeconds;

    /// <summary>Σ value × seconds: dyno-seconds for formations, add-on-seconds for plans.</summary>
    public decimal ValueSeconds => Source.Value * Seconds;
}

/// <summary>
/// Rebuilds what a gauge held over time from its readings, whatever order they arrived in: readings are put in
/// occurrence order (arrival order breaks ties, the later arrival wins), each holds until the next one, the last
/// holds until <c>now</c>; stretches are clipped to the window and zero values are dropped (they cost nothing).
/// </summary>
internal static class GaugeTimeline
{
    /// <summary>Gauge identity: one series per app, metric and subject; the variant (size, plan) is part of the value.</summary>
    public static (Guid AppId, string Metric, string Subject) KeyOf(UsageEvent e) => (e.AppId, e.Metric, e.Subject);

    public static IEnumerable<HeldValue> Held(IEnumerable<UsageEvent> readings, DateTimeOffset windowStart, DateTimeOffset windowEnd, DateTimeOffset now)
    {
        var end = windowEnd < now ? windowEnd : now;
        foreach (var series in readings.GroupBy(KeyOf))
        {
            var ordered = series.OrderBy(e => e.OccurredAt).ThenBy(e => e.Seq).ToList();
            for (var i = 0; i < ordered.Count; i++)
            {
                var reading = ordered[i];
                var until = i + 1 < ordered.Count ? ordered[i + 1].OccurredAt : DateTimeOffset.MaxValue;
                var from = reading.OccurredAt > windowStart ? reading.OccurredAt : windowStart;
                var to = until < end ? until : end;
                if (to > from && reading.Value != 0)
                {
                    yield return new HeldValue(reading, from, to);
                }
            }
        }
    }
}
