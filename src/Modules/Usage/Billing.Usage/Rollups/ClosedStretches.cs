using Billing.Usage.Domain;

namespace Billing.Usage.Rollups;

/// <summary>The part of one held stretch that falls in one UTC day: what a daily gauge rollup adds up.</summary>
internal readonly record struct DayPiece(string Variant, DateTimeOffset Day, decimal Value, long Seconds);

/// <summary>
/// The closed stretches of one gauge series (each reading held until the next one, in occurrence order, ties by
/// arrival) cut at UTC midnights, from <c>fromDay</c> on. The latest reading's stretch is open: it is not here.
/// Zero values and zero-length stretches hold nothing, as in <see cref="GaugeTimeline"/>.
/// </summary>
internal static class ClosedStretches
{
    public static IEnumerable<DayPiece> ByDay(IEnumerable<UsageEvent> series, DateTimeOffset fromDay)
    {
        var ordered = series.OrderBy(e => e.OccurredAt).ThenBy(e => e.Seq).ToList();
        for (var i = 0; i + 1 < ordered.Count; i++)
        {
            var reading = ordered[i];
            var from = reading.OccurredAt > fromDay ? reading.OccurredAt : fromDay;
            var until = ordered[i + 1].OccurredAt;
            if (reading.Value == 0 || until <= from)
            {
                continue;
            }

            for (var day = DayOf(from); day < until; day = day.AddDays(1))
            {
                var start = from > day ? from : day;
                var end = until < day.AddDays(1) ? until : day.AddDays(1);
                yield return new DayPiece(reading.Variant, day, reading.Value, (long)(end - start).TotalSeconds);
            }
        }
    }

    public static DateTimeOffset DayOf(DateTimeOffset instant) => new(instant.UtcDateTime.Date, TimeSpan.Zero);
}
