using System.Net;
using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.BuildingBlocks.Auth;
using Billing.IntegrationTests.Infrastructure;
using Billing.Usage.Contracts;
using Microsoft.Extensions.DependencyInjection;
using static Billing.IntegrationTests.Usage.UsageEvents;

namespace Billing.IntegrationTests.Usage;

/// <summary>Gauges are rebuilt in occurrence order: arrival order changes nothing in the dyno-seconds Invoicing rates from.</summary>
public sealed class GaugeOrderTests(PostgresFixture fixture) : PostgresTest(fixture)
{
    [Fact]
    public async Task Out_of_order_formation_events_give_the_same_dyno_seconds_as_in_order_ones()
    {
        var random = new Random(20261128);
        var start = new DateTimeOffset(DateTimeOffset.UtcNow.AddDays(-20).UtcDateTime.Date, TimeSpan.Zero);
        var period = new BillingPeriod(start, start.AddDays(10));
        var offsets = Enumerable.Range(0, 400).Select(_ => random.Next(0, 9 * 86_400)).Distinct().Order().ToList();
        var readings = offsets.Select((o, i) => (At: start.AddSeconds(o), Type: i % 2 == 0 ? "web" : "worker", Size: i % 7 == 0 ? "performance-l" : "standard-1x", Quantity: random.Next(0, 6))).ToList();
        var inOrder = (Team: Guid.NewGuid(), App: Guid.NewGuid());
        var shuffled = (Team: Guid.NewGuid(), App: Guid.NewGuid());
        var producer = Client((await IssueTokenAsync(Roles.UsageProducer)).Token);

        foreach (var batch in readings.Select((r, i) => Formation($"in-{i}", r.At, inOrder.App, inOrder.Team, r.Quantity, r.Type, r.Size)).Chunk(100))
        {
            Assert.Equal(HttpStatusCode.OK, (await producer.PostEventsAsync(batch)).StatusCode);
        }

        foreach (var batch in readings.Select((r, i) => Formation($"out-{i}", r.At, shuffled.App, shuffled.Team, r.Quantity, r.Type, r.Size)).OrderBy(_ => random.Next()).Chunk(37))
        {
            Assert.Equal(HttpStatusCode.OK, (await producer.PostEventsAsync(batch)).StatusCode);
        }

        await using var scope = Factory.Services.CreateAsyncScope();
        var reader = scope.ServiceProvider.GetRequiredService<IUsageReader>();
        var expected = await DynoSecondsAsync(reader, BillableOwner.Team(inOrder.Team), period);
        var actual = await DynoSecondsAsync(reader, BillableOwner.Team(shuffled.Team), period);

        Assert.Equal(expected, actual);
        Assert.Equal(Independently(readings, period), expected);
    }

    private static async Task<Dictionary<(string, string), decimal>> DynoSecondsAsync(IUsageReader reader, BillableOwner owner, BillingPeriod period) =>
        (await reader.Segments(owner, period, CancellationToken.None))
            .Where(s => s.Metric == UsageMetrics.FormationQuantity)
            .GroupBy(s => (s.Subject, s.Variant))
            .ToDictionary(g => g.Key, g => g.Sum(s => s.Value * (decimal)(s.To - s.From).TotalSeconds));

    /// <summary>Second by second over the sorted readings: what each process type ran at every second.</summary>
    private static Dictionary<(string, string), decimal> Independently(List<(DateTimeOffset At, string Type, string Size, int Quantity)> readings, BillingPeriod period)
    {
        var totals = new Dictionary<(string, string), decimal>();
        foreach (var series in readings.GroupBy(r => r.Type))
        {
            var list = series.ToList();
            for (var i = 0; i < list.Count; i++)
            {
                var until = i + 1 < list.Count ? list[i + 1].At : period.End;
                var seconds = (decimal)(until - list[i].At).TotalSeconds;
                if (list[i].Quantity > 0)
                {
                    var key = (list[i].Type, list[i].Size);
                    totals[key] = totals.GetValueOrDefault(key) + (list[i].Quantity * seconds);
                }
            }
        }

        return totals;
    }
}
