using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.Usage.Domain;
using Billing.Usage.Rollups;

namespace Billing.UnitTests.Usage;

/// <summary>
/// Folding arrivals into stored day rows from their neighbours alone (ADR 0049) gives the rows a recompute from every
/// reading gives, or says it cannot; checked against <see cref="ClosedStretches"/> over random series.
/// </summary>
public sealed class GaugeDeltasTests
{
    private static readonly DateTimeOffset Start = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly BillableOwner Owner = BillableOwner.Team(Guid.Parse("00000000-0000-0000-0000-0000000000aa"));
    private static readonly GaugeSeries Series = new(Guid.Parse("00000000-0000-0000-0000-0000000000bb"), "formation.quantity", "web");

    [Theory]
    [InlineData(1, 40, 3)]
    [InlineData(2, 40, 1)]
    [InlineData(3, 5, 5)]
    [InlineData(4, 300, 20)]
    public void Folding_arrivals_gives_the_rows_recomputed_from_every_reading(int seed, int folded, int arriving)
    {
        var random = new Random(seed);
        int exact = 0, unknown = 0;
        for (var trial = 0; trial < 400; trial++)
        {
            var readings = RandomSeries(random, folded + arriving);
            var arrivals = readings.OrderBy(_ => random.Next()).Take(random.Next(1, arriving + 1)).ToHashSet();
            var before = readings.Where(r => !arrivals.Contains(r)).ToList();

            var changes = GaugeDeltas.Changes(Gaps(before, arrivals));
            var stored = Rows(before);
            var after = new Dictionary<RollupDay, DayFigures>(stored);
            var known = true;
            foreach (var (day, change) in changes)
            {
                var figures = GaugeDeltas.Apply(stored.TryGetValue(day, out var row) ? row : null, change);
                if (figures is not { } f)
                {
                    known = false;
                    break;
                }

                if (f.Pieces == 0)
                {
                    after.Remove(day);
                }
                else
                {
                    after[day] = f;
                }
            }

            if (!known)
            {
                unknown++;
                continue;
            }

            exact++;
            Assert.Equal(Rows(readings).OrderBy(r => r.Key.Day).ThenBy(r => r.Key.Variant), after.OrderBy(r => r.Key.Day).ThenBy(r => r.Key.Variant));
        }

        // Falling back is for a maximum lost with its piece; most batches must fold.
        Assert.True(exact > 3 * unknown, $"{exact} folded, {unknown} left to a recompute");
    }

    [Fact]
    public void A_maximum_that_leaves_with_its_piece_while_others_stay_is_not_guessed()
    {
        // 5 held from 10:00 into the next day, where 1 follows at 06:00; 2 arrives at 20:00 the first day: the next
        // day's piece of 5 goes, and that day's maximum with it.
        var five = new GaugeReading(Start.AddHours(10), 1, "standard-1x", 5);
        var one = new GaugeReading(Start.AddHours(30), 2, "standard-1x", 1);
        var two = new GaugeReading(Start.AddHours(20), 3, "standard-1x", 2);
        var stored = Rows([five, one, new GaugeReading(Start.AddHours(40), 4, "standard-1x", 0)]);

        var changes = GaugeDeltas.Changes([new GaugeGap(Owner, Series, five, [two], one)]);
        var nextDay = new RollupDay(Owner, Series, "standard-1x", Start.AddDays(1));

        Assert.Null(GaugeDeltas.Apply(stored[nextDay], changes[nextDay]));
        Assert.Equal(new DayFigures((5m * 10 * 3600) + (2m * 4 * 3600), 5, 2), GaugeDeltas.Apply(stored[nextDay with { Day = Start }], changes[nextDay with { Day = Start }]));
    }

    private static List<GaugeGap> Gaps(List<GaugeReading> folded, IEnumerable<GaugeReading> arrivals)
    {
        var ordered = folded.Order().ToList();
        return arrivals
            .Select(a => (Arrival: a, Before: ordered.LastOrDefault(f => f.CompareTo(a) < 0), After: ordered.FirstOrDefault(f => f.CompareTo(a) > 0)))
            .GroupBy(x => (x.Before, x.After))
            .Select(g => new GaugeGap(Owner, Series, g.Key.Before == default ? null : g.Key.Before, [.. g.Select(x => x.Arrival)], g.Key.After == default ? null : g.Key.After))
            .ToList();
    }

    private static Dictionary<RollupDay, DayFigures> Rows(IEnumerable<GaugeReading> readings) =>
        ClosedStretches.ByDay(readings.Order().ToList(), DateTimeOffset.MinValue)
            .GroupBy(p => new RollupDay(Owner, Series, p.Variant, p.Day))
            .ToDictionary(g => g.Key, g => new DayFigures(g.Sum(p => p.Value * p.Seconds), g.Max(p => p.Value), g.Count()));

    /// <summary>Readings over four days: a third share an instant with another, a quarter are zero, two sizes.</summary>
    private static List<GaugeReading> RandomSeries(Random random, int count)
    {
        var readings = new List<GaugeReading>();
        for (var seq = 1; seq <= count; seq++)
        {
            var at = readings.Count > 0 && random.Next(3) == 0 ? readings[random.Next(readings.Count)].At : Start.AddSeconds(random.Next(4 * 86_400));
            readings.Add(new GaugeReading(at, seq, random.Next(3) == 0 ? "performance-l" : "standard-1x", random.Next(4) == 0 ? 0 : random.Next(1, 6)));
        }

        return readings;
    }
}
