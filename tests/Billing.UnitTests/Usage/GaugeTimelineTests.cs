using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.Usage.Domain;

namespace Billing.UnitTests.Usage;

public sealed class GaugeTimelineTests
{
    private static readonly DateTimeOffset Day = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Guid App = Guid.NewGuid();
    private static long _seq;

    private static UsageEvent Reading(string id, int minute, decimal value, string subject = "web", string size = "standard-1x")
    {
        var e = new UsageEvent(id, BillableOwner.Team(Guid.Empty), App, "formation.quantity", subject, size, value, Day.AddMinutes(minute), Day);
        typeof(UsageEvent).GetProperty(nameof(UsageEvent.Seq))!.SetValue(e, Interlocked.Increment(ref _seq));
        return e;
    }

    [Fact]
    public void Each_reading_holds_until_the_next_one_in_occurrence_order_whatever_the_arrival_order()
    {
        UsageEvent[] arrived = [Reading("c", 30, 0), Reading("a", 0, 2), Reading("b", 10, 3, size: "standard-2x")];

        var held = GaugeTimeline.Held(arrived, Day, Day.AddDays(1), Day.AddDays(2)).ToList();

        Assert.Equal([("a", 0, 10, 1200m), ("b", 10, 30, 3600m)], held.Select(h => (h.Source.EventId, (int)(h.From - Day).TotalMinutes, (int)(h.To - Day).TotalMinutes, h.ValueSeconds)));
    }

    [Fact]
    public void The_later_arrival_wins_at_the_same_instant_and_the_last_reading_stops_at_the_clock()
    {
        UsageEvent[] arrived = [Reading("first", 0, 5), Reading("second", 0, 1)];

        var held = Assert.Single(GaugeTimeline.Held(arrived, Day, Day.AddDays(1), Day.AddMinutes(15)));

        Assert.Equal(("second", 900L), (held.Source.EventId, held.Seconds));
    }

    [Fact]
    public void A_reading_before_the_window_is_clipped_to_it_and_series_are_independent()
    {
        UsageEvent[] arrived = [Reading("w", -60, 1), Reading("k", 5, 2, subject: "worker"), Reading("w-off", 20, 0)];

        var held = GaugeTimeline.Held(arrived, Day, Day.AddMinutes(30), Day.AddDays(1)).OrderBy(h => h.Source.EventId).ToList();

        Assert.Equal([("k", 5, 30), ("w", 0, 20)], held.Select(h => (h.Source.EventId, (int)(h.From - Day).TotalMinutes, (int)(h.To - Day).TotalMinutes)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Stretches_follow_series_then_occurrence_then_arrival_for_any_mix_of_readings(int seed)
    {
        // Several apps, metrics and subjects (ordinal order: "Web" < "web" < "wörker"), instants that collide often,
        // zero values, readings handed over in random order: the walk must give what the plain definition gives.
        var random = new Random(seed);
        Guid[] apps = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];
        string[] metrics = ["formation.quantity", "addon.plan"];
        string[] subjects = ["web", "Web", "wörker"];
        var arrivals = Enumerable.Range(0, 400).OrderBy(_ => random.Next()).ToArray(); // arrival positions are unique
        var readings = Enumerable.Range(0, 400)
            .Select(i => new UsageReading(arrivals[i], apps[random.Next(apps.Length)], metrics[random.Next(metrics.Length)],
                subjects[random.Next(subjects.Length)], $"size-{random.Next(3)}", random.Next(0, 4), Day.AddMinutes(random.Next(-30, 90)), $"e{i}"))
            .ToArray();
        var (start, end, now) = (Day, Day.AddMinutes(60), Day.AddMinutes(45));

        var walked = new List<(string, DateTimeOffset, DateTimeOffset)>();
        GaugeTimeline.Walk(readings, start, end, now, (r, from, to) => walked.Add((r.EventId, from, to)));

        var ordered = readings
            .OrderBy(r => r.AppId).ThenBy(r => r.Metric, StringComparer.Ordinal).ThenBy(r => r.Subject, StringComparer.Ordinal)
            .ThenBy(r => r.OccurredAt).ThenBy(r => r.Arrival)
            .ToList();
        var expected = new List<(string, DateTimeOffset, DateTimeOffset)>();
        for (var i = 0; i < ordered.Count; i++)
        {
            var r = ordered[i];
            var next = i + 1 < ordered.Count && GaugeSeries.Of(ordered[i + 1]) == GaugeSeries.Of(r) ? ordered[i + 1].OccurredAt : DateTimeOffset.MaxValue;
            var (from, to) = (r.OccurredAt > start ? r.OccurredAt : start, next < now ? next : now);
            if (to > from && r.Value != 0)
            {
                expected.Add((r.EventId, from, to));
            }
        }

        Assert.NotEmpty(expected);
        Assert.Equal(expected, walked);
    }

    [Theory]
    [InlineData("Sum", 13)]
    [InlineData("Count", 4)]
    [InlineData("Max", 5)]
    [InlineData("UniqueCount", 3)]
    [InlineData("Latest", 2)]
    public void Counter_aggregations(string aggregation, int expected) =>
        Assert.Equal(expected, Aggregations.Apply(Enum.Parse<Aggregation>(aggregation), [3m, 5m, 3m, 2m]));
}
