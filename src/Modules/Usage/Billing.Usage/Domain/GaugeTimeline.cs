using System.Buffers;
using Billing.Usage.Contracts;

namespace Billing.Usage.Domain;

/// <summary>Gauge identity, within an owner: one series per app, metric and subject; the variant (size, plan) is part of the value.</summary>
internal readonly record struct GaugeSeries(Guid AppId, string Metric, string Subject) : IComparable<GaugeSeries>
{
    public static GaugeSeries Of(UsageEvent e) => new(e.AppId, e.Metric, e.Subject);

    public static GaugeSeries Of(in UsageReading r) => new(r.AppId, r.Metric, r.Subject);

    public static GaugeSeries Of(GaugeSegment s) => new(s.AppId, s.Metric, s.Subject);

    /// <summary>The order <see cref="GaugeTimeline"/> walks series in: app, metric, subject (ordinal).</summary>
    public int CompareTo(GaugeSeries other)
    {
        var c = AppId.CompareTo(other.AppId);
        c = c != 0 ? c : string.CompareOrdinal(Metric, other.Metric);
        return c != 0 ? c : string.CompareOrdinal(Subject, other.Subject);
    }
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
    /// Hands each held stretch of <paramref name="readings"/> to <paramref name="emit"/>, series by series
    /// (<see cref="GaugeSeries.CompareTo"/>), then in occurrence order, arrival breaking ties: the form a billing
    /// run's batch read uses, which keeps its readings in pooled arrays.
    /// </summary>
    /// <remarks>
    /// The readings are not moved: they are ordered through small integer keys (the series' rank, then occurrence, then
    /// arrival). Sorting the readings themselves swapped and compared 96-byte values, strings included, and was the
    /// largest single cost of shaping a run's usage.
    /// </remarks>
    public static void Walk(ReadOnlySpan<UsageReading> readings, DateTimeOffset windowStart, DateTimeOffset windowEnd, DateTimeOffset now, Action<UsageReading, DateTimeOffset, DateTimeOffset> emit)
    {
        ArgumentNullException.ThrowIfNull(emit);
        var rented = ArrayPool<TimelineKey>.Shared.Rent(readings.Length);
        try
        {
            var keys = rented.AsSpan(0, readings.Length);
            TimelineKey.Fill(readings, keys);
            keys.Sort();
            var end = windowEnd < now ? windowEnd : now;
            for (var i = 0; i < keys.Length; i++)
            {
                ref readonly var reading = ref readings[keys[i].Index];
                var until = i + 1 < keys.Length && keys[i + 1].Series == keys[i].Series ? readings[keys[i + 1].Index].OccurredAt : DateTimeOffset.MaxValue;
                var from = reading.OccurredAt > windowStart ? reading.OccurredAt : windowStart;
                var to = until < end ? until : end;
                if (to > from && reading.Value != 0)
                {
                    emit(reading, from, to);
                }
            }
        }
        finally
        {
            ArrayPool<TimelineKey>.Shared.Return(rented);
        }
    }

    /// <summary>A reading's place in the timeline as integers: its series' rank among the readings' series, occurrence, arrival.</summary>
    private readonly record struct TimelineKey(int Series, long Ticks, long Arrival, int Index) : IComparable<TimelineKey>
    {
        public static void Fill(ReadOnlySpan<UsageReading> readings, Span<TimelineKey> keys)
        {
            // Ids in first-seen order, then ranked by the series' own order; an owner has a handful of series.
            var ids = new Dictionary<GaugeSeries, int>(CheapSeriesHash.Instance);
            for (var i = 0; i < readings.Length; i++)
            {
                var series = GaugeSeries.Of(readings[i]);
                if (!ids.TryGetValue(series, out var id))
                {
                    ids.Add(series, id = ids.Count);
                }

                keys[i] = new TimelineKey(id, readings[i].OccurredAt.UtcTicks, readings[i].Arrival, i);
            }

            var ranked = ids.Keys.ToArray();
            Array.Sort(ranked);
            var rank = new int[ranked.Length];
            for (var r = 0; r < ranked.Length; r++)
            {
                rank[ids[ranked[r]]] = r;
            }

            foreach (ref var key in keys)
            {
                key = key with { Series = rank[key.Series] };
            }
        }

        /// <summary>
        /// Hashes the app and the strings' lengths only: an owner has a handful of series, so the rare collision costs
        /// an equality check (reference-equal strings in a batch read), where hashing the strings' contents cost more
        /// than the lookup saved.
        /// </summary>
        private sealed class CheapSeriesHash : IEqualityComparer<GaugeSeries>
        {
            public static readonly CheapSeriesHash Instance = new();

            public bool Equals(GaugeSeries x, GaugeSeries y) => x == y;

            public int GetHashCode(GaugeSeries obj) => HashCode.Combine(obj.AppId, obj.Metric.Length, obj.Subject.Length);
        }

        public int CompareTo(TimelineKey other)
        {
            var c = Series.CompareTo(other.Series);
            c = c != 0 ? c : Ticks.CompareTo(other.Ticks);
            return c != 0 ? c : Arrival.CompareTo(other.Arrival);
        }
    }
}
