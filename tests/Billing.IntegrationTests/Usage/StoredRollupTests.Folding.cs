using System.Net;
using Billing.BuildingBlocks.Auth;
using Billing.IntegrationTests.Infrastructure;
using Billing.Usage.Persistence;
using Billing.Usage.Rollups;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static Billing.IntegrationTests.Usage.UsageEvents;

namespace Billing.IntegrationTests.Usage;

/// <summary>
/// Gauge readings folded into the stored days from their neighbours (ADR 0049) give the days a rebuild from every event
/// gives: dense series, any arrival order, ties, passes that leave batches pending behind them.
/// </summary>
public sealed partial class StoredRollupTests
{
    [Theory]
    [InlineData(11, 1)]
    [InlineData(12, 3)]
    public async Task Dense_readings_in_any_order_are_folded_from_their_neighbours_as_a_rebuild_counts_them(int seed, int batchesPerPass)
    {
        var random = new Random(seed);
        var producer = Client((await IssueTokenAsync(Roles.UsageProducer)).Token);
        var from = Today.AddDays(-2);
        var instants = new List<DateTimeOffset>();
        var readings = new List<object>();
        for (var i = 0; i < 600; i++)
        {
            var at = i % 5 == 4 ? instants[random.Next(instants.Count)] : from.AddSeconds(random.Next(2 * 86_400));
            instants.Add(at);
            readings.Add(Formation($"d-{i}", at, i % 4 == 0 ? _otherApp : _app, _team, random.Next(4) == 0 ? 0 : random.Next(1, 9),
                i % 3 == 0 ? "worker" : "web", random.Next(4) == 0 ? "performance-l" : "standard-1x"));
        }

        // Passes run while batches commit, each claiming only a few batches: the rest stay pending behind it.
        var passes = new List<RollupPass>();
        using var stop = new CancellationTokenSource();
        var passing = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                passes.Add(await PassAsync(batchesPerPass));
            }
        });
        var shuffled = readings.OrderBy(_ => random.Next()).ToList();
        for (var sent = 0; sent < shuffled.Count;)
        {
            var size = random.Next(1, 40);
            Assert.Equal(HttpStatusCode.OK, (await producer.PostEventsAsync([.. shuffled.Skip(sent).Take(size)])).StatusCode);
            sent += size;
        }

        await stop.CancelAsync();
        await passing;
        while ((await PassAsync(batchesPerPass)) is { Batches: > 0 } pass)
        {
            passes.Add(pass);
        }

        Assert.DoesNotContain(passes, p => p.RecomputedAll);
        var folded = passes.Sum(p => p.Folded);
        Assert.True(folded > 400, $"{folded} of 600 readings folded; {passes.Sum(p => p.Recomputed)} series recomputed");
        await AssertStoredEqualRecomputedAsync();
    }

    /// <summary>
    /// A batch recorded without its gauge readings' positions (before ADR 0049, or by an instance not upgraded yet): while
    /// it is pending, nobody knows which readings the stored days count, so the pass recomputes every gauge series it
    /// claimed, leaving out the readings of batches still pending behind it; the next batches are folded again.
    /// </summary>
    [Fact]
    public async Task A_batch_pending_without_its_readings_positions_has_the_pass_recompute_its_gauge_series()
    {
        var producer = Client((await IssueTokenAsync(Roles.UsageProducer)).Token);
        Assert.Equal(HttpStatusCode.OK, (await producer.PostEventsAsync(
            Formation("a", Today.AddDays(-3).AddHours(1), _app, _team, 2), Formation("b", Today.AddDays(-2).AddHours(5), _app, _team, 4))).StatusCode);
        await Fixture.ExecuteAsync("UPDATE usage.pending_rollups SET gauge_seq = NULL");
        Assert.Equal(HttpStatusCode.OK, (await producer.PostEventsAsync(Formation("c", Today.AddDays(-3).AddHours(9), _app, _team, 1))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await producer.PostEventsAsync(Formation("d", Today.AddDays(-2).AddHours(1), _app, _team, 3))).StatusCode);

        var first = await PassAsync(batchesPerPass: 2);
        Assert.Equal((2, true), (first.Batches, first.RecomputedAll));
        var second = await PassAsync(batchesPerPass: 2);
        Assert.Equal((1, false, 1), (second.Batches, second.RecomputedAll, second.Folded));
        Assert.Equal((2m * 8 * 3600) + (1m * 16 * 3600) + (3m * 4 * 3600), await DynoSecondsAsync(new(Today.AddDays(-4), Today.AddDays(-2).AddHours(5))));
        await AssertStoredEqualRecomputedAsync();
    }

    private async Task<RollupPass> PassAsync(int batchesPerPass)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var rollups = new PendingRollups(scope.ServiceProvider.GetRequiredService<UsageDbContext>(), Options.Create(new UsageRollupOptions { BatchesPerPass = batchesPerPass }));
        return await rollups.ProcessAsync(CancellationToken.None);
    }
}
