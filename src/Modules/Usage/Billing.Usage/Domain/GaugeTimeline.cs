namespace Billing.Usage.Domain;

/// <summary>Gauge identity, within an owner: one series per app, metric and subject; the variant (size, plan) is part of the value.</summary>
internal readonly record struct GaugeSeries(Guid AppId, string Metric, string Subject)
{
    public static GaugeSeries Of(UsageEvent e) => new(e.AppId, e.Metric, e.Subject);

    public static GaugeSeries Of(in UsageReading r) => new(r.AppId, r.Metric, r.Subject);
}

/// <summary>A stretch <c>[From, To)</c> over which one gauge held the value its <see cref="Source"/> reading set.</summary>
internal sealed record HeldValue(UsageReading Source, DateTimeOffset From, DateTimeOffset To)
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
    /// <summary>Readings handed over in arrival order (stored ones by their arrival position), as held stretches by series and time.</summary>
    public static IEnumerable<HeldValue> Held(IEnumerable<UsageEvent> readings, DateTimeOffset windowStart, DateTimeOffset windowEnd, DateTimeOffset now)
    {
        // Stored events carry their arrival position; events built in memory (Seq 0) arrive in the order given.
        var arrived = readings.OrderBy(e => e.Seq).Select((e, arrival) => UsageReading.Of(e, arrival)).ToArray();
        var held = new List<HeldValue>(arrived.Length);
        Walk(arrived, windowStart, windowEnd, now, (reading, from, to) => held.Add(new HeldValue(reading, from, to)));
        return held;
    }

    /// <summary>
    /// Sorts <paramref name="readings"/> in place into timeline order and hands each held stretch to <paramref name="emit"/>,
    /// series by series and in time: the allocation-free form a billing run's batch read uses.
    /// </summary>
    public static void Walk(Span<UsageReading> readings, DateTimeOffset windowStart, DateTimeOffset windowEnd, DateTimeOffset now, Action<UsageReading, DateTimeOffset, DateTimeOffset> emit)
    {
        ArgumentNullException.ThrowIfNull(emit);
        readings.Sort(default(TimelineOrder));
        var end = windowEnd < now ? windowEnd : now;
        for (var i = 0; i < readings.Length; i++)
        {
            ref readonly var reading = ref readings[i];
            var until = i + 1 < readings.Length && readings[i + 1].SameSeries(reading) ? readings[i + 1].OccurredAt : DateTimeOffset.MaxValue;
            var from = reading.OccurredAt > windowStart ? reading.OccurredAt : windowStart;
            var to = until < end ? until : end;
            if (to > from && reading.Value != 0)
            {
                emit(reading, from, to);
            }
        }
    }

    private readonly struct TimelineOrder : IComparer<UsageReading>
    {
        public int Compare(UsageReading x, UsageReading y) => UsageReading.CompareInTimeline(x, y);
    }
}
