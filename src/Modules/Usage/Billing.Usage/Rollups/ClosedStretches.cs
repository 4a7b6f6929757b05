using Billing.Usage.Domain;

namespace Billing.Usage.Rollups;

/// <summary>The part of one held stretch that falls in one UTC day: what a daily gauge rollup adds up.</summary>
internal readonly record struct DayPiece(string Variant, DateTimeOffset Day, decimal Value, long Seconds);

/// <summary>One gauge reading as the rollups see it: ordered by instant, ties by arrival (<see cref="Seq"/>).</summary>
internal readonly record struct GaugeReading(DateTimeOffset At, long Seq, string Variant, decimal Value) : IComparable<GaugeReading>
{
    public static GaugeReading Of(UsageEvent e) => new(e.OccurredAt, e.Seq, e.Variant, e.Value);

    public int CompareTo(GaugeReading other) => At != other.At ? At.CompareTo(other.At) : Seq.CompareTo(other.Seq);
}

/// <summary>
/// The closed stretches of one gauge series (each reading held until the next one, in occurrence order, ties by
/// arrival) cut at UTC midnights, from <c>fromDay</c> on. The latest reading's stretch is open: it is not here.
/// Zero values and zero-length stretches hold nothing, as in <see cref="GaugeTimeline"/>.
/// </summary>
internal static class ClosedStretches
{
    public static IEnumerable<DayPiece> ByDay(IEnumerable<UsageEvent> series, DateTimeOffset fromDay) =>
        ByDay(series.Select(GaugeReading.Of).Order().ToList(), fromDay);

    /// <param name="ordered">The series' readings in their order (<see cref="GaugeReading.CompareTo"/>).</param>
    public static IEnumerable<DayPiece> ByDay(IReadOnlyList<GaugeReading> ordered, DateTimeOffset fromDay)
    {
        for (var i = 0; i + 1 < ordered.Count; i++)
        {
            foreach (var piece in Held(ordered[i], ordered[i + 1].At, fromDay))
            {
                yield return piece;
            }
        }
    }

    /// <summary><paramref name="reading"/> held until <paramref name="until"/>, from <paramref name="fromDay"/> on, cut at midnights.</summary>
    public static IEnumerable<DayPiece> Held(GaugeReading reading, DateTimeOffset until, DateTimeOffset fromDay)
    {
        var from = reading.At > fromDay ? reading.At : fromDay;
        if (reading.Value == 0 || until <= from)
        {
            yield break;
        }

        for (var day = DayOf(from); day < until; day = day.AddDays(1))
        {
            var start = from > day ? from : day;
            var end = until < day.AddDays(1) ? until : day.AddDays(1);
            yield return new DayPiece(reading.Variant, day, reading.Value, (long)(end - start).TotalSeconds);
        }
    }

    public static DateTimeOffset DayOf(DateTimeOffset instant) => new(instant.UtcDateTime.Date, TimeSpan.Zero);
}
